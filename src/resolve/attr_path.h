#pragma once
// Attribute paths that policies read: `point_in_time_recovery[0].enabled`,
// `tags.environment`, `tags["cost.center"]`, `replica[*].point_in_time_recovery`.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace plangate::resolve {

/// One step of a path: an object key, a list index, or every list element.
struct PathSegment {
  enum class Kind { kKey, kIndex, kEach };
  Kind kind;
  std::string key;        ///< kKey
  std::size_t index = 0;  ///< kIndex
};

/// A parsed attribute path. Its first segment is always a key (a top-level attribute).
class AttrPath {
 public:
  /// Parses `name(.name|["key"]|[N]|[*])*`; names are letters, digits, '_' and '-';
  /// a quoted key may hold any character (\" and \\ escaped). On failure the error's
  /// text says the offset and what was expected (no source: the caller adds it).
  static Result<AttrPath> Parse(std::string_view text);

  const std::vector<PathSegment>& segments() const { return segments_; }
  /// The top-level attribute name (the first segment).
  const std::string& root() const { return segments_.front().key; }
  /// The canonical text, e.g. `point_in_time_recovery[0].enabled`.
  const std::string& text() const { return text_; }
  /// The canonical text of the first `n` segments.
  std::string Prefix(std::size_t n) const;
  /// Position of the first `[*]`, or npos.
  std::size_t FirstEach() const;
  /// This path with the `[*]` at `position` replaced by `[index]`.
  // REQUIRES: segments()[position] is kEach.
  AttrPath WithIndex(std::size_t position, std::size_t index) const;
  /// The first `n` segments as a path.
  AttrPath Head(std::size_t n) const;
  /// A path made of `segments` (keys and indexes).
  // REQUIRES: segments is not empty, and its first segment is a key.
  static AttrPath FromSegments(std::vector<PathSegment> segments);

 private:
  void Canonicalize() { text_ = Prefix(segments_.size()); }

  std::vector<PathSegment> segments_;
  std::string text_;
};

}  // namespace plangate::resolve
