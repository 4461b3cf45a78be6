#include "plan/value.h"

#include <algorithm>
#include <memory>
#include <new>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace plangate::plan {

namespace {
// An uninitialised block of n nodes (null when n is 0); the caller constructs them.
Value* AllocateNodes(std::size_t n) {
  return n == 0 ? nullptr : static_cast<Value*>(::operator new(n * sizeof(Value)));
}
}  // namespace

Value::Value(const Value& other) : node_{} {
  if (!other.OwnsBlock()) {
    std::memcpy(node_, other.node_, sizeof node_);
    return;
  }
  void* block = nullptr;
  if (other.is_array() || other.is_object()) {
    const std::size_t n = other.BlockNodes();
    Value* nodes = AllocateNodes(n);
    try {
      std::uninitialized_copy_n(other.Block<Value>(), n, nodes);
    } catch (...) {
      ::operator delete(nodes);
      throw;
    }
    block = nodes;
  } else {
    const std::size_t n = std::size_t{other.Size()} + 1;  // with its NUL
    block = std::memcpy(new char[n], other.Block<char>(), n);
  }
  std::memcpy(node_, other.node_, 8);  // kind, the heap mark, the size
  std::memcpy(node_ + 8, &block, sizeof block);
}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    Release();
    Steal(other);
  }
  return *this;
}

void Value::Release() noexcept {
  if (!OwnsBlock()) return;
  if (is_array() || is_object()) {
    Value* nodes = Block<Value>();
    std::destroy_n(nodes, BlockNodes());
    ::operator delete(nodes);
  } else {
    delete[] Block<char>();
  }
  std::memset(node_, 0, sizeof node_);
}

Value Value::Bool(bool b) {
  Value v;
  v.node_[0] = static_cast<unsigned char>(Kind::kBool);
  v.node_[1] = b ? 1 : 0;
  return v;
}

Value Value::Text(Kind kind, std::string_view s) {
  Value v;
  if (s.size() <= kInlineText) {
    v.node_[0] = static_cast<unsigned char>(kind);
    v.node_[1] = static_cast<unsigned char>(s.size());
    if (!s.empty()) std::memcpy(v.node_ + 2, s.data(), s.size());  // the NUL is already there
    return v;
  }
  char* chars = new char[s.size() + 1];
  std::memcpy(chars, s.data(), s.size());
  chars[s.size()] = '\0';
  v.SetBlock(kind, static_cast<std::uint32_t>(s.size()), chars);
  v.node_[1] = kOnHeap;
  return v;
}

Value Value::Number(std::string_view text) { return Text(Kind::kNumber, text); }

Value Value::String(std::string_view s) { return Text(Kind::kString, s); }

Value Value::Array(std::vector<Value> items) {
  Value* nodes = AllocateNodes(items.size());
  std::uninitialized_move(items.begin(), items.end(), nodes);
  Value v;
  v.SetBlock(Kind::kArray, static_cast<std::uint32_t>(items.size()), nodes);
  return v;
}

Value Value::Object(Members members) {
  Value v;
  Value* nodes = AllocateNodes(2 * members.size());
  // The count grows with each member built, so if a key's allocation throws, v
  // releases exactly what was built.
  v.SetBlock(Kind::kObject, 0, nodes);
  for (std::size_t i = 0; i < members.size(); ++i) {
    new (&nodes[2 * i]) Value(String(members[i].first));
    new (&nodes[2 * i + 1]) Value(std::move(members[i].second));
    v.SetBlock(Kind::kObject, static_cast<std::uint32_t>(i + 1), nodes);
  }
  return v;
}

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Value* nodes = Block<Value>();
  for (std::size_t i = 0, n = BlockNodes(); i < n; i += 2) {
    if (nodes[i].text() == key) return &nodes[i + 1];
  }
  return nullptr;
}

const Value* Value::At(std::size_t i) const {
  if (!is_array() || i >= Size()) return nullptr;
  return &Block<Value>()[i];
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
  switch (kind()) {
    case Kind::kBool: return as_bool();
    case Kind::kArray: {
      Items all = items();
      return std::any_of(all.begin(), all.end(), [](const Value& v) { return v.MarksAny(); });
    }
    case Kind::kObject:
      for (const auto& [key, value] : members()) {
        if (value.MarksAny()) return true;
      }
      return false;
    default: return false;
  }
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kBool: return a.as_bool() == b.as_bool();
    case Value::Kind::kNumber:
      // Same text is equal even beyond double precision; otherwise compare numerically.
      return a.text() == b.text() ||
             std::strtold(a.text().data(), nullptr) == std::strtold(b.text().data(), nullptr);
    case Value::Kind::kString: return a.text() == b.text();
    case Value::Kind::kArray: {
      Value::Items x = a.items(), y = b.items();
      return std::equal(x.begin(), x.end(), y.begin(), y.end());
    }
    case Value::Kind::kObject: {
      if (a.members().size() != b.members().size()) return false;
      for (const auto& [k, v] : a.members()) {
        const Value* other = b.Find(k);
        if (other == nullptr || !(*other == v)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace plangate::plan
