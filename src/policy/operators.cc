#include "policy/operators.h"

#include <re2/re2.h>

#include <cstdlib>

namespace plangate::policy {
namespace {

using plan::Value;

bool Number(const Value& v, long double& out) {
  if (!v.is_number()) return false;
  out = std::strtold(v.text().data(), nullptr);
  return true;
}

// Compares two numbers; false when either is not a number.
template <typename Cmp>
bool CompareNumbers(const Value& a, const Value& b, Cmp cmp) {
  long double x = 0, y = 0;
  return Number(a, x) && Number(b, y) && cmp(x, y);
}

// Length of a string (in code points), a list or an object; -1 for anything else.
long long Length(const Value& v) {
  if (v.is_string()) {
    long long n = 0;
    for (unsigned char c : v.text()) n += (c & 0xC0) != 0x80;
    return n;
  }
  if (v.is_array()) return static_cast<long long>(v.items().size());
  if (v.is_object()) return static_cast<long long>(v.members().size());
  return -1;
}

template <typename Cmp>
bool CompareLength(const Value& v, const Value& arg, Cmp cmp) {
  long long n = Length(v);
  long double want = 0;
  return n >= 0 && Number(arg, want) && cmp(static_cast<long double>(n), want);
}

bool In(const Value& v, const Value& list) {
  if (!list.is_array()) return false;
  for (const Value& item : list.items()) {
    if (item == v) return true;
  }
  return false;
}

bool Contains(const Value& v, const Value& arg) {
  if (v.is_string()) return arg.is_string() && v.text().find(arg.text()) != std::string::npos;
  if (v.is_array()) return In(arg, v);
  if (v.is_object()) return arg.is_string() && v.Find(arg.text()) != nullptr;
  return false;
}

bool StartsWith(const Value& v, const Value& arg) {
  return v.is_string() && arg.is_string() && v.text().compare(0, arg.text().size(), arg.text()) == 0;
}

bool EndsWith(const Value& v, const Value& arg) {
  return v.is_string() && arg.is_string() && v.text().size() >= arg.text().size() &&
         v.text().compare(v.text().size() - arg.text().size(), arg.text().size(), arg.text()) == 0;
}

}  // namespace

const char* ArgumentKindName(ArgumentKind k) {
  switch (k) {
    case ArgumentKind::kNone: return "nothing";
    case ArgumentKind::kAny: return "any value";
    case ArgumentKind::kList: return "a list";
    case ArgumentKind::kNumber: return "a number";
    case ArgumentKind::kString: return "a string";
    case ArgumentKind::kRegex: return "a regular expression (a string)";
  }
  return "a value";
}

const std::vector<Operator>& Operators() {
  using K = ArgumentKind;
  static const std::vector<Operator> table = {
      {"equals", K::kAny, "equals `value` (same JSON type; numbers compare by value)", "{value}",
       false, false, [](const Value& v, const Value& a, const re2::RE2*) { return v == a; }},
      {"not_equals", K::kAny, "differs from `value`", "anything but {value}", false, true,
       [](const Value& v, const Value& a, const re2::RE2*) { return v != a; }},
      {"in", K::kList, "equals one of the list `value`", "one of {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) { return In(v, a); }},
      {"not_in", K::kList, "equals none of the list `value`", "none of {value}", false, true,
       [](const Value& v, const Value& a, const re2::RE2*) { return !In(v, a); }},
      {"exists", K::kNone, "is set and not null (defaults do not count)", "a value", true, false,
       [](const Value&, const Value&, const re2::RE2*) { return true; }},
      {"absent", K::kNone, "is not set, or null (defaults do not count)", "no value", true, true,
       [](const Value&, const Value&, const re2::RE2*) { return false; }},
      {"is_true", K::kNone, "is the boolean true", "true", false, false,
       [](const Value& v, const Value&, const re2::RE2*) { return v.is_true(); }},
      {"is_false", K::kNone, "is the boolean false", "false", false, false,
       [](const Value& v, const Value&, const re2::RE2*) { return v.is_bool() && !v.as_bool(); }},
      {"greater_than", K::kNumber, "is a number greater than `value`", "a number greater than {value}",
       false, false, [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareNumbers(v, a, [](long double x, long double y) { return x > y; });
       }},
      {"greater_or_equal", K::kNumber, "is a number greater than or equal to `value`",
       "a number of at least {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareNumbers(v, a, [](long double x, long double y) { return x >= y; });
       }},
      {"less_than", K::kNumber, "is a number less than `value`", "a number less than {value}",
       false, false, [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareNumbers(v, a, [](long double x, long double y) { return x < y; });
       }},
      {"less_or_equal", K::kNumber, "is a number less than or equal to `value`",
       "a number of at most {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareNumbers(v, a, [](long double x, long double y) { return x <= y; });
       }},
      {"matches", K::kRegex,
       "is a string in which the RE2 pattern `value` matches (anchor with ^ and $ for the whole "
       "string; linear time)",
       "a string matching {value}", false, false,
       [](const Value& v, const Value&, const re2::RE2* re) {
         if (!v.is_string() || re == nullptr) return false;
         // Pointer and size: RE2 2024 takes an absl::string_view, which Debian's abseil
         // keeps apart from std::string_view.
         const std::string_view text = v.text();
         return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
       }},
      {"contains", K::kAny,
       "contains `value`: a substring of a string, an element of a list, a key of an object",
       "a value containing {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) { return Contains(v, a); }},
      {"starts_with", K::kString, "is a string starting with `value`", "a string starting with {value}",
       false, false, [](const Value& v, const Value& a, const re2::RE2*) { return StartsWith(v, a); }},
      {"ends_with", K::kString, "is a string ending with `value`", "a string ending with {value}",
       false, false, [](const Value& v, const Value& a, const re2::RE2*) { return EndsWith(v, a); }},
      {"length_equals", K::kNumber,
       "has `value` elements (a list), members (an object) or characters (a string)",
       "a length of {value}", false, false, [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareLength(v, a, [](long double x, long double y) { return x == y; });
       }},
      {"length_greater_than", K::kNumber, "is longer than `value` (elements, members or characters)",
       "a length greater than {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareLength(v, a, [](long double x, long double y) { return x > y; });
       }},
      {"length_less_than", K::kNumber, "is shorter than `value` (elements, members or characters)",
       "a length less than {value}", false, false,
       [](const Value& v, const Value& a, const re2::RE2*) {
         return CompareLength(v, a, [](long double x, long double y) { return x < y; });
       }},
      {"is_empty", K::kNone, "is an empty string, list or object", "an empty value", false, true,
       [](const Value& v, const Value&, const re2::RE2*) { return Length(v) == 0; }},
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
