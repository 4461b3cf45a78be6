#include "plan/json_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "plan/address.h"

namespace plangate::plan {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(kInputPadding >= simdjson::SIMDJSON_PADDING,
              "input buffers must carry simdjson's padding");

constexpr std::string_view kShowHint =
    "expected the JSON written by 'terraform show -json PLANFILE' (a plan) or "
    "'terraform show -json' (a state)";

// Deepest module nesting followed in a state's child_modules or the configuration.
constexpr int kMaxModuleDepth = 100;

const char* TypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// Offset of the first byte that is not valid UTF-8, or npos. Error path only.
std::size_t FirstInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    }
    unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

// Where the top-level value closes, or npos when the input ends inside it. A plain
// bracket scan that honours strings: used only to tell a truncated file from
// trailing content after simdjson has rejected the document.
std::size_t EndOfTopLevel(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// simdjson's messages end with a period; ours continue after them.
std::string SimdjsonMessage(error_code e) {
  std::string m = simdjson::error_message(e);
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m;
}

bool Wants(const std::vector<std::string>& keys, std::string_view key) {
  return keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
}

// One document read: holds the simdjson document, the byte base for offsets and
// the input's name, and turns every failure into a positioned Error.
class Reader {
 public:
  Reader(const std::string& source, const InputBuffer& bytes, const LoadOptions& options)
      : source_(source), bytes_(bytes), options_(options) {}

  Result<Plan> Run();

 private:
  // Fails with a message at the document's current position.
  Error Fail(const std::string& what, const std::string& hint = {}) {
    return Error::Input(source_, Where(), what, hint);
  }
  std::string Where() {
    const char* loc = nullptr;
    if (iterating_ && doc_.current_location().get(loc) == simdjson::SUCCESS && loc >= bytes_.data() &&
        loc <= bytes_.data() + bytes_.size()) {
      return "byte " + std::to_string(loc - bytes_.data());
    }
    return "byte " + std::to_string(bytes_.size()) + " (end of input)";
  }
  Error At(std::size_t offset, const std::string& what, const std::string& hint = {}) {
    return Error::Input(source_, "byte " + std::to_string(offset), what, hint);
  }
  Error FromSimdjson(error_code e, const std::string& path) {
    std::string at = path.empty() ? "" : " in " + path;
    switch (e) {
      case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      case simdjson::UNCLOSED_STRING: {
        std::string_view text = bytes_.view();
        std::size_t end = EndOfTopLevel(text);
        std::size_t extra = end == std::string_view::npos ? end : text.find_first_not_of(" \t\r\n", end);
        if (extra != std::string_view::npos) {
          return At(extra, "unexpected content after the JSON document", std::string(kShowHint));
        }
        return Error::Input(source_, "byte " + std::to_string(bytes_.size()) + " (end of input)",
                            "unexpected end of input" + at + " (file truncated?)",
                            "regenerate it with 'terraform show -json'");
      }
      case simdjson::UTF8_ERROR: {
        std::size_t bad = FirstInvalidUtf8(bytes_.view());
        std::string what = "invalid UTF-8" + at;
        std::string hint = "the file is not the text 'terraform show -json' writes";
        return bad == std::string_view::npos ? Fail(what, hint) : At(bad, what, hint);
      }
      case simdjson::DEPTH_ERROR:
        return Fail("JSON nested too deeply" + at);
      default:
        return Fail(std::string("invalid JSON") + at + ": " + SimdjsonMessage(e),
                    std::string(kShowHint));
    }
  }
  // Located at the start of `v`: the position after a failed read is past it.
  Error AtValue(od::value& v, const std::string& what) {
    std::string_view token = v.raw_json_token();
    if (token.data() >= bytes_.data() && token.data() <= bytes_.data() + bytes_.size()) {
      return At(static_cast<std::size_t>(token.data() - bytes_.data()), what, std::string(kShowHint));
    }
    return Fail(what, std::string(kShowHint));
  }
  Error WrongType(const std::string& path, const char* expected, od::value& v) {
    od::json_type t{};
    std::string got = v.type().get(t) == simdjson::SUCCESS ? TypeName(t) : "an invalid value";
    return AtValue(v, path + ": expected " + expected + ", got " + got);
  }

  Status ReadTopLevel(od::object& root);
  Result<std::string> ReadString(od::value v, const std::string& path);
  Result<bool> ReadBool(od::value v, const std::string& path);
  Result<Value> ReadValue(od::value v, const std::string& path, int depth);
  // Materialises an object keeping only `keys` (all when empty); scalars pass through.
  Result<Value> ReadFiltered(od::value v, const std::string& path,
                             const std::vector<std::string>* keys);
  Status ReadResourceChanges(od::value v);
  Status ReadResourceChange(od::value v, const std::string& path);
  Status ReadChange(od::value v, const std::string& path, Resource& r,
                    const std::vector<std::string>* keys);
  Status ReadStateModule(od::value v, const std::string& path, int depth);
  Status ReadStateResource(od::value v, const std::string& path);
  Status ReadConfigModule(od::value v, const std::string& path, ConfigModule& out, int depth);
  Status ReadConfigResource(od::value v, const std::string& path, ConfigModule& out);
  Status CheckVersion();

  // The attribute keys wanted for `type`, or nullptr when the type is not wanted.
  const std::vector<std::string>* KeysFor(std::string_view type) const {
    auto it = options_.attributes_by_type.find(type);
    return it == options_.attributes_by_type.end() ? nullptr : &it->second;
  }

  const std::string& source_;
  const InputBuffer& bytes_;
  const LoadOptions& options_;
  od::document doc_;
  Plan plan_;
  bool iterating_ = false;  // doc_ is valid only once iterate() succeeded
  bool seen_format_version_ = false;
  bool seen_plan_key_ = false;
};

// A thread's reusable parser: its buffers grow to the largest input and stay.
od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

#define PG_TRY(expr)                   \
  do {                                 \
    auto pg_status_ = (expr);          \
    if (!pg_status_) return pg_status_.error(); \
  } while (0)

Result<std::string> Reader::ReadString(od::value v, const std::string& path) {
  std::string_view s;
  if (auto e = v.get_string().get(s)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "a string", v);
    return FromSimdjson(e, path);
  }
  return std::string(s);
}

