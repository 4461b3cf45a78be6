#pragma once
// The configuration behind an attribute, step by step: each reference of its
// expression, followed through module inputs, module outputs and for_each to the
// resources it names, keeping every step on the way (what `plangate explain` shows).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "resolve/attr_path.h"
#include "resolve/references.h"
#include "resolve/resolver.h"

namespace plangate::explain {

/// One reference, and what it was followed to.
struct TraceStep {
  resolve::Hop::Kind kind = resolve::Hop::Kind::kOpaque;
  std::string reference;  ///< As written in the configuration (`var.pitr`).
  std::string module;     ///< The module instance it is written in (`module.app`); "" for the root.
  /// kInput, kUnsetInput: the input's name; kOutput: the output's ("" for the whole module).
  std::string name;
  /// kInput, kUnsetInput, kOutput: the module instance whose input or output it is;
  /// kEach: what the for_each belongs to (`module.store`, `aws_dynamodb_table.t`);
  /// kTarget: the resource instance it names (`aws_ssm_parameter.flag`). "" otherwise.
  std::string of;
  std::vector<TraceStep> from;  ///< The references of the expression it stands for.
  /// Steps left out here: the trace stops at kMaxTraceSteps, and past kMaxTraceDepth hops.
  bool cut = false;
};

/// The most steps one attribute's trace holds (a module's every output can fan out).
inline constexpr std::size_t kMaxTraceSteps = 200;
/// The most hops followed from the attribute: a cycle goes no further.
inline constexpr int kMaxTraceDepth = 64;

/// The name a step's kind has in `plangate explain --format json`: resource,
/// module_input, module_output, each, unset_input, root_variable, no_object, local, opaque.
const char* StepKindName(resolve::Hop::Kind kind);

/// Each reference of the expression at `path` of `r`'s configuration (resolve::ExpressionAt),
/// followed step by step (resolve::Follow). Empty when the configuration does not set it
/// or `r` has none.
std::vector<TraceStep> TraceOf(const resolve::ResolvedResource& r, const resolve::AttrPath& path);

}  // namespace plangate::explain
