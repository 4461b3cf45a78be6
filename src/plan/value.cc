#include "plan/value.h"

#include <algorithm>

#include <cstdio>
#include <cstdlib>

namespace plangate::plan {

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Number(std::string text) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.text_ = std::move(text);
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::Array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.items_ = std::move(items);
  return v;
}

Value Value::Object(Members members) {
  Value v;
  v.kind_ = Kind::kObject;
  v.members_ = std::move(members);
  return v;
}

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const auto& [k, v] : members_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const Value* Value::At(std::size_t i) const {
  if (kind_ != Kind::kArray || i >= items_.size()) return nullptr;
  return &items_[i];
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

namespace {
// `mirror`: the part of a sensitivity mirror that covers `v`, or null (nothing marked).
void Append(std::string& out, const Value& v, const Value* mirror) {
  if (mirror != nullptr && mirror->is_true()) {
    out += kSensitivePart;  // what it holds, keys included, is never written
    return;
  }
  auto child = [&](auto&& pick) -> const Value* { return mirror == nullptr ? nullptr : pick(*mirror); };
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; break;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::kNumber: out += v.text(); break;
    case Value::Kind::kString: AppendJsonString(out, v.text()); break;
    case Value::Kind::kArray: {
      out += '[';
      for (std::size_t i = 0; i < v.items().size(); ++i) {
        if (i > 0) out += ',';
        Append(out, v.items()[i], child([i](const Value& m) { return m.At(i); }));
      }
      out += ']';
      break;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [k, item] : v.members()) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, k);
        out += ':';
        Append(out, item, child([&k = k](const Value& m) { return m.Find(k); }));
      }
      out += '}';
      break;
    }
  }
}
}  // namespace

std::string Value::ToJson(const Value* sensitive) const {
  std::string out;
  Append(out, *this, sensitive);
  return out;
}

std::string Value::ToJson() const { return ToJson(nullptr); }

bool Value::MarksAny() const {
  switch (kind_) {
    case Kind::kBool: return bool_;
    case Kind::kArray:
      return std::any_of(items_.begin(), items_.end(), [](const Value& v) { return v.MarksAny(); });
    case Kind::kObject:
      return std::any_of(members_.begin(), members_.end(), [](const auto& m) { return m.second.MarksAny(); });
    default: return false;
  }
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kBool: return a.bool_ == b.bool_;
    case Value::Kind::kNumber:
      // Same text is equal even beyond double precision; otherwise compare numerically.
      return a.text_ == b.text_ || std::strtold(a.text_.c_str(), nullptr) ==
                                       std::strtold(b.text_.c_str(), nullptr);
    case Value::Kind::kString: return a.text_ == b.text_;
    case Value::Kind::kArray: return a.items_ == b.items_;
    case Value::Kind::kObject: {
      if (a.members_.size() != b.members_.size()) return false;
      for (const auto& [k, v] : a.members_) {
        const Value* other = b.Find(k);
        if (other == nullptr || !(*other == v)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace plangate::plan
