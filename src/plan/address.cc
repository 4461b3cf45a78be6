#include "plan/address.h"

namespace plangate::plan {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

Error Bad(std::string_view address, std::size_t pos, const char* expected) {
  return Error::Input("module address \"" + std::string(address) + "\"",
                      "offset " + std::to_string(pos), std::string("expected ") + expected);
}

}  // namespace

Result<std::vector<ModuleStep>> ModuleInstancePath(std::string_view a) {
  std::vector<ModuleStep> calls;
  std::size_t i = 0;
  constexpr std::string_view kPrefix = "module.";
  while (i < a.size()) {
    if (!calls.empty()) {
      if (a[i] != '.') return Bad(a, i, "'.' between module steps");
      ++i;
    }
    if (a.substr(i, kPrefix.size()) != kPrefix) return Bad(a, i, "'module.'");
    i += kPrefix.size();
    std::size_t start = i;
    while (i < a.size() && IsNameChar(a[i])) ++i;
    if (i == start) return Bad(a, i, "a module name");
    calls.push_back({std::string(a.substr(start, i - start)), ""});
    if (i < a.size() && a[i] == '[') {
      std::size_t open = ++i;
      if (i < a.size() && a[i] == '"') {
        // A quoted for_each key: skip to the closing quote, honouring backslash escapes.
        ++i;
        while (i < a.size() && a[i] != '"') i += (a[i] == '\\') ? 2 : 1;
        if (i >= a.size()) return Bad(a, a.size(), "a closing '\"' in the instance key");
        ++i;
      } else {
        std::size_t key_start = i;
        while (i < a.size() && ((a[i] >= '0' && a[i] <= '9') || a[i] == '*')) ++i;
        if (i == key_start) return Bad(a, i, "a number, '*' or a quoted key");
      }
      if (i >= a.size() || a[i] != ']') return Bad(a, i, "']'");
      calls.back().key.assign(a.substr(open, i - open));
      ++i;
    }
  }
  return calls;
}

Result<std::vector<std::string>> ModuleCallPath(std::string_view a) {
  Result<std::vector<ModuleStep>> steps = ModuleInstancePath(a);
  if (!steps) return steps.error();
  std::vector<std::string> calls;
  for (ModuleStep& s : steps.value()) calls.push_back(std::move(s.name));
  return calls;
}

std::string ModulePathText(const std::vector<std::string>& calls) {
  std::string out;
  for (const std::string& c : calls) {
    if (!out.empty()) out += '.';
    out += "module." + c;
  }
  return out;
}

}  // namespace plangate::plan
