#pragma once
// The top level of a JSON object, found without parsing its values: a plan's
// planned_values and prior_state (often half of it) are never read, so the loader
// parses only the members it needs (src/plan/json_loader.cc).

#include <cstddef>
#include <string_view>
#include <vector>

namespace plangate::plan {

/// One member of an object, as byte offsets into the text.
struct JsonMember {
  std::size_t key_begin = 0, key_end = 0;      ///< the key between its quotes, as written
  std::size_t value_begin = 0, value_end = 0;  ///< the value, without white space around it
};

/// Nesting deeper than this makes SplitTopLevel give up (simdjson's own limit).
inline constexpr std::size_t kMaxSplitDepth = 1024;

/// Splits `text`, a JSON object, into its members. Nested objects and arrays are
/// skipped 64 bytes at a time (strings, escapes and brackets tracked as bit masks).
/// Checks what a full parse checks in a value it skips: strings close, no control
/// characters in strings or outside them (but white space), brackets balance, nesting
/// stays under kMaxSplitDepth; and that only white space follows the object. It
/// does not check UTF-8, nor the grammar of scalars it skips.
/// Returns false for anything else (not an object, truncated, trailing content, a
/// key with an escape): the caller then parses the text whole, which names the error.
/// REQUIRES: 64 readable bytes after the text (the input's padding).
bool SplitTopLevel(std::string_view text, std::vector<JsonMember>& members);

/// Splits the object opening at `text[open]` the same way, into `members`: one past
/// its closing brace, or npos on any of the faults SplitTopLevel gives up on.
std::size_t SplitObject(std::string_view text, std::size_t open, std::vector<JsonMember>& members);

/// One past the value (object, array, string or scalar) starting at `text[begin]`,
/// or npos on any of those faults.
std::size_t SkipValue(std::string_view text, std::size_t begin);

/// The first byte at or after `i` that is not JSON white space (text.size() if none).
std::size_t SkipSpace(std::string_view text, std::size_t i);

/// Where the object or array opening at `text[open]` closes (one past it), or npos
/// on any of the faults SplitTopLevel gives up on. Exposed for tests.
std::size_t SkipContainer(std::string_view text, std::size_t open);

/// The same answer as SkipContainer, a byte at a time, honouring strings only (no
/// other check); npos when the input ends first. For error messages, which tell a
/// truncated file from trailing content, and as the tests' reference.
std::size_t ScanContainerEnd(std::string_view text, std::size_t open);

}  // namespace plangate::plan
