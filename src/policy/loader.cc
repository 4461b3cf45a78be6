#include "policy/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "base/file.h"
#include "base/suggest.h"
#include "policy/builtin.h"
#include "policy/operators.h"

namespace plangate::policy {
namespace {

using plan::Value;

const std::vector<std::string> kPolicyKeys = {
    "id",          "title",  "severity",       "aliases",  "category",  "description",
    "impact",      "resolution", "links",      "resource_types", "defaults", "condition"};
const std::vector<std::string> kConditionKeys = {"attribute", "operator", "value"};
const std::vector<std::string> kSeverities = {"low", "medium", "high", "critical"};

// Deepest YAML nesting converted to a value (defaults and operator arguments).
constexpr int kMaxYamlDepth = 64;

std::vector<std::string> OperatorNames() {
  std::vector<std::string> names;
  for (const Operator& op : Operators()) names.emplace_back(op.name);
  return names;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Parses one YAML text; every error carries file:line:col.
class Parser {
 public:
  explicit Parser(const std::string& source) : source_(source) {}

  Result<std::vector<Policy>> Run(const std::string& text);

 private:
  Error Fail(const YAML::Mark& m, const std::string& what, const std::string& hint = {}) const {
    // A node with no position (an empty document) is reported at the file's start.
    int line = m.is_null() ? 1 : m.line + 1;
    int column = m.is_null() ? 1 : m.column + 1;
    return Error::Policy(source_ + ":" + std::to_string(line) + ":" + std::to_string(column), "",
                         what, hint);
  }
  const char* KindName(const YAML::Node& n) const {
    switch (n.Type()) {
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Scalar: return "a scalar";
      case YAML::NodeType::Null: return "nothing";
      default: return "an undefined node";
    }
  }
  Result<std::string> String(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) return Fail(n.Mark(), key + ": expected a string, got " + KindName(n));
    return n.Scalar();
  }
  Result<std::vector<std::string>> StringList(const YAML::Node& n, const std::string& key,
                                              bool allow_single) const;
  Result<Value> ToValue(const YAML::Node& n, int depth) const;
  Result<Policy> ParsePolicy(const YAML::Node& n);
  Status ParseCondition(const YAML::Node& n, Policy& p);

  const std::string& source_;
};

Result<std::vector<std::string>> Parser::StringList(const YAML::Node& n, const std::string& key,
                                                    bool allow_single) const {
  std::vector<std::string> out;
  if (allow_single && n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) {
    return Fail(n.Mark(), key + ": expected a list of strings, got " + KindName(n));
  }
  for (const YAML::Node& item : n) {
    Result<std::string> s = String(item, key);
    if (!s) return s.error();
    out.push_back(std::move(s).value());
  }
  return out;
}

Result<Value> Parser::ToValue(const YAML::Node& n, int depth) const {
  if (depth > kMaxYamlDepth) return Fail(n.Mark(), "value nested too deeply");
  switch (n.Type()) {
    case YAML::NodeType::Null: return Value();
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return Value::String(s);  // quoted: always a string
      if (s == "true" || s == "True" || s == "TRUE") return Value::Bool(true);
      if (s == "false" || s == "False" || s == "FALSE") return Value::Bool(false);
      if (s == "null" || s == "~" || s == "Null" || s == "NULL") return Value();
      bool numeric = !s.empty() && s.find_first_not_of("-+0123456789.eE") == std::string::npos &&
                     s.find_first_of("0123456789") != std::string::npos;
      if (numeric) {
        char* end = nullptr;
        std::strtod(s.c_str(), &end);
        if (end != nullptr && *end == '\0') return Value::Number(s[0] == '+' ? s.substr(1) : s);
      }
      return Value::String(s);
    }
    case YAML::NodeType::Sequence: {
      std::vector<Value> items;
      for (const YAML::Node& item : n) {
        Result<Value> v = ToValue(item, depth + 1);
        if (!v) return v.error();
        items.push_back(std::move(v).value());
      }
      return Value::Array(std::move(items));
    }
    case YAML::NodeType::Map: {
      Value::Members members;
      for (const auto& kv : n) {
        Result<std::string> k = String(kv.first, "key");
        if (!k) return k.error();
        Result<Value> v = ToValue(kv.second, depth + 1);
        if (!v) return v.error();
        members.emplace_back(std::move(k).value(), std::move(v).value());
      }
      return Value::Object(std::move(members));
    }
    default: return Fail(n.Mark(), "expected a value");
  }
}

Status Parser::ParseCondition(const YAML::Node& n, Policy& p) {
  if (!n.IsMap()) return Fail(n.Mark(), "condition: expected a mapping, got " + std::string(KindName(n)));
  std::optional<YAML::Node> attribute, op, value;
  for (const auto& kv : n) {
    Result<std::string> key = String(kv.first, "key");
    if (!key) return key.error();
    const std::string& k = key.value();
    if (k == "attribute") attribute = kv.second;
    else if (k == "operator") op = kv.second;
    else if (k == "value") value = kv.second;
    else {
      std::string hint = DidYouMean(k, kConditionKeys);
      return Fail(kv.first.Mark(), "unknown key '" + k + "' in condition",
                  hint.empty() ? "expected one of " + Join(kConditionKeys) : hint);
    }
  }
  if (!attribute) return Fail(n.Mark(), "condition: missing 'attribute'");
  if (!op) return Fail(n.Mark(), "condition: missing 'operator'");
  Result<std::string> path_text = String(*attribute, "attribute");
  if (!path_text) return path_text.error();
  Result<resolve::AttrPath> path = resolve::AttrPath::Parse(path_text.value());
  if (!path) return Fail(attribute->Mark(), path.error().message());
  p.condition.attribute = std::move(path).value();
  Result<std::string> op_name = String(*op, "operator");
  if (!op_name) return op_name.error();
  p.condition.op = FindOperator(op_name.value());
  if (p.condition.op == nullptr) {
    std::string hint = DidYouMean(op_name.value(), OperatorNames());
 return Fail(op->Mark(), "unknown operator '" + op_name.value() + "'",
                hint.empty() ? "expected one of " + Join(OperatorNames()) : hint);
  }
  bool takes_value = p.condition.op->argument != ArgumentKind::kNone;
  if (takes_value && !value) {
    return Fail(op->Mark(), "operator '" + op_name.value() + "' needs a 'value'");
  }
  if (!takes_value && value) {
 return Fail(value->Mark(), "operator '" + op_name.value() + "' takes no 'value'",
                "remove the 'value' key");
  }
  if (takes_value) {
    Result<Value> v = ToValue(*value, 0);
    if (!v) return v.error();
    p.condition.argument = std::move(v).value();
  }
  return Ok{};
}

bool IsKebabCase(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && id[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

Result<Policy> Parser::ParsePolicy(const YAML::Node& n) {
  if (!n.IsMap()) {
    return Fail(n.Mark(), std::string("expected a policy (a mapping), got ") + KindName(n));
  }
  Policy p;
  p.source = source_ + ":" + std::to_string(n.Mark().line + 1) + ":" +
             std::to_string(n.Mark().column + 1);
  std::set<std::string> seen;
  bool has_condition = false;
  for (const auto& kv : n) {
    Result<std::string> key = String(kv.first, "key");
    if (!key) return key.error();
    const std::string& k = key.value();
    const YAML::Node& v = kv.second;
    if (!seen.insert(k).second) return Fail(kv.first.Mark(), "duplicate key '" + k + "'");
    Status st = Ok{};
    auto text = [&](std::string& field) -> Status {
      Result<std::string> s = String(v, k);
      if (!s) return s.error();
      field = std::move(s).value();
      return Ok{};
    };
    auto list = [&](std::vector<std::string>& field, bool single) -> Status {
      Result<std::vector<std::string>> s = StringList(v, k, single);
      if (!s) return s.error();
      field = std::move(s).value();
      return Ok{};
    };
    if (k == "id") st = text(p.id);
    else if (k == "title") st = text(p.title);
    else if (k == "severity") st = text(p.severity);
    else if (k == "category") st = text(p.category);
    else if (k == "description") st = text(p.description);
    else if (k == "impact") st = text(p.impact);
    else if (k == "resolution") st = text(p.resolution);
    else if (k == "aliases") st = list(p.aliases, false);
    else if (k == "links") st = list(p.links, false);
    else if (k == "resource_types") st = list(p.resource_types, true);
    else if (k == "condition") {
      st = ParseCondition(v, p);
      has_condition = true;
    } else if (k == "defaults") {
      if (!v.IsMap()) return Fail(v.Mark(), "defaults: expected a mapping of attribute path to value");
      for (const auto& d : v) {
        Result<std::string> dk = String(d.first, "defaults key");
        if (!dk) return dk.error();
        Result<resolve::AttrPath> path = resolve::AttrPath::Parse(dk.value());
        if (!path) return Fail(d.first.Mark(), path.error().message());
        Result<Value> dv = ToValue(d.second, 0);
        if (!dv) return dv.error();
        p.defaults[path.value().text()] = std::move(dv).value();
      }
    } else {
      std::string hint = DidYouMean(k, kPolicyKeys);
      return Fail(kv.first.Mark(), "unknown key '" + k + "'",
                  hint.empty() ? "expected one of " + Join(kPolicyKeys) : hint);
    }
    if (!st) return st.error();
  }
  for (const char* required : {"id", "title", "severity", "resource_types"}) {
    if (!seen.count(required)) return Fail(n.Mark(), std::string("missing required key '") + required + "'");
  }
  if (!has_condition) return Fail(n.Mark(), "missing required key 'condition'");
  if (!IsKebabCase(p.id)) {
    return Fail(n["id"].Mark(), "id '" + p.id + "' is not kebab-case",
                "use lower-case letters, digits and single dashes, e.g. aws-dynamodb-enable-recovery");
  }
  if (std::find(kSeverities.begin(), kSeverities.end(), p.severity) == kSeverities.end()) {
    std::string hint = DidYouMean(p.severity, kSeverities);
    return Fail(n["severity"].Mark(), "unknown severity '" + p.severity + "'",
                hint.empty() ? "expected one of " + Join(kSeverities) : hint);
  }
  if (p.resource_types.empty()) return Fail(n["resource_types"].Mark(), "resource_types: expected at least one type");
  return p;
}

Result<std::vector<Policy>> Parser::Run(const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Fail(e.mark, "YAML syntax error: " + e.msg);
  }
  std::vector<Policy> out;
  try {
    if (root.IsSequence()) {
      for (const YAML::Node& item : root) {
        Result<Policy> p = ParsePolicy(item);
        if (!p) return p.error();
        out.push_back(std::move(p).value());
      }
    } else if (root.IsNull()) {
      return Fail(root.Mark(), "empty policy file", "write a policy mapping with id, title, severity, resource_types and condition");
    } else {
      Result<Policy> p = ParsePolicy(root);
      if (!p) return p.error();
      out.push_back(std::move(p).value());
    }
  } catch (const YAML::Exception& e) {
    return Fail(e.mark, e.msg);
  }
  return out;
}

}  // namespace

Result<std::vector<Policy>> ParsePolicies(const std::string& source, const std::string& text) {
  return Parser(source).Run(text);
}

Result<PolicySet> LoadPolicySet(const LoadOptions& options) {
  std::vector<Policy> all;
  auto add = [&](const std::string& source, const std::string& text) -> Status {
    Result<std::vector<Policy>> ps = ParsePolicies(source, text);
    if (!ps) return ps.error();
    for (Policy& p : ps.value()) {
      auto dup = std::find_if(all.begin(), all.end(), [&](const Policy& q) { return q.id == p.id; });
      if (dup != all.end()) {
        return Error::Policy(p.source, "", "duplicate policy id '" + p.id + "', first defined at " + dup->source,
                             "give each policy a unique id");
      }
      all.push_back(std::move(p));
    }
    return Ok{};
  };
  if (options.builtin) {
    for (const BuiltinPolicyFile& f : BuiltinPolicyFiles()) {
      Status st = add(std::string(f.path), std::string(f.text));
      if (!st) return st.error();
    }
  }
  for (const std::string& path : options.paths) {
    Result<std::vector<std::string>> files = ExpandPath(path, {".yaml", ".yml"});
    if (!files) return Error::Policy(path, "", "no such policy file or folder", "check --policies");
    if (files.value().empty()) {
      return Error::Policy(path, "", "folder holds no .yaml or .yml policy files", "check --policies");
    }
    for (const std::string& file : files.value()) {
      Result<std::string> text = ReadTextFile(file);
      if (!text) return Error::Policy("", "", text.error().message());
      Status st = add(file, text.value());
      if (!st) return st.error();
    }
  }
  return PolicySet(std::move(all));
}

}  // namespace plangate::policy