Result<bool> Reader::ReadBool(od::value v, const std::string& path) {
  bool b = false;
  if (auto e = v.get_bool().get(b)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "true or false", v);
    return FromSimdjson(e, path);
  }
  return b;
}

Result<Value> Reader::ReadValue(od::value v, const std::string& path, int depth) {
  if (depth > kMaxValueDepth) {
    return Fail(path + ": nested deeper than " + std::to_string(kMaxValueDepth) + " levels",
                "plangate does not read attribute values this deep");
  }
  od::json_type t{};
  if (auto e = v.type().get(t)) return FromSimdjson(e, path);
  switch (t) {
    case od::json_type::null:
    case od::json_type::boolean: {
      // The token is not echoed: it may be part of a sensitive value.
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && std::strchr(" \t\r\n", raw.back()) != nullptr) raw.remove_suffix(1);
      if (raw == "null") return Value();
      if (raw == "true" || raw == "false") return Value::Bool(raw == "true");
      return AtValue(v, path + ": invalid literal (expected true, false or null)");
    }
    case od::json_type::number: {
      // Keep the source text: numbers beyond 64 bits and exact decimals survive.
      // Validate it as a number without converting it.
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                              raw.back() == '\t')) {
        raw.remove_suffix(1);
      }
      if (!IsJsonNumber(raw)) return AtValue(v, path + ": invalid number");
      return Value::Number(std::string(raw));
    }
    case od::json_type::string: {
      Result<std::string> s = ReadString(v, path);
      if (!s) return s.error();
      return Value::String(std::move(s).value());
    }
    case od::json_type::array: {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return FromSimdjson(e, path);
      std::vector<Value> items;
      std::size_t i = 0;
      for (auto element : arr) {
        od::value ev;
        std::string item_path = path + "[" + std::to_string(i++) + "]";
        if (auto e = element.get(ev)) return FromSimdjson(e, item_path);
        Result<Value> item = ReadValue(ev, item_path, depth + 1);
        if (!item) return item.error();
        items.push_back(std::move(item).value());
      }
      return Value::Array(std::move(items));
    }
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return FromSimdjson(e, path);
      Value::Members members;
      for (auto field : obj) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
        std::string k(key);
        od::value fv;
        if (auto e = field.value().get(fv)) return FromSimdjson(e, path + "." + k);
        Result<Value> item = ReadValue(fv, path + "." + k, depth + 1);
        if (!item) return item.error();
        members.emplace_back(std::move(k), std::move(item).value());
      }
      return Value::Object(std::move(members));
    }
  }
  return Fail(path + ": unexpected JSON value");
}

