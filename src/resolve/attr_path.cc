#include "resolve/attr_path.h"

namespace plangate::resolve {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

Error Bad(std::string_view text, std::size_t pos, const std::string& expected) {
  return Error::Policy("", "", "invalid attribute path '" + std::string(text) + "' at offset " +
                                   std::to_string(pos) + ": expected " + expected,
                       "write paths like point_in_time_recovery[0].enabled");
}

}  // namespace

Result<AttrPath> AttrPath::Parse(std::string_view text) {
  AttrPath path;
  std::size_t i = 0;
  bool expect_name = true;
  while (i < text.size() || expect_name) {
    if (expect_name) {
      std::size_t start = i;
      while (i < text.size() && IsNameChar(text[i])) ++i;
      if (i == start) return Bad(text, i, "an attribute name");
      path.segments_.push_back({PathSegment::Kind::kKey, std::string(text.substr(start, i - start))});
      expect_name = false;
    } else if (text[i] == '.') {
      ++i;
      expect_name = true;
    } else if (text[i] == '[') {
      ++i;
      std::size_t start = i;
      std::size_t n = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 9) {
        n = n * 10 + static_cast<std::size_t>(text[i] - '0');
        ++i;
      }
      if (i == start) return Bad(text, i, "a list index (a number)");
      if (i >= text.size() || text[i] != ']') return Bad(text, i, "']'");
      ++i;
      path.segments_.push_back({PathSegment::Kind::kIndex, "", n});
    } else {
      return Bad(text, i, "'.', '[' or the end of the path");
    }
  }
  path.text_ = path.Prefix(path.segments_.size());
  return path;
}

std::string AttrPath::Prefix(std::size_t n) const {
  std::string out;
  for (std::size_t i = 0; i < n && i < segments_.size(); ++i) {
    const PathSegment& s = segments_[i];
    if (s.kind == PathSegment::Kind::kKey) {
      if (i > 0) out += '.';
      out += s.key;
    } else {
      out += '[' + std::to_string(s.index) + ']';
    }
  }
  return out;
}

}  // namespace plangate::resolve
