#include "base/lines.h"

#include "catch.h"

#include <string>

namespace plangate {
namespace {

TEST_CASE("lines of offsets asked in order, and back", "[base]") {
  std::string_view text = "{\n  \"a\": 1,\r\n  \"b\": [\n\n    2]\n}";
  LineCounter lines(text);
  CHECK(lines.LineAt(0) == 1);
  CHECK(lines.LineAt(text.find("\"a\"")) == 2);
  CHECK(lines.LineAt(text.find("\"b\"")) == 3);  // "\r\n" is one newline
  CHECK(lines.LineAt(text.find('2')) == 5);
  CHECK(lines.LineAt(text.find('}')) == 6);
  CHECK(lines.LineAt(text.find("\"a\"")) == 2);  // backwards
  CHECK(lines.LineAt(1000) == 6);                // past the end: the last line
}

TEST_CASE("a text without newlines is one line", "[base]") {
  LineCounter lines("{\"a\":1}");
  CHECK(lines.LineAt(5) == 1);
  CHECK(lines.LineAt(7) == 1);
}

TEST_CASE("newlines are counted in every position of the counting blocks", "[base]") {
  // Lengths around the 32-byte blocks and the 255-block rounds, a newline every 7 bytes.
  for (std::size_t size : {0, 1, 31, 32, 33, 255 * 32 - 1, 255 * 32, 255 * 32 + 40, 20000}) {
    std::string text(size, 'x');
    std::size_t want = 0;
    for (std::size_t i = 3; i < size; i += 7, ++want) text[i] = '\n';
    CHECK(CountNewlines(text) == want);
  }
}

TEST_CASE("a position is its line and its column in bytes, from 1", "[base]") {
  LineCounter lines("ab\ncd\r\nef");
  auto at = [&](std::size_t offset) {
    TextPosition p = lines.PositionAt(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  CHECK(at(0) == "1:1");
  CHECK(at(2) == "1:3");   // the newline itself
  CHECK(at(3) == "2:1");
  CHECK(at(5) == "2:3");   // the return of a CRLF is a byte of its line
  CHECK(at(7) == "3:1");
  CHECK(at(1) == "1:2");   // backwards
  CHECK(at(99) == "3:3");  // past the end: the end
  CHECK(FileAt("main.tf", {12, 7}) == "main.tf:12:7");
}

}  // namespace
}  // namespace plangate
