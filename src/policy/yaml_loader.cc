// yaml-cpp lives here only: YAML text → YamlNode.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "policy/yaml_ast.h"

namespace plangate::policy {
namespace {

class Converter {
 public:
  explicit Converter(const std::string& file) : file_(file) {}

  Result<YamlNode> Convert(const YAML::Node& n, int depth) {
    YamlNode out;
    out.file = file_;
    const YAML::Mark mark = n.Mark();
    if (!mark.is_null()) {
      out.line = mark.line + 1;
      out.column = mark.column + 1;
    }
    if (++nodes_ > kMaxYamlNodes) {
      return Error::Policy(out.Where(), "",
                           "document too large: more than " + std::to_string(kMaxYamlNodes) +
                               " nodes (aliases count each time they are used)",
                           "write the policy without anchors that expand");
    }
    if (depth > kMaxYamlDepth) {
      return Error::Policy(out.Where(), "",
                           "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels");
    }
    switch (n.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::kScalar;
        out.scalar = n.Scalar();
        out.quoted = n.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::kSequence;
        for (const YAML::Node& item : n) {
          Result<YamlNode> c = Convert(item, depth + 1);
          if (!c) return c.error();
          out.items.push_back(std::move(c).value());
        }
        break;
      case YAML::NodeType::Map:
        out.kind = YamlNode::Kind::kMap;
        for (const auto& kv : n) {
          Result<YamlNode> k = Convert(kv.first, depth + 1);
          if (!k) return k.error();
          Result<YamlNode> v = Convert(kv.second, depth + 1);
          if (!v) return v.error();
          out.entries.emplace_back(std::move(k).value(), std::move(v).value());
        }
        break;
      default:
        out.kind = YamlNode::Kind::kNull;
    }
    return out;
  }

 private:
  const std::string& file_;
  std::size_t nodes_ = 0;
};

}  // namespace

const char* YamlNode::KindName() const {
  switch (kind) {
    case Kind::kMap: return "a mapping";
    case Kind::kSequence: return "a list";
    case Kind::kScalar: return "a scalar";
    case Kind::kNull: return "nothing";
  }
  return "nothing";
}

const YamlNode* YamlNode::Find(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k.is_scalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

plan::Value YamlNode::ToValue() const {
  switch (kind) {
    case Kind::kNull: return plan::Value();
    case Kind::kScalar: {
      const std::string& s = scalar;
      if (quoted) return plan::Value::String(s);
      if (s == "true" || s == "True" || s == "TRUE") return plan::Value::Bool(true);
      if (s == "false" || s == "False" || s == "FALSE") return plan::Value::Bool(false);
      if (s == "null" || s == "Null" || s == "NULL" || s == "~") return plan::Value();
      bool numeric = !s.empty() && s.find_first_not_of("-+0123456789.eE") == std::string::npos &&
                     s.find_first_of("0123456789") != std::string::npos;
      if (numeric) {
        char* end = nullptr;
        std::strtod(s.c_str(), &end);
        if (end != nullptr && *end == '\0') return plan::Value::Number(s[0] == '+' ? s.substr(1) : s);
      }
      return plan::Value::String(s);
    }
    case Kind::kSequence: {
      std::vector<plan::Value> items;
      for (const YamlNode& item : this->items) items.push_back(item.ToValue());
      return plan::Value::Array(std::move(items));
    }
    case Kind::kMap: {
      plan::Value::Members members;
      for (const auto& [k, v] : entries) members.emplace_back(k.scalar, v.ToValue());
      return plan::Value::Object(std::move(members));
    }
  }
  return plan::Value();
}

Result<YamlNode> ParseYaml(const std::string& file, const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard against nesting that would exhaust the stack ("bad file").
    std::string where = file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    return Error::Policy(where, "", "nested too deeply for the YAML parser",
                         "a policy needs only a few levels of nesting");
  } catch (const YAML::Exception& e) {
    std::string where = file + ":" + std::to_string(e.mark.is_null() ? 1 : e.mark.line + 1) + ":" +
                        std::to_string(e.mark.is_null() ? 1 : e.mark.column + 1);
    return Error::Policy(where, "", "YAML syntax error: " + e.msg);
  }
  try {
    return Converter(file).Convert(root, 0);
  } catch (const YAML::Exception& e) {
    return Error::Policy(file, "", "YAML error: " + e.msg);
  }
}

}  // namespace plangate::policy
