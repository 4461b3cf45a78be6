#pragma once
// Where the resource blocks of a Terraform module's files begin, found without
// evaluating HCL: a lexer that knows comments, strings, templates and heredocs, so
// that text inside them never counts, and follows only the nesting of blocks.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/lines.h"
#include "plan/json_tree.h"

namespace plangate::source {

/// A position in a file, from 1.
using Position = TextPosition;

/// A `# plangate:...` or `// plangate:...` comment.
struct Directive {
  std::string text;   ///< After `plangate:`, e.g. `waive ID expires=... owner=... reason="..."`.
  Position at;        ///< Where `plangate:` begins.
};

/// An argument (`enabled = ...`) or a nested block (`point_in_time_recovery {`,
/// `dynamic "ttl" {`) of a resource block.
struct Item {
  std::vector<std::string> path;  ///< Names from the resource block down: {"point_in_time_recovery", "enabled"}.
  Position at;
};

/// A `resource "TYPE" "NAME" {` block.
struct ResourceBlock {
  std::string type, name;
  Position at;                         ///< Of the `resource` keyword (the key, in .tf.json).
  std::vector<Item> items;             ///< In file order.
  std::vector<Directive> directives;   ///< Directly above its header, or inside it.
};

/// What a module's file holds.
struct FileOutline {
  std::vector<ResourceBlock> resources;
};

/// The resource blocks of a `.tf` file (HCL native syntax). `file` names it in errors
/// (`file:line:col: ...`), given for text the lexer cannot follow: an unterminated
/// string, comment or heredoc, or brackets that do not pair up; and for a
/// `plangate:` comment that is neither directly above a resource block nor inside one.
Result<FileOutline> ScanTf(const std::string& file, std::string_view text);

/// The resource blocks of a `.tf.json` file (Terraform's JSON syntax), read into
/// `tree` from `text`: `resource.TYPE.NAME`, at the NAME key. A `"//"` comment
/// property of a resource whose text begins with `plangate:` is a directive of it.
/// Fails on a `resource` member of another shape than Terraform's.
Result<FileOutline> ScanTfJson(const std::string& file, std::string_view text, const plan::JsonTree& tree);

}  // namespace plangate::source
