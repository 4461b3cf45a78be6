#pragma once
// JSON at the level of bytes: the tests the loader's two passes (json_split.cc, which
// parses nothing, and json_loader.cc, the simdjson adapter) make on raw text. No
// parser and no state; each takes the bytes it judges and says what it reads past them.
// What runs for every string or token read is inline.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace plangate::plan {

// Strings are scanned eight bytes at a time, a word read little-endian (its first
// byte lowest).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "strings are scanned in little-endian words");

/// Whether `c` is JSON white space: space, tab, newline or return (RFC 8259).
inline bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Of the 8 bytes of `word`, the high bit of each byte below `limit` (at most 0x80):
/// exact up to the first such byte, which is all a scan needs.
inline std::uint64_t BytesBelow(std::uint64_t word, unsigned char limit) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  return (word - kOnes * limit) & ~word & kHighs;
}

/// Of the 8 bytes of `word`, the high bit of each byte equal to `c`, the same way.
inline std::uint64_t BytesEqual(std::uint64_t word, char c) {
  return BytesBelow(word ^ (0x0101010101010101ULL * static_cast<unsigned char>(c)), 1);
}

/// Which byte (0 to 7) of its word the lowest mark of `hits` (non-zero) is on.
inline std::size_t FirstMarked(std::uint64_t hits) { return static_cast<std::size_t>(__builtin_ctzll(hits)) / 8; }

/// The content of a JSON string starting at `p` (just after its opening quote) when
/// it holds no escape: the bytes up to the closing quote, which are then the string
/// itself. Returns false at the first backslash: the caller unescapes. Checks nothing
/// else (control characters, UTF-8): the caller's parse or split has.
/// REQUIRES: the string closes, and 7 readable bytes follow its closing quote (the
/// input's padding): the text is read eight bytes at a time.
inline bool PlainString(const char* p, std::string_view& out) {
  for (const char* q = p;; q += 8) {
    std::uint64_t word;
    std::memcpy(&word, q, 8);
    std::uint64_t hits = BytesEqual(word, '"') | BytesEqual(word, '\\');
    if (hits == 0) continue;
    const char* end = q + FirstMarked(hits);
    if (*end == '\\') return false;
    out = std::string_view(p, static_cast<std::size_t>(end - p));
    return true;
  }
}

/// The content of the string token `token` (from its opening quote, white space after
/// the closing one allowed), as written: escapes are left in. False when the token
/// is not a string.
inline bool StringToken(std::string_view token, std::string_view& content) {
  if (token.empty() || token.front() != '"') return false;
  std::size_t end = token.size();
  while (end > 1 && token[end - 1] != '"') --end;  // trailing white space after the quote
  content = token.substr(1, end - 2);
  return end >= 2;
}

/// Decodes the content of a JSON string (between its quotes) whose escapes are
/// valid: backslash escapes, \uXXXX with surrogate pairs, as UTF-8. An invalid escape
/// is not reported: the caller's parser has checked them.
std::string Unescape(std::string_view raw);

/// Whether `s` is a JSON number, exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view s);

/// `s` without trailing white space, nor trailing NUL bytes (as the loader has always
/// trimmed a token: see the test).
inline std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (IsJsonSpace(s.back()) || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

/// Offset of the first byte of `s` that is not valid UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF included), or npos. A byte at a time:
/// for error messages.
std::size_t FirstInvalidUtf8(std::string_view s);

/// Offset of the first control character of `s` that is not white space (a byte below
/// 0x20 but tab, newline and return), or npos. For error messages.
std::size_t FirstControlCharacter(std::string_view s);

}  // namespace plangate::plan