Result<Value> Reader::ReadFiltered(od::value v, const std::string& path,
                                   const std::vector<std::string>* keys) {
  od::json_type t{};
  if (auto e = v.type().get(t)) return FromSimdjson(e, path);
  if (t != od::json_type::object || keys == nullptr || keys->empty()) {
    return ReadValue(v, path, 0);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return FromSimdjson(e, path);
  Value::Members members;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    if (!Wants(*keys, key)) continue;  // skipped unread by the iterator
    std::string k(key);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path + "." + k);
    Result<Value> item = ReadValue(fv, path + "." + k, 1);
    if (!item) return item.error();
    members.emplace_back(std::move(k), std::move(item).value());
  }
  return Value::Object(std::move(members));
}

Status Reader::ReadChange(od::value v, const std::string& path, Resource& r,
                          const std::vector<std::string>* keys) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  bool seen_actions = false;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path);
    if (key == "actions") {
      std::string apath = path + ".actions";
      od::array arr;
      if (auto e = fv.get_array().get(arr)) {
        if (e == simdjson::INCORRECT_TYPE) return WrongType(apath, "an array of strings", fv);
        return FromSimdjson(e, apath);
      }
      std::size_t i = 0;
      for (auto element : arr) {
        od::value ev;
        std::string ipath = apath + "[" + std::to_string(i++) + "]";
        if (auto e = element.get(ev)) return FromSimdjson(e, ipath);
        Result<std::string> s = ReadString(ev, ipath);
        if (!s) return s.error();
        r.actions.push_back(std::move(s).value());
      }
      seen_actions = true;
    } else if (keys != nullptr && (key == "after" || key == "after_unknown" || key == "after_sensitive")) {
      std::string k(key);
      Result<Value> val = ReadFiltered(fv, path + "." + k, keys);
      if (!val) return val.error();
      Value& slot = k == "after" ? r.after : k == "after_unknown" ? r.after_unknown : r.after_sensitive;
      slot = std::move(val).value();
    }
  }
  if (!seen_actions) return Fail(path + ": missing 'actions'", std::string(kShowHint));
  return Ok{};
}

// Keys a resource_changes entry or state resource must carry, with their fixed types.
struct ResourceHeader {
  bool address = false, mode = false, type = false, name = false;
};

Status Reader::ReadResourceChange(od::value v, const std::string& path) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  Resource r;
  ResourceHeader seen;
  bool seen_change = false;
  // Terraform writes `type` before `change`; for a document that does not, the
  // change is read whole so the type can decide afterwards.
  static const std::vector<std::string> kAllKeys;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path);
    std::string fpath = path + "." + std::string(key);
    if (key == "address" || key == "module_address" || key == "mode" || key == "type" ||
        key == "name" || key == "deposed") {
      Result<std::string> s = ReadString(fv, fpath);
      if (!s) return s.error();
      if (key == "address") r.address = std::move(s).value(), seen.address = true;
      else if (key == "module_address") r.module_address = std::move(s).value();
      else if (key == "mode") r.mode = std::move(s).value(), seen.mode = true;
      else if (key == "type") r.type = std::move(s).value(), seen.type = true;
      else if (key == "name") r.name = std::move(s).value(), seen.name = true;
      else r.deposed = true;
    } else if (key == "index") {
      r.index_json = std::string(fv.raw_json_token());
    } else if (key == "change") {
      seen_change = true;
      const std::vector<std::string>* keys = seen.type ? KeysFor(r.type) : &kAllKeys;
      PG_TRY(ReadChange(fv, fpath, r, keys));
    }
  }
  const char* missing = !seen.address ? "address" : !seen.mode ? "mode" : !seen.type ? "type"
                      : !seen.name ? "name" : !seen_change ? "change" : nullptr;
  if (missing != nullptr) {
    return Fail(path + ": missing '" + missing + "'", std::string(kShowHint));
  }
  while (!r.index_json.empty() && std::strchr(" \t\r\n", r.index_json.back()) != nullptr) {
    r.index_json.pop_back();
  }
  if (KeysFor(r.type) != nullptr) plan_.resources.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadResourceChanges(od::value v) {
  const std::string path = "resource_changes";
  od::array arr;
  if (auto e = v.get_array().get(arr)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an array", v);
    return FromSimdjson(e, path);
  }
  std::size_t i = 0;
  for (auto element : arr) {
    od::value ev;
    std::string ipath = path + "[" + std::to_string(i++) + "]";
    if (auto e = element.get(ev)) return FromSimdjson(e, ipath);
    PG_TRY(ReadResourceChange(ev, ipath));
  }
  return Ok{};
}

