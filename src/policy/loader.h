#pragma once
// YAML → policies. yaml-cpp lives here only.

#include <string>
#include <vector>

#include "base/error.h"
#include "policy/policy.h"

namespace plangate::policy {

/// Parses and checks the policies in one YAML text (one policy mapping, or a
/// list of them). `source` names the file in diagnostics (`file:line:col: ...`).
Result<std::vector<Policy>> ParsePolicies(const std::string& source, const std::string& text);

/// Where policies come from.
struct LoadOptions {
  /// Load the policies compiled into the binary. Default: true.
  bool builtin = true;
  /// Extra policy files or folders (a folder's *.yaml and *.yml files, in name order).
  std::vector<std::string> paths;
};

/// Loads every policy and checks ids are unique across files. Any error fails the
/// whole load: a partial policy set is never returned.
Result<PolicySet> LoadPolicySet(const LoadOptions& options);

}  // namespace plangate::policy
