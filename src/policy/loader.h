#pragma once
// Where policies come from: the built-in set, files and folders, a config file,
// and command-line selections and parameters. Then the compiler builds the set.

#include <string>
#include <vector>

#include "base/error.h"
#include "policy/compiler.h"
#include "policy/policy.h"

namespace plangate::policy {

/// The most policy files one run loads (one policy a file), built-in ones included.
/// Results grow with policies × resources: past this, memory would not stay bounded.
inline constexpr std::size_t kMaxPolicies = 10000;

/// Where policies come from and which run.
struct LoadOptions {
  /// Load the policies compiled into the binary. Default: true.
  bool builtin = true;
  /// Extra policy files or folders (a folder's *.yaml and *.yml files, in name order).
  std::vector<std::string> paths;
  /// `--policy`: only these ids or aliases run (disabled ones included). Default: every enabled policy.
  std::vector<std::string> select;
  /// `--skip-policy`: ids or aliases that do not run.
  std::vector<std::string> skip;
  /// `--param ID.NAME=VALUE`, as given; VALUE is read as a YAML scalar (30, true, "x").
  std::vector<std::string> params;
  /// Parameter values already typed (policy test cases); applied after `params`.
  std::vector<ParamOverride> param_values;
  /// A config file (YAML: policies, skip_policies, params); "" for none.
  std::string config;
  /// Keep disabled policies (`policies list`). Default: false.
  bool include_disabled = false;
  /// The most policy files loaded. Default: kMaxPolicies.
  std::size_t max_policies = kMaxPolicies;
};

/// Reads every source, applies the config file and flags (flags add to the config
/// file's lists; a flag's parameter value wins), and compiles. Any error fails the
/// whole load: a partial policy set is never returned.
Result<PolicySet> LoadPolicySet(const LoadOptions& options);

/// Compiles one policy text on its own, disabled policies included (tests, tools).
Result<PolicySet> CompileText(const std::string& source, const std::string& text);

/// Parses `ID.NAME=VALUE`.
Result<ParamOverride> ParseParamFlag(const std::string& flag);

}  // namespace plangate::policy
