#pragma once
// Policy sources → an immutable PolicySet, through a fixed list of named passes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/policy.h"
#include "policy/yaml_ast.h"

namespace plangate::policy {

/// One policy file's text and the name diagnostics use for it.
struct PolicySource {
  std::string name;
  std::string text;
  /// The text's document when it is parsed already (the built-in policies, parsed
  /// at build time): the text is then not parsed again.
  std::optional<YamlNode> document = std::nullopt;
};

/// A parameter value set from outside the policy (`--param`, a config file).
struct ParamOverride {
  std::string policy;  ///< Id or alias.
  std::string name;
  plan::Value value;
  std::string origin;  ///< For diagnostics: `--param x.y=z` or `config.yaml:3:5`.
};

/// What to compile and which policies end up in the set.
struct CompileOptions {
  /// Only these ids or aliases (disabled ones included when named). Empty: every
  /// enabled policy. Default: empty.
  std::vector<std::string> select;
  /// Ids or aliases left out. Default: empty.
  std::vector<std::string> skip;
  std::vector<ParamOverride> params;
  /// Keep disabled policies too (`policies list`, `validate`). Default: false.
  bool include_disabled = false;
};

/// The pass names, in the order they run.
const std::vector<std::string_view>& CompilePasses();

/// The most errors one compilation reports (OPA's compiler stops at 10 too).
inline constexpr std::size_t kMaxCompileErrors = 10;

/// Runs the passes in order over every source. A pass reports every error it
/// finds (independent mistakes each get their own), and a pass with errors is the
/// last to run: a later pass never sees a tree an earlier one found broken, and a
/// partial policy set is never returned.
///
/// The error: one alone is itself (`file:line:col: what; hint`). Several make one
/// Error whose message is a first line `N errors:` (or, when there were more than
/// kMaxCompileErrors, `too many errors; the first 10:`), then one error a line, in
/// source order (errors from flags or a config file after those in policy files).
/// Its kind is the first error's.
Result<PolicySet> Compile(const std::vector<PolicySource>& sources, const CompileOptions& options);

}  // namespace plangate::policy
