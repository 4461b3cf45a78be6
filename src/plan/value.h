#pragma once
// A JSON value as read from a plan: only the parts policies ask for are materialised.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plangate::plan {

/// What a message shows in place of a sensitive part of a value. Not JSON, so it
/// cannot be mistaken for a string the plan holds.
inline constexpr const char* kSensitivePart = "<sensitive>";

/// An immutable-by-convention JSON value. Numbers keep their source text, so values
/// beyond 64 bits survive unchanged; object members keep document order.
class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Members = std::vector<std::pair<std::string, Value>>;

  Value() = default;  ///< null
  static Value Bool(bool b);
  /// `text` is the number exactly as written in the JSON.
  static Value Number(std::string text);
  static Value String(std::string s);
  static Value Array(std::vector<Value> items);
  static Value Object(Members members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  /// True only for the JSON literal `true`.
  bool is_true() const { return kind_ == Kind::kBool && bool_; }

  // REQUIRES: is_bool()
  bool as_bool() const { return bool_; }
  // REQUIRES: is_string() or is_number() (the number's source text)
  const std::string& text() const { return text_; }
  // REQUIRES: is_array()
  const std::vector<Value>& items() const { return items_; }
  // REQUIRES: is_object()
  const Members& members() const { return members_; }

  /// The member named `key` of an object; nullptr when absent or not an object.
  const Value* Find(std::string_view key) const;
  /// Element `i` of an array; nullptr when out of range or not an array.
  const Value* At(std::size_t i) const;

  /// Compact JSON text of this value. Never call it on a value from a plan that
  /// may hold sensitive parts: use the overload below with its sensitivity mirror.
  std::string ToJson() const;
  /// Compact JSON text of this value with every part that `sensitive` marks written
  /// as kSensitivePart, at any depth; a marked object's keys are not written either.
  /// `sensitive` is Terraform's mirror of this value (`after_sensitive` and the
  /// like: `true` on a sensitive part, objects and arrays mirrored), or null.
  std::string ToJson(const Value* sensitive) const;
  /// For a sensitivity mirror: whether it marks any part (a `true` at any depth).
  bool MarksAny() const;

  /// Structural equality; numbers compare by numeric value (1 == 1.0).
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<Value> items_;
  Members members_;
};

/// Writes `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace plangate::plan
