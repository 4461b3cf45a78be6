#pragma once
// A YAML document as plain data with a position on every node. The policy
// compiler, the config file and policy tests read this, never yaml-cpp.

#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "plan/value.h"

namespace plangate::policy {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;   ///< kScalar
  bool quoted = false;  ///< kScalar written in quotes: always a string
  std::vector<YamlNode> items;                          ///< kSequence
  std::vector<std::pair<YamlNode, YamlNode>> entries;   ///< kMap, in document order
  std::string file;
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based

  bool is_map() const { return kind == Kind::kMap; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_null() const { return kind == Kind::kNull; }
  /// `file:line:col`.
  std::string Where() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }
  /// "a mapping", "a list", "a scalar" or "nothing".
  const char* KindName() const;
  /// The value of map key `key`, or nullptr.
  const YamlNode* Find(const std::string& key) const;
  /// A scalar as a JSON-like value: unquoted true/false/null/numbers are typed,
  /// everything quoted is a string. Lists and maps convert recursively.
  plan::Value ToValue() const;
};

/// Limits that keep a hostile document (alias bombs, deep nesting) from exhausting memory.
inline constexpr int kMaxYamlDepth = 64;
inline constexpr std::size_t kMaxYamlNodes = 100000;

/// Parses `text` (named `file` in diagnostics). Fails with `file:line:col` on a
/// syntax error, on more than kMaxYamlNodes nodes (aliases count each time they
/// are used), or on nesting deeper than kMaxYamlDepth.
Result<YamlNode> ParseYaml(const std::string& file, const std::string& text);

}  // namespace plangate::policy
