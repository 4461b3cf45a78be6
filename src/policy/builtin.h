#pragma once
// The shipped policies, compiled into the binary from policies/*.yaml. The build
// parses each file (scripts/embed_policies.cc) and writes its YAML document as
// nodes, so running plangate does not parse YAML for them.

#include <string_view>
#include <vector>

#include "policy/yaml_ast.h"

namespace plangate::policy {

/// One node of a shipped policy's document, in pre-order.
struct BuiltinYamlNode {
  char kind;  ///< 'n' null, 's' scalar, 'l' list, 'm' mapping
  int line;
  int column;
  bool quoted;
  std::string_view scalar;
  /// 'l': the number of items that follow; 'm': the number of entries, each a key
  /// node and then its value node.
  int children;
};

/// One shipped policy file: its repository path (for diagnostics), its text, and
/// its document as the build parsed it (the root node first; the children counts
/// say where each node ends).
struct BuiltinPolicyFile {
  std::string_view path;
  std::string_view text;
  const BuiltinYamlNode* nodes;
};

/// Every file of policies/, in name order. Generated at build time.
const std::vector<BuiltinPolicyFile>& BuiltinPolicyFiles();

/// The document of `file`: what ParseYaml(file.path, file.text) gives.
YamlNode BuiltinDocument(const BuiltinPolicyFile& file);

}  // namespace plangate::policy
