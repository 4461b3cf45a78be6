#include "policy/builtin.h"

namespace plangate::policy {
namespace {

// Builds the node at `*next` and its children, advancing `*next` past them.
YamlNode Build(const BuiltinYamlNode*& next, const std::string& file) {
  const BuiltinYamlNode& n = *next++;
  YamlNode out;
  out.file = file;
  out.line = n.line;
  out.column = n.column;
  switch (n.kind) {
    case 's':
      out.kind = YamlNode::Kind::kScalar;
      out.scalar.assign(n.scalar);
      out.quoted = n.quoted;
      break;
    case 'l':
      out.kind = YamlNode::Kind::kSequence;
      out.items.reserve(static_cast<std::size_t>(n.children));
      for (int i = 0; i < n.children; ++i) out.items.push_back(Build(next, file));
      break;
    case 'm':
      out.kind = YamlNode::Kind::kMap;
      out.entries.reserve(static_cast<std::size_t>(n.children));
      for (int i = 0; i < n.children; ++i) {
        YamlNode key = Build(next, file);
        out.entries.emplace_back(std::move(key), Build(next, file));
      }
      break;
    default:
      out.kind = YamlNode::Kind::kNull;
  }
  return out;
}

}  // namespace

YamlNode BuiltinDocument(const BuiltinPolicyFile& file) {
  const BuiltinYamlNode* next = file.nodes;
  return Build(next, std::string(file.path));
}

}  // namespace plangate::policy
