#include "plan/json_tree.h"

#include <algorithm>
#include <set>

#include <simdjson.h>

#include "base/lines.h"

namespace plangate::plan {
namespace {

namespace od = simdjson::ondemand;

class TreeReader {
 public:
  TreeReader(const std::string& source, const InputBuffer& bytes) : source_(source), bytes_(bytes) {}

  Result<JsonTree> Read() {
    od::parser parser;
    od::document doc;
    if (auto e = parser.iterate(bytes_.data(), bytes_.size(), bytes_.size() + kInputPadding).get(doc)) {
      return Fail(0, e);
    }
    od::value root;
    if (auto e = doc.get_value().get(root)) return Fail(Here(doc), e);
    JsonTree tree;
    if (Status st = ReadValue(root, 0, tree); !st) return st.error();
    const char* at = nullptr;
    if (doc.current_location().get(at) == simdjson::SUCCESS) {
      return At(static_cast<std::size_t>(at - bytes_.data()), "unexpected content after the JSON document");
    }
    return tree;
  }

 private:
  std::size_t Here(od::document& doc) {
    const char* at = nullptr;
    return doc.current_location().get(at) == simdjson::SUCCESS ? static_cast<std::size_t>(at - bytes_.data()) : 0;
  }

  Error At(std::size_t offset, const std::string& what) {
    return Error::Input(FileAt(source_, LineCounter(bytes_.view()).PositionAt(offset)), "", what,
                        "fix the file so that it is valid JSON");
  }

  Error Fail(std::size_t offset, simdjson::error_code e) {
    std::string m = simdjson::error_message(e);
    while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
    return At(offset, "not valid JSON: " + m);
  }

  std::size_t OffsetOf(od::value& v) {
    std::string_view raw = v.raw_json_token();
    return static_cast<std::size_t>(raw.data() - bytes_.data());
  }

  Status ReadValue(od::value v, int depth, JsonTree& out) {
    out.offset = OffsetOf(v);
    if (depth > kMaxTreeDepth) return At(out.offset, "JSON nested deeper than " + std::to_string(kMaxTreeDepth) + " levels");
    od::json_type type;
    if (auto e = v.type().get(type)) return Fail(out.offset, e);
    switch (type) {
      case od::json_type::object: {
        out.kind = JsonTree::Kind::kObject;
        od::object obj;
        if (auto e = v.get_object().get(obj)) return Fail(out.offset, e);
        std::set<std::string_view> keys;  // decoded into the parser's buffer, alive while it is
        for (auto field : obj) {
          od::raw_json_string raw;
          if (auto e = field.key().get(raw)) return Fail(out.offset, e);
          std::size_t key_offset = static_cast<std::size_t>(raw.raw() - 1 - bytes_.data());
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return Fail(key_offset, e);
          if (!keys.insert(key).second) {
            return At(key_offset, "the key \"" + std::string(key) + "\" is written twice in one object");
          }
          out.members.push_back({std::string(key), key_offset, {}});
          od::value fv;
          if (auto e = field.value().get(fv)) return Fail(key_offset, e);
          if (Status st = ReadValue(fv, depth + 1, out.members.back().value); !st) return st;
        }
        return Ok{};
      }
      case od::json_type::array: {
        out.kind = JsonTree::Kind::kArray;
        od::array arr;
        if (auto e = v.get_array().get(arr)) return Fail(out.offset, e);
        for (auto element : arr) {
          od::value ev;
          if (auto e = element.get(ev)) return Fail(out.offset, e);
          out.items.emplace_back();
          if (Status st = ReadValue(ev, depth + 1, out.items.back()); !st) return st;
        }
        return Ok{};
      }
      case od::json_type::string: {
        out.kind = JsonTree::Kind::kString;
        std::string_view s;
        if (auto e = v.get_string().get(s)) return Fail(out.offset, e);
        out.text = std::string(s);
        return Ok{};
      }
      case od::json_type::number: {
        out.kind = JsonTree::Kind::kNumber;
        double d;
        if (auto e = v.get_double().get(d)) return Fail(out.offset, e);
        out.text = std::string(v.raw_json_token());
        while (!out.text.empty() && (out.text.back() == ' ' || out.text.back() == '\n' || out.text.back() == '\r' ||
                                     out.text.back() == '\t')) {
          out.text.pop_back();
        }
        return Ok{};
      }
      case od::json_type::boolean: {
        out.kind = JsonTree::Kind::kBool;
        bool b;
        if (auto e = v.get_bool().get(b)) return Fail(out.offset, e);
        out.text = b ? "true" : "false";
        return Ok{};
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return Fail(out.offset, e);
        if (!is_null) return At(out.offset, "not valid JSON: expected null");
        out.kind = JsonTree::Kind::kNull;
        return Ok{};
      }
      default:
        return At(out.offset, "not valid JSON");
    }
  }

  const std::string& source_;
  const InputBuffer& bytes_;
};

}  // namespace

const JsonTree* JsonTree::Find(std::string_view key) const {
  for (const Member& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

Result<JsonTree> ReadJsonTree(const std::string& source, const InputBuffer& bytes) {
  return TreeReader(source, bytes).Read();
}

}  // namespace plangate::plan