Status Reader::ReadStateResource(od::value v, const std::string& path) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  Resource r;
  ResourceHeader seen;
  static const std::vector<std::string> kAllKeys;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path);
    std::string fpath = path + "." + std::string(key);
    if (key == "address" || key == "mode" || key == "type" || key == "name" ||
        key == "deposed_key") {
      Result<std::string> s = ReadString(fv, fpath);
      if (!s) return s.error();
      if (key == "address") r.address = std::move(s).value(), seen.address = true;
      else if (key == "mode") r.mode = std::move(s).value(), seen.mode = true;
      else if (key == "type") r.type = std::move(s).value(), seen.type = true;
      else if (key == "name") r.name = std::move(s).value(), seen.name = true;
      else r.deposed = true;
    } else if (key == "index") {
      r.index_json = std::string(fv.raw_json_token());
    } else if (key == "values" || key == "sensitive_values") {
      const std::vector<std::string>* keys = seen.type ? KeysFor(r.type) : &kAllKeys;
      if (keys == nullptr) continue;
      Result<Value> val = ReadFiltered(fv, fpath, keys);
      if (!val) return val.error();
      (key == "values" ? r.after : r.after_sensitive) = std::move(val).value();
    }
  }
  const char* missing = !seen.address ? "address" : !seen.mode ? "mode" : !seen.type ? "type"
                      : !seen.name ? "name" : nullptr;
  if (missing != nullptr) {
    return Fail(path + ": missing '" + missing + "'", std::string(kShowHint));
  }
  while (!r.index_json.empty() && std::strchr(" \t\r\n", r.index_json.back()) != nullptr) {
    r.index_json.pop_back();
  }
  // A state resource's module is the prefix its child module names; the address
  // already carries it, so only the root/child distinction matters for state.
  if (KeysFor(r.type) != nullptr) plan_.resources.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadStateModule(od::value v, const std::string& path, int depth) {
  if (depth > kMaxModuleDepth) {
    return Fail(path + ": modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels");
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    if (key != "resources" && key != "child_modules") continue;
    std::string fpath = path + "." + std::string(key);
    bool resources = key == "resources";
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, fpath);
    od::array arr;
    if (auto e = fv.get_array().get(arr)) {
      if (e == simdjson::INCORRECT_TYPE) return WrongType(fpath, "an array", fv);
      return FromSimdjson(e, fpath);
    }
    std::size_t i = 0;
    for (auto element : arr) {
      od::value ev;
      std::string ipath = fpath + "[" + std::to_string(i++) + "]";
      if (auto e = element.get(ev)) return FromSimdjson(e, ipath);
      PG_TRY(resources ? ReadStateResource(ev, ipath) : ReadStateModule(ev, ipath, depth + 1));
    }
  }
  return Ok{};
}

