#include "resolve/attr_path.h"

namespace plangate::resolve {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool IsPlainName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

Error Bad(std::string_view text, std::size_t pos, const std::string& expected) {
  return Error::Policy("", "", "invalid attribute path '" + std::string(text) + "' at offset " +
                                   std::to_string(pos) + ": expected " + expected,
                       "write paths like point_in_time_recovery[0].enabled, tags[\"a.b\"] or "
                       "replica[*].point_in_time_recovery");
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
      if (i < text.size() && text[i] == '*') {
        ++i;
        path.segments_.push_back({PathSegment::Kind::kEach, ""});
      } else if (i < text.size() && text[i] == '"') {
        std::string key;
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;
          key += text[i];
        }
        if (i >= text.size()) return Bad(text, i, "a closing '\"'");
        ++i;
        path.segments_.push_back({PathSegment::Kind::kKey, std::move(key)});
      } else {
        std::size_t start = i;
        std::size_t n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 9) {
          n = n * 10 + static_cast<std::size_t>(text[i] - '0');
          ++i;
        }
        if (i == start) return Bad(text, i, "a list index (a number), '*' or a quoted key");
        path.segments_.push_back({PathSegment::Kind::kIndex, "", n});
      }
      if (i >= text.size() || text[i] != ']') return Bad(text, i, "']'");
      ++i;
    } else {
      return Bad(text, i, "'.', '[' or the end of the path");
    }
  }
  path.Canonicalize();
  return path;
}

std::string AttrPath::Prefix(std::size_t n) const {
  std::string out;
  for (std::size_t i = 0; i < n && i < segments_.size(); ++i) {
    const PathSegment& s = segments_[i];
    switch (s.kind) {
      case PathSegment::Kind::kKey:
        if (i == 0 || IsPlainName(s.key)) {
          if (i > 0) out += '.';
          out += s.key;
        } else {
          out += "[\"";
          for (char c : s.key) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
          }
          out += "\"]";
        }
        break;
      case PathSegment::Kind::kIndex: out += '[' + std::to_string(s.index) + ']'; break;
      case PathSegment::Kind::kEach: out += "[*]"; break;
    }
  }
  return out;
}

std::size_t AttrPath::FirstEach() const {
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (segments_[i].kind == PathSegment::Kind::kEach) return i;
  }
  return std::string::npos;
}

AttrPath AttrPath::WithIndex(std::size_t position, std::size_t index) const {
  AttrPath p = *this;
  p.segments_[position] = {PathSegment::Kind::kIndex, "", index};
  p.Canonicalize();
  return p;
}

AttrPath AttrPath::FromSegments(std::vector<PathSegment> segments) {
  AttrPath p;
  p.segments_ = std::move(segments);
  p.Canonicalize();
  return p;
}

AttrPath AttrPath::Head(std::size_t n) const {
  AttrPath p;
  p.segments_.assign(segments_.begin(), segments_.begin() + static_cast<long>(std::min(n, segments_.size())));
  p.Canonicalize();
  return p;
}

}  // namespace plangate::resolve
