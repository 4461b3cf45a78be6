// libFuzzer, differential: plangate's reader, both ways it parses, against a strict
// reference (simdjson's DOM parser and a duplicate-key check) on the same bytes, with
// the attributes the built-in policies read. The rules, and what counts as agreeing,
// are in strict_reference.h. A disagreement prints its class and where, then aborts.
//
// PLANGATE_STRICT_IGNORE, for exploring only: classes to pass over, as text their
// first line contains, separated by '|' (e.g. "duplicate key|parsing a number").

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/strict_reference.h"

using namespace plangate;

namespace {

std::vector<std::string> IgnoredClasses() {
  std::vector<std::string> out;
  const char* env = std::getenv("PLANGATE_STRICT_IGNORE");
  std::string_view list = env == nullptr ? "" : env;
  while (!list.empty()) {
    std::size_t bar = std::min(list.find('|'), list.size());
    if (bar > 0) out.emplace_back(list.substr(0, bar));
    list.remove_prefix(std::min(bar + 1, list.size()));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static testing::strict::Reference reference;
  static const std::vector<std::string> ignored = IgnoredClasses();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string disagreement = testing::strict::Disagreement(reference, bytes, testing::strict::BuiltinAttributes());
  if (disagreement.empty()) return 0;
  std::string_view first_line = std::string_view(disagreement).substr(0, disagreement.find('\n'));
  for (const std::string& pass_over : ignored) {
    if (first_line.find(pass_over) != std::string_view::npos) return 0;
  }
  std::fprintf(stderr, "fuzz_strict: plangate and the strict reference disagree: %s\n", disagreement.c_str());
  std::abort();
}