Status Reader::ReadConfigResource(od::value v, const std::string& path, ConfigModule& out) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  ConfigResource r;
  bool seen_type = false;
  static const std::vector<std::string> kAllKeys;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path);
    std::string fpath = path + "." + std::string(key);
    if (key == "mode" || key == "type" || key == "name") {
      Result<std::string> s = ReadString(fv, fpath);
      if (!s) return s.error();
      if (key == "mode") r.mode = std::move(s).value();
      else if (key == "type") r.type = std::move(s).value(), seen_type = true;
      else r.name = std::move(s).value();
    } else if (key == "expressions") {
      const std::vector<std::string>* keys = seen_type ? KeysFor(r.type) : &kAllKeys;
      if (keys == nullptr) continue;
      Result<Value> val = ReadFiltered(fv, fpath, keys);
      if (!val) return val.error();
      r.expressions = std::move(val).value();
    }
  }
  if (KeysFor(r.type) != nullptr) out.resources.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadConfigModule(od::value v, const std::string& path, ConfigModule& out,
                                int depth) {
  if (depth > kMaxModuleDepth) {
    return Fail(path + ": modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels");
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
    return FromSimdjson(e, path);
  }
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, path);
    std::string fpath = path + "." + std::string(key);
    od::value fv;
    if (key == "resources") {
      if (auto e = field.value().get(fv)) return FromSimdjson(e, fpath);
      od::array arr;
      if (auto e = fv.get_array().get(arr)) {
        if (e == simdjson::INCORRECT_TYPE) return WrongType(fpath, "an array", fv);
        return FromSimdjson(e, fpath);
      }
      std::size_t i = 0;
      for (auto element : arr) {
        od::value ev;
        std::string ipath = fpath + "[" + std::to_string(i++) + "]";
        if (auto e = element.get(ev)) return FromSimdjson(e, ipath);
        PG_TRY(ReadConfigResource(ev, ipath, out));
      }
    } else if (key == "module_calls") {
      if (auto e = field.value().get(fv)) return FromSimdjson(e, fpath);
      od::object calls;
      if (auto e = fv.get_object().get(calls)) {
        if (e == simdjson::INCORRECT_TYPE) return WrongType(fpath, "an object", fv);
        return FromSimdjson(e, fpath);
      }
      for (auto call_field : calls) {
        std::string_view call_key;
        if (auto e = call_field.unescaped_key().get(call_key)) return FromSimdjson(e, fpath);
        std::string call_name(call_key);
        std::string cpath = fpath + "." + call_name;
        od::value cv;
        if (auto e = call_field.value().get(cv)) return FromSimdjson(e, cpath);
        od::object call_obj;
        if (auto e = cv.get_object().get(call_obj)) {
          if (e == simdjson::INCORRECT_TYPE) return WrongType(cpath, "an object", cv);
          return FromSimdjson(e, cpath);
        }
        ModuleCall call;
        for (auto cf : call_obj) {
          std::string_view ck;
          if (auto e = cf.unescaped_key().get(ck)) return FromSimdjson(e, cpath);
          od::value cfv;
          if (ck == "expressions") {
            if (auto e = cf.value().get(cfv)) return FromSimdjson(e, cpath);
            Result<Value> val = ReadValue(cfv, cpath + ".expressions", 1);
            if (!val) return val.error();
            call.expressions = std::move(val).value();
          } else if (ck == "module") {
            if (auto e = cf.value().get(cfv)) return FromSimdjson(e, cpath);
            call.module.emplace_back();
            PG_TRY(ReadConfigModule(cfv, cpath + ".module", call.module.back(), depth + 1));
          }
        }
        out.module_calls[call_name] = std::move(call);
      }
    }
  }
  return Ok{};
}

Status Reader::CheckVersion() {
  const std::string& v = plan_.format_version;
  std::size_t dot = v.find('.');
  std::string major = v.substr(0, dot);
  bool numeric = !major.empty() && major.find_first_not_of("0123456789") == std::string::npos &&
                 major.size() < 6;
  if (!numeric) {
    return Error::Input(source_, "", "format_version \"" + v + "\" is not a version number",
                        std::string(kShowHint));
  }
  if (std::stoi(major) > 1) {
    return Error::Input(source_, "",
                        "format_version \"" + v + "\" is newer than this plangate reads (0.x and 1.x)",
                        "upgrade plangate, or produce the JSON with an older Terraform");
  }
  return Ok{};
}

