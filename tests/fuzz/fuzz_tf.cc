// libFuzzer: arbitrary bytes as a .tf file (and as a .tf.json file), and each
// plangate: comment found in it as an inline waiver.

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/file.h"
#include "plan/json_tree.h"
#include "policy/loader.h"
#include "policy/waivers.h"
#include "source/tf_scan.h"

using namespace plangate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const policy::PolicySet set = [] {
    policy::LoadOptions o;
    o.include_disabled = true;
    return policy::LoadPolicySet(o).value();
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  Result<source::FileOutline> outline = source::ScanTf("main.tf", text);
  if (outline) {
    for (const source::ResourceBlock& block : outline.value().resources) {
      for (const source::Directive& d : block.directives) {
        (void)policy::ParseInlineWaiver(d.text, {"main.tf", static_cast<int>(d.at.line), static_cast<int>(d.at.column)},
                                        block.type + "." + block.name, "main.tf", block.at.line, set);
      }
    }
  }
  InputBuffer bytes = InputBuffer::FromString(text);
  Result<plan::JsonTree> tree = plan::ReadJsonTree("main.tf.json", bytes);
  if (tree) (void)source::ScanTfJson("main.tf.json", text, tree.value());
  return 0;
}
