#include "report/json_writer.h"

#include "plan/value.h"

namespace plangate::report {

void JsonWriter::Newline() {
  out_ += '\n';
  out_.append(stack_.size() * 2, ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!stack_.empty()) {
    if (stack_.back().first) out_ += ',';
    stack_.back().first = true;
    Newline();
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  stack_.push_back({false, true});
}

void JsonWriter::EndObject() {
  bool had_members = stack_.back().first;
  stack_.pop_back();
  if (had_members) Newline();
  out_ += '}';
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  stack_.push_back({false, false});
}

void JsonWriter::EndArray() {
  bool had_items = stack_.back().first;
  stack_.pop_back();
  if (had_items) Newline();
  out_ += ']';
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  plan::AppendJsonString(out_, key);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  plan::AppendJsonString(out_, s);
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
}

void JsonWriter::Number(std::size_t n) {
  BeforeValue();
  out_ += std::to_string(n);
}

void JsonWriter::StringArray(const std::vector<std::string>& items) {
  // Short string lists stay on one line: `["delete", "create"]`.
  BeforeValue();
  out_ += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out_ += ", ";
    plan::AppendJsonString(out_, items[i]);
  }
  out_ += ']';
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
}

std::string JsonWriter::Take() {
  if (stack_.empty()) out_ += '\n';
  return std::move(out_);
}

}  // namespace plangate::report
