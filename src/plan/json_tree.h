#pragma once
// Small JSON files that are not plans (`.terraform/modules/modules.json`, `*.tf.json`)
// as a tree that keeps where each member's key is written. simdjson reads them in
// json_loader.cc, beside the plans, so that it stays in one place of the code.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/file.h"

namespace plangate::plan {

/// One JSON value. Scalars keep their text: a string decoded, anything else as written.
struct JsonTree {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  struct Member;
  Kind kind = Kind::kNull;
  std::string text;              ///< kString: the string; kBool, kNumber: as written.
  std::vector<JsonTree> items;   ///< kArray.
  std::vector<Member> members;   ///< kObject, in document order (no key twice).
  std::size_t offset = 0;        ///< The byte the value begins on.

  /// The member named `key`, or nullptr.
  const JsonTree* Find(std::string_view key) const;
};

struct JsonTree::Member {
  std::string key;
  std::size_t key_offset = 0;  ///< The byte of the key's opening quote.
  JsonTree value;
};

/// Deepest nesting ReadJsonTree accepts.
inline constexpr int kMaxTreeDepth = 64;

/// Reads the JSON document `bytes`; `source` names it in errors, which say the line
/// and column (`file:12:7: ...`). Strict: one document, no key twice in an object.
Result<JsonTree> ReadJsonTree(const std::string& source, const InputBuffer& bytes);

}  // namespace plangate::plan
