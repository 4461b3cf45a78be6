#pragma once
// The top level of a JSON object, found without parsing its values: a plan's
// planned_values and prior_state (often half of it) are never read, so the loader
// parses only the members it needs (src/plan/json_loader.cc). And the check that a
// text is JSON as RFC 8259 defines it, everywhere, skipped parts included: both of
// the loader's passes ask it, so they accept the same documents.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plan/json_bytes.h"

namespace plangate::plan {

/// One member of an object, as byte offsets into the text.
struct JsonMember {
  std::size_t key_begin = 0, key_end = 0;      ///< the key between its quotes, as written
  std::size_t value_begin = 0, value_end = 0;  ///< the value, without white space around it
};

/// Nesting deeper than this makes SkipContainer give up (simdjson's own limit).
inline constexpr std::size_t kMaxSplitDepth = 1024;

/// The first thing wrong with a JSON text, in document order (RFC 8259): what, and
/// at which byte. UTF-8 is not checked here (the loader checks it in one pass).
struct JsonFault {
  enum class Kind : unsigned char {
    kNone,
    kTruncated,              ///< the text ends inside a value (offset: its size)
    kTrailing,               ///< something but white space after the document
    kControl,                ///< a byte below 0x20 in a string, or between tokens but white space
    kExpectedValue,          ///< after ':' or ',', or a byte that starts no value
    kExpectedValueOrClose,   ///< after '['
    kExpectedKeyOrClose,     ///< after '{'
    kExpectedKey,            ///< after ',' in an object
    kExpectedColon,          ///< after a key
    kExpectedCommaOrObjectClose,  ///< after an object member ('[' closed by '}' included)
    kExpectedCommaOrArrayClose,   ///< after an array element
    kLiteral,                ///< a word that is not true, false or null
    kNumber,                 ///< a number outside JSON's grammar
    kEscape,                 ///< a backslash escape JSON does not have, or \u without 4 hex digits
    kSurrogate,              ///< a \u escape of half a surrogate pair, alone
  };
  Kind kind = Kind::kNone;
  std::size_t offset = 0;

  explicit operator bool() const { return kind != Kind::kNone; }
};

/// What `fault` says, without where: e.g. "expected ',' or '}' after an object member".
/// `text` is the text it was found in (a control character is named by its value).
std::string DescribeFault(std::string_view text, const JsonFault& fault);

/// Checks the value starting at `text[begin]` (object, array, string or scalar) as a
/// conforming JSON parser reads it: bracket kinds, commas, colons, literals, number
/// grammar, string escapes (\u escapes included: surrogates must pair), control
/// characters; to any depth. Objects and arrays are read 64 bytes at a time (bit masks),
/// each token then checked in order. Returns one past the value, or npos with `fault`
/// set to the first fault.
/// REQUIRES: 64 readable bytes after the text (the input's padding).
std::size_t CheckValue(std::string_view text, std::size_t begin, JsonFault& fault);

/// Checks `text` as a whole JSON document: white space, one value, white space
/// (CheckValue). The first fault, or one whose kind is kNone.
/// REQUIRES: 64 readable bytes after the text.
JsonFault CheckDocument(std::string_view text);

/// The documents of a stream of JSON texts written one after another, each an object,
/// separated by white space or nothing (as `terragrunt run-all show -json` writes plans):
/// the [begin, end) of each that CheckValue accepts, in order, from the start. Stops at
/// the end of the text, at a byte that starts no object, or at an object CheckValue
/// rejects; `stop` is where (text.size() at the end). UTF-8 is not checked here.
/// REQUIRES: 64 readable bytes after the text.
std::vector<std::pair<std::size_t, std::size_t>> SplitDocuments(std::string_view text, std::size_t& stop);

/// Whether `size` bytes at `data` are valid UTF-8 (the loader's check: simdjson's).
using Utf8Check = bool (*)(const char* data, std::size_t size);

/// What SplitTopLevel hands its caller as it goes, each part as soon as it is checked
/// (and still in cache): the top-level members in order, and the elements of the arrays
/// the caller asks to have split, each before the member that holds them.
class SplitVisitor {
 public:
  virtual ~SplitVisitor() = default;
  /// Whether the array that is the value of the top-level member `key` has its elements
  /// split (Element, for each, until the member itself). Not an array: no split.
  virtual bool SplitsElements(std::string_view key) = 0;
  /// An element of such an array: an object at [begin, end), and its members, checked
  /// as CheckValue does. False stops the split (SplitTopLevel returns false).
  virtual bool Element(std::size_t begin, std::size_t end, const std::vector<JsonMember>& fields) = 0;
  /// A top-level member, checked. False stops the split.
  virtual bool Member(const JsonMember& member) = 0;
};

/// Splits `text`, a JSON object, into its members, checking the whole text as
/// CheckDocument does in the same pass: nested objects and arrays are skipped 64 bytes
/// at a time (CheckValue). With `utf8`, its UTF-8 is checked in the same pass: in
/// objects and arrays only where a block has a byte above 0x7f, while it is in cache.
/// Returns false for anything else (not an object, any fault, invalid UTF-8, a key
/// with an escape, which only a parser decodes): the caller then parses the text whole,
/// which names the error. With `visitor`, it is told of each member and element as it
/// goes (an element that is not an object, or has a key with an escape, stops the split).
/// REQUIRES: 64 readable bytes after the text (the input's padding).
bool SplitTopLevel(std::string_view text, std::vector<JsonMember>& members, Utf8Check utf8 = nullptr,
                   SplitVisitor* visitor = nullptr);

/// Splits the object opening at `text[open]` into `members`, without checking what
/// it skips: one past its closing brace, or npos (a key with an escape, nesting past
/// kMaxSplitDepth, or one of the faults SkipContainer sees).
/// REQUIRES: the text was checked (CheckDocument or SplitTopLevel).
std::size_t SplitObject(std::string_view text, std::size_t open, std::vector<JsonMember>& members);

/// One past the value (object, array, string or scalar) starting at `text[begin]`,
/// or npos on any of SkipContainer's faults. Checks no grammar.
std::size_t SkipValue(std::string_view text, std::size_t begin);

/// The first byte at or after `i` that is not JSON white space (text.size() if none).
/// Inline: every kernel (json_split_kernel.h) steps over white space with it.
inline std::size_t SkipSpace(std::string_view text, std::size_t i) {
  while (i < text.size() && IsJsonSpace(text[i])) ++i;
  return i;
}

/// Where the object or array opening at `text[open]` closes (one past it), counting
/// brackets 64 bytes at a time: npos when strings do not close, a control character
/// is not white space, brackets do not balance, or nesting passes kMaxSplitDepth. It
/// does not check bracket kinds, commas, colons nor scalars: for checked text.
std::size_t SkipContainer(std::string_view text, std::size_t open);

/// The same answer as SkipContainer, a byte at a time, honouring strings only (no
/// other check); npos when the input ends first. For error messages, which tell a
/// truncated file from trailing content, and as the tests' reference.
std::size_t ScanContainerEnd(std::string_view text, std::size_t open);

}  // namespace plangate::plan
