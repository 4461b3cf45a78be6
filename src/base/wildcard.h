#pragma once
// Wildcard patterns: `*` matches any run of characters (none included), and, when
// asked, `?` matches any one character. Nothing else is special.

#include <string_view>

namespace plangate {

/// Whether `pattern` matches all of `text`. Linear in practice: on a mismatch it
/// retries from the last `*` one character later, never exponential.
bool WildcardMatch(std::string_view pattern, std::string_view text, bool question_mark);

}  // namespace plangate
