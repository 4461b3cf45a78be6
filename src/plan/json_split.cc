#include "plan/json_split.h"

#include <cstdio>

#include "plan/json_split_kernel.h"

// What depends on the instruction set is in the kernels (json_split_kernel.h): these
// functions hand each call to the one in use.

namespace plangate::plan {

using Fault = JsonFault::Kind;

std::size_t SkipContainer(std::string_view text, std::size_t open) {
  return ActiveSplitKernel().skip_container(text, open);
}

std::size_t SkipValue(std::string_view text, std::size_t begin) {
  return ActiveSplitKernel().skip_value(text, begin);
}

std::size_t CheckValue(std::string_view text, std::size_t begin, JsonFault& fault) {
  return ActiveSplitKernel().check_value(text, begin, fault);
}

JsonFault CheckDocument(std::string_view text) { return ActiveSplitKernel().check_document(text); }

std::size_t SplitObject(std::string_view text, std::size_t open, std::vector<JsonMember>& members) {
  return ActiveSplitKernel().split_object(text, open, members);
}

bool SplitTopLevel(std::string_view text, std::vector<JsonMember>& members, Utf8Check utf8,
                   SplitVisitor* visitor) {
  return ActiveSplitKernel().split_top_level(text, members, utf8, visitor);
}

std::size_t ScanContainerEnd(std::string_view text, std::size_t open) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::vector<std::pair<std::size_t, std::size_t>> SplitDocuments(std::string_view text, std::size_t& stop) {
  std::vector<std::pair<std::size_t, std::size_t>> documents;
  std::size_t i = SkipSpace(text, 0);
  while (i < text.size() && text[i] == '{') {
    JsonFault fault;
    std::size_t end = CheckValue(text, i, fault);
    if (end == std::string_view::npos) break;
    documents.emplace_back(i, end);
    i = SkipSpace(text, end);
  }
  stop = i;
  return documents;
}

std::string DescribeFault(std::string_view text, const JsonFault& fault) {
  switch (fault.kind) {
    case Fault::kNone: return "no fault";
    case Fault::kTruncated: return "unexpected end of input (file truncated?)";
    case Fault::kTrailing: return "unexpected content after the JSON document";
    case Fault::kControl: {
      char what[64];
      std::snprintf(what, sizeof what, "a control character (0x%02x) where JSON allows none",
                    fault.offset < text.size() ? static_cast<unsigned char>(text[fault.offset]) : 0);
      return what;
    }
    case Fault::kExpectedValue: return "expected a value (an object, array, string, number, true, false or null)";
    case Fault::kExpectedValueOrClose: return "expected a value or ']' after '['";
    case Fault::kExpectedKeyOrClose: return "expected a key (a string) or '}' after '{'";
    case Fault::kExpectedKey: return "expected a key (a string) after ',' in an object";
    case Fault::kExpectedColon: return "expected ':' after an object key";
    case Fault::kExpectedCommaOrObjectClose: return "expected ',' or '}' after an object member";
    case Fault::kExpectedCommaOrArrayClose: return "expected ',' or ']' after an array element";
    case Fault::kLiteral: return "invalid literal (expected true, false or null)";
    case Fault::kNumber: return "invalid number";
    case Fault::kEscape:
      return "invalid escape in a string (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
    case Fault::kSurrogate: return "a \\u escape of half a UTF-16 surrogate pair, without the other half";
  }
  return "invalid JSON";
}

}  // namespace plangate::plan