Status Reader::ReadTopLevel(od::object& root) {
  for (auto field : root) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FromSimdjson(e, "");
    od::value v;
    if (auto e = field.value().get(v)) return FromSimdjson(e, std::string(key));
    if (key == "format_version") {
      Result<std::string> s = ReadString(v, "format_version");
      if (!s) return s.error();
      plan_.format_version = std::move(s).value();
      seen_format_version_ = true;
      PG_TRY(CheckVersion());
    } else if (key == "terraform_version") {
      Result<std::string> s = ReadString(v, "terraform_version");
      if (!s) return s.error();
      plan_.terraform_version = std::move(s).value();
    } else if (key == "errored") {
      Result<bool> b = ReadBool(v, "errored");
      if (!b) return b.error();
      plan_.errored = b.value();
    } else if (key == "resource_changes") {
      seen_plan_key_ = true;
      PG_TRY(ReadResourceChanges(v));
    } else if (key == "planned_values" || key == "prior_state" || key == "resource_drift" ||
               key == "output_changes") {
      seen_plan_key_ = true;  // read for the document kind only; values come from resource_changes
    } else if (key == "configuration") {
      seen_plan_key_ = true;
      plan_.has_configuration = true;
      od::object cfg;
      if (auto e = v.get_object().get(cfg)) {
        if (e == simdjson::INCORRECT_TYPE) return WrongType("configuration", "an object", v);
        return FromSimdjson(e, "configuration");
      }
      for (auto cf : cfg) {
        std::string_view ck;
        if (auto e = cf.unescaped_key().get(ck)) return FromSimdjson(e, "configuration");
        if (ck != "root_module") continue;
        od::value rm;
        if (auto e = cf.value().get(rm)) return FromSimdjson(e, "configuration.root_module");
        PG_TRY(ReadConfigModule(rm, "configuration.root_module", plan_.configuration, 0));
      }
    } else if (key == "values") {
      od::object values;
      if (auto e = v.get_object().get(values)) {
        if (e == simdjson::INCORRECT_TYPE) return WrongType("values", "an object", v);
        return FromSimdjson(e, "values");
      }
      for (auto vf : values) {
        std::string_view vk;
        if (auto e = vf.unescaped_key().get(vk)) return FromSimdjson(e, "values");
        if (vk != "root_module") continue;
        od::value rm;
        if (auto e = vf.value().get(rm)) return FromSimdjson(e, "values.root_module");
        PG_TRY(ReadStateModule(rm, "values.root_module", 0));
      }
    }
  }
  return Ok{};
}

Result<Plan> Reader::Run() {
  plan_.source = source_;
  std::string_view text = bytes_.view();
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Error::Input(source_, "", "empty input", std::string(kShowHint));
  }
  if (text.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    return Error::Input(source_, "", "this is a binary plan file (a zip archive), not JSON",
                        "run 'terraform show -json " +
                            (source_ == "<stdin>" ? std::string("PLANFILE") : source_) +
                            " > plan.json' and pass plan.json");
  }
  if (text[first] != '{') {
    std::string got = text[first] == '[' ? "an array" : "something else";
    return Error::Input(source_, "byte " + std::to_string(first),
                        "expected a JSON object at the top level, got " + got,
                        std::string(kShowHint));
  }
  od::parser& parser = ThreadParser();
  if (auto e = parser.iterate(bytes_.data(), bytes_.size(), bytes_.size() + kInputPadding)
                   .get(doc_)) {
    return FromSimdjson(e, "");
  }
  iterating_ = true;
  od::object root;
  if (auto e = doc_.get_object().get(root)) return FromSimdjson(e, "");
  PG_TRY(ReadTopLevel(root));
  // Anything after the top-level object is not part of the document.
  const char* loc = nullptr;
  if (doc_.current_location().get(loc) == simdjson::SUCCESS) {
    return Fail("unexpected content after the JSON document", std::string(kShowHint));
  }
  if (!seen_format_version_) {
    return Error::Input(source_, "", "not a Terraform plan or state: no 'format_version' key",
                        std::string(kShowHint));
  }
  // Plan keys decide; `values`, or nothing but the version keys, is a state
  // (an empty state is just {"format_version":"1.0"}).
  plan_.kind = seen_plan_key_ ? DocumentKind::kPlan : DocumentKind::kState;
  return std::move(plan_);
}

}  // namespace

Result<Plan> LoadDocument(const std::string& source, const InputBuffer& bytes,
                          const LoadOptions& options) {
  Reader reader(source, bytes, options);
  return reader.Run();
}

}  // namespace plangate::plan
