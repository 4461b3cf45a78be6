// libFuzzer: attribute paths, module addresses and waiver globs.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plan/address.h"
#include "policy/waivers.h"
#include "resolve/attr_path.h"

using namespace plangate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<resolve::AttrPath> path = resolve::AttrPath::Parse(text);
  if (path) {
    // Canonical text parses back to the same path.
    Result<resolve::AttrPath> again = resolve::AttrPath::Parse(path.value().text());
    if (!again || again.value().text() != path.value().text()) __builtin_trap();
    std::size_t each = path.value().FirstEach();
    if (each != std::string::npos) (void)path.value().WithIndex(each, 3).Head(each);
  }
  (void)plan::ModuleCallPath(text);
  std::size_t half = size / 2;
  (void)policy::GlobMatch(text.substr(0, half), text.substr(half));
  return 0;
}
