#include "policy/operators.h"

namespace plangate::policy {
namespace {

using plan::Value;

constexpr std::string_view kUnknown =
    "unknown: the result is `unknown`, naming what the value depends on";

}  // namespace

const std::vector<Operator>& Operators() {
  static const std::vector<Operator> table = {
      {"is_true", ArgumentKind::kNone, "the attribute is the boolean true", "true", kUnknown,
       "fails (an absent value is not true)",
       [](const Value& v, const Value&) { return v.is_true(); }},
      {"is_false", ArgumentKind::kNone, "the attribute is the boolean false", "false", kUnknown,
       "fails (an absent value is not false)",
       [](const Value& v, const Value&) { return v.is_bool() && !v.as_bool(); }},
      {"equals", ArgumentKind::kAny,
       "the attribute equals `value` (same JSON type; numbers compare by value)", "{value}",
       kUnknown,
       "passes only when `value` is null",
       [](const Value& v, const Value& arg) { return v == arg; }},
      {"not_equals", ArgumentKind::kAny, "the attribute differs from `value`",
       "anything but {value}", kUnknown,
       "passes unless `value` is null",
       [](const Value& v, const Value& arg) { return v != arg; }},
  };
  return table;
}

const Operator* FindOperator(std::string_view name) {
  for (const Operator& op : Operators()) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace plangate::policy
