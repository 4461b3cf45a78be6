#pragma once
// The operator table: one source for evaluation, `plangate policies operators`, and
// the policy schema's documentation (a test keeps the schema's list equal to it).

#include <string_view>
#include <vector>

#include "plan/value.h"

namespace re2 {
class RE2;
}

namespace plangate::policy {

/// What an operator takes after the attribute.
enum class ArgumentKind {
  kNone,    ///< `operator: is_true`
  kAny,     ///< any JSON value
  kList,    ///< a list of values (`in`, `not_in`)
  kNumber,  ///< a number (comparisons, lengths)
  kString,  ///< a string (`starts_with`, `ends_with`)
  kRegex,   ///< an RE2 pattern, compiled once (`matches`)
};

/// "nothing", "any value", "a list", "a number", "a string", "a regular expression".
const char* ArgumentKindName(ArgumentKind k);

/// An operator and its documented semantics for every resolution state.
struct Operator {
  std::string_view name;
  ArgumentKind argument;
  std::string_view description;
  /// How a failure message states what was expected; `{value}` stands for the argument.
  std::string_view expected;
  /// Tests presence rather than the value: the policy's defaults do not apply.
  bool presence;
  /// The result when the attribute is absent and the policy gives no default.
  bool absent_holds;
  /// Whether the known, non-null `actual` satisfies the operator.
  bool (*holds)(const plan::Value& actual, const plan::Value& argument, const re2::RE2* regex);
};

/// What every operator does with a value known only after apply.
inline constexpr std::string_view kOnUnknown =
    "unknown: the result is decided by the policy's on_unknown (default: reported as unknown)";

/// Every operator, in the order they are documented.
const std::vector<Operator>& Operators();

/// The operator named `name`, or nullptr.
const Operator* FindOperator(std::string_view name);

}  // namespace plangate::policy
