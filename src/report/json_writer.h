#pragma once
// A small streaming JSON writer for reports: keys in the order written,
// two-space indentation, strings escaped.

#include <string>
#include <string_view>
#include <vector>

namespace plangate::report {

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  /// Starts a member of the current object; the next call writes its value.
  void Key(std::string_view key);
  void String(std::string_view s);
  void Bool(bool b);
  void Number(std::size_t n);
  void StringArray(const std::vector<std::string>& items);
  /// A value already written as JSON text (plan::Value::ToJson), on one line.
  void Raw(std::string_view json);

  /// A whole member: Key(key) then the value.
  void Field(std::string_view key, std::string_view s) { Key(key), String(s); }
  void Field(std::string_view key, const char* s) { Key(key), String(s); }
  void Field(std::string_view key, bool b) { Key(key), Bool(b); }
  void Field(std::string_view key, std::size_t n) { Key(key), Number(n); }
  void Field(std::string_view key, const std::vector<std::string>& items) { Key(key), StringArray(items); }

  /// The text written so far, with a final newline once the top value is closed.
  std::string Take();

 private:
  void BeforeValue();
  void Newline();

  std::string out_;
  // One entry per open container: whether it has members yet, and whether it is an object.
  std::vector<std::pair<bool, bool>> stack_;
  bool after_key_ = false;
};

}  // namespace plangate::report
