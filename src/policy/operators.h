#pragma once
// The operator table: one source for evaluation, `--help` text and schema docs.

#include <string_view>
#include <vector>

#include "plan/value.h"

namespace plangate::policy {

/// What an operator takes after the attribute.
enum class ArgumentKind {
  kNone,  ///< `operator: is_true`
  kAny,   ///< `operator: equals` with `value: ...` (any JSON value)
};

/// An operator and its documented semantics for every resolution state.
struct Operator {
  std::string_view name;
  ArgumentKind argument;
  std::string_view description;
  /// How a failure message states what was expected; `{value}` stands for the argument.
  std::string_view expected;
  /// What the result is when the attribute is known only after apply.
  std::string_view on_unknown;
  /// What the result is when the attribute is absent and the policy has no default.
  std::string_view on_absent;
  /// Whether `actual` satisfies the operator. `actual` is null for an absent value.
  bool (*holds)(const plan::Value& actual, const plan::Value& argument);
};

/// Every operator, in the order they are documented.
const std::vector<Operator>& Operators();

/// The operator named `name`, or nullptr.
const Operator* FindOperator(std::string_view name);

}  // namespace plangate::policy
