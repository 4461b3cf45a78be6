#pragma once
// Terraform module addresses, parsed without ever splitting on dots:
// instance keys such as ["a.b"] or ["x \"y\""] may hold dots, quotes and unicode.

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace plangate::plan {

/// The module call names of a `module_address`, instance keys dropped:
/// `module.a["x.y"].module.b[1]` → {"a", "b"}; "" (root module) → {}.
/// Fails on text that is not a module address.
Result<std::vector<std::string>> ModuleCallPath(std::string_view module_address);

/// `module.a.module.b` for call names {"a", "b"}; "" for the root module.
std::string ModulePathText(const std::vector<std::string>& calls);

}  // namespace plangate::plan
