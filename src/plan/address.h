#pragma once
// Terraform module addresses, parsed without ever splitting on dots:
// instance keys such as ["a.b"] or ["x \"y\""] may hold dots, quotes and unicode.

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace plangate::plan {

/// One step of a module instance address: `module.NAME[KEY]`.
struct ModuleStep {
  std::string name;
  /// The instance key as written between the brackets (`"a.b"` with its quotes, `1`,
  /// `*`); "" when the step has none.
  std::string key;
  bool operator==(const ModuleStep& o) const { return name == o.name && key == o.key; }
};

/// The steps of a `module_address`, instance keys kept:
/// `module.a["x.y"].module.b[1]` → {{"a", "\"x.y\""}, {"b", "1"}}; "" (root module) → {}.
/// Fails on text that is not a module address.
Result<std::vector<ModuleStep>> ModuleInstancePath(std::string_view module_address);

/// The module call names of a `module_address`, instance keys dropped:
/// `module.a["x.y"].module.b[1]` → {"a", "b"}; "" (root module) → {}.
/// Fails on text that is not a module address.
Result<std::vector<std::string>> ModuleCallPath(std::string_view module_address);

/// `module.a.module.b` for call names {"a", "b"}; "" for the root module.
std::string ModulePathText(const std::vector<std::string>& calls);

}  // namespace plangate::plan
