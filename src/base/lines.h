#pragma once
// Line numbers of byte offsets, counted as a single pass over a text goes.

#include <cstddef>
#include <string>
#include <string_view>

namespace plangate {

/// A line and a column of a text, from 1; the column counts bytes.
struct TextPosition {
  std::size_t line = 0, column = 0;
};

/// `file:line:col`, as diagnostics name a place in a file.
std::string FileAt(const std::string& file, TextPosition at);

/// The line of each offset asked for, counting the newlines ('\n', so "\r\n" counts
/// once) between one offset and the next: asked in increasing order, as a reader
/// moves through the text, each byte is counted once, while it is in cache.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}

  /// The line (from 1) that `offset` is on; past the end, the last line. Counts from
  /// the last offset asked (backwards, if `offset` is before it).
  std::size_t LineAt(std::size_t offset);
  /// The line (LineAt) and the column of `offset`.
  TextPosition PositionAt(std::size_t offset);
  /// Counts up to `offset` now: before the bytes behind it are handed back.
  void CountTo(std::size_t offset) { LineAt(offset); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;    // counted up to here
  std::size_t line_ = 1;  // the line `at_` is on
};

/// Newlines ('\n') in `text`.
std::size_t CountNewlines(std::string_view text);

}  // namespace plangate
