#include "plan/json_bytes.h"

#include "catch.h"
#include <random>
#include <string>
#include <vector>

#include "base/file.h"

namespace plangate::plan {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

TEST_CASE("bytes: JSON white space is space, tab, newline and return only", "[plan]") {
  for (int c = 0; c < 256; ++c) {
    INFO(c);
    CHECK(IsJsonSpace(static_cast<char>(c)) == (c == ' ' || c == '\t' || c == '\n' || c == '\r'));
  }
}

// The first byte of `word` a byte-at-a-time test marks, or 8.
template <typename Test>
std::size_t FirstByte(const unsigned char (&bytes)[8], Test test) {
  for (std::size_t i = 0; i < 8; ++i) {
    if (test(bytes[i])) return i;
  }
  return 8;
}

TEST_CASE("bytes: a word's first byte below a limit or equal to a byte, as a byte-at-a-time scan finds it",
          "[plan]") {
  // Random words over an alphabet of the bytes the scans look for and their neighbours.
  std::mt19937 rng(20261205);
  const unsigned char alphabet[] = {0x00, 0x01, 0x1f, 0x20, 0x21, '"', '#', '\\', ']', 0x7f, 0x80, 0xc3, 0xff};
  for (int round = 0; round < 20000; ++round) {
    unsigned char bytes[8];
    for (unsigned char& b : bytes) b = alphabet[rng() % sizeof alphabet];
    std::uint64_t word;
    std::memcpy(&word, bytes, 8);
    auto first = [](std::uint64_t hits) { return hits == 0 ? std::size_t{8} : FirstMarked(hits); };
    INFO("round " << round);
    CHECK(first(BytesBelow(word, 0x20)) == FirstByte(bytes, [](unsigned char b) { return b < 0x20; }));
    CHECK(first(BytesBelow(word, 0x80)) == FirstByte(bytes, [](unsigned char b) { return b < 0x80; }));
    CHECK(first(BytesEqual(word, '"')) == FirstByte(bytes, [](unsigned char b) { return b == '"'; }));
    CHECK(first(BytesEqual(word, '\\')) == FirstByte(bytes, [](unsigned char b) { return b == '\\'; }));
  }
}

TEST_CASE("bytes: a plain string is read to its closing quote - an escape anywhere is left to the caller",
          "[plan]") {
  for (std::size_t n = 0; n <= 20; ++n) {
    for (std::size_t at = 0; at <= n; ++at) {
      INFO("length " << n << ", escape at " << at);
      std::string plain(n, 's');
      std::string escaped = plain;
      escaped.insert(at, "\\\"");
      // The string ends the input: the words read past its quote land in the padding.
      InputBuffer a = InputBuffer::FromString(plain + "\"");
      std::string_view content;
      REQUIRE(PlainString(a.data(), content));
      CHECK(content == plain);
      InputBuffer b = InputBuffer::FromString(escaped + "\"");
      CHECK_FALSE(PlainString(b.data(), content));
    }
  }
}

TEST_CASE("bytes: a string token's content, as written, white space after it allowed", "[plan]") {
  std::string_view content;
  CHECK(StringToken(R"("abc")", content));
  CHECK(content == "abc");
  CHECK(StringToken("\"a\\\"b\" \n\t", content));
  CHECK(content == "a\\\"b");
  CHECK(StringToken(R"("")", content));
  CHECK(content.empty());
  CHECK_FALSE(StringToken("", content));
  CHECK_FALSE(StringToken("12", content));
  CHECK_FALSE(StringToken("null", content));
  CHECK_FALSE(StringToken("\"", content));
}

TEST_CASE("bytes: escapes are decoded, unicode escapes as UTF-8 with surrogate pairs", "[plan]") {
  CHECK(Unescape("plain") == "plain");
  CHECK(Unescape(R"(\"\\\/\b\f\n\r\t)") == "\"\\/\b\f\n\r\t");
  CHECK(Unescape(R"(\u0041\u00e9\u20AC)") == "A\xc3\xa9\xe2\x82\xac");
  CHECK(Unescape(R"(\ud83d\ude00!)") == "\xf0\x9f\x98\x80!");
  CHECK(Unescape(R"(\u0000)") == std::string(1, '\0'));
  // A high surrogate with no low one after it is written as it stands (CESU-8 style).
  CHECK(Unescape(R"(\ud83dx)") == "\xed\xa0\xbdx");
}

TEST_CASE("bytes: the JSON number grammar, exactly", "[plan]") {
  for (const char* good : {"0", "-0", "7", "-12", "10", "0.5", "-0.0", "1e9", "1E+9", "1e-9", "2.50e10",
                           "123456789012345678901234567890", "-1.5e300"}) {
    INFO(good);
    CHECK(IsJsonNumber(good));
  }
  for (const char* bad : {"", "-", "+1", "01", "-01", ".5", "1.", "1.e3", "1e", "1e+", "0x10", "1 ", " 1",
                          "12a", "NaN", "Infinity", "--1", "1.2.3", "1e5.0"}) {
    INFO(bad);
    CHECK_FALSE(IsJsonNumber(bad));
  }
}

TEST_CASE("bytes: trailing white space is trimmed, and NUL bytes with it", "[plan]") {
  CHECK(TrimRight("1 \t\r\n") == "1");
  CHECK(TrimRight(" 1") == " 1");
  CHECK(TrimRight("") == "");
  CHECK(TrimRight(" \n") == "");
  // The whole-document pass has always trimmed NUL bytes off a token too: `1\0` after
  // a key reads as 1 (kept as it is until the split pass checks the whole grammar).
  CHECK(TrimRight(std::string_view("1\0 ", 3)) == "1");
}

TEST_CASE("bytes: the first byte that is not UTF-8", "[plan]") {
  CHECK(FirstInvalidUtf8("") == kNpos);
  CHECK(FirstInvalidUtf8("ascii \x7f") == kNpos);
  CHECK(FirstInvalidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf") == kNpos);
  CHECK(FirstInvalidUtf8("ab\xff") == 2);            // never a lead byte
  CHECK(FirstInvalidUtf8("ab\x80") == 2);            // a continuation with no lead
  CHECK(FirstInvalidUtf8("ab\xc3") == 2);            // cut short by the end
  CHECK(FirstInvalidUtf8("ab\xc3x") == 2);           // cut short by an ASCII byte
  CHECK(FirstInvalidUtf8("ab\xc0\xaf") == 2);        // overlong '/'
  CHECK(FirstInvalidUtf8("ab\xe0\x80\xaf") == 2);    // overlong, three bytes
  CHECK(FirstInvalidUtf8("ab\xf0\x80\x80\xaf") == 2);  // overlong, four bytes
  CHECK(FirstInvalidUtf8("ab\xed\xa0\x80") == 2);    // a surrogate, U+D800
  CHECK(FirstInvalidUtf8("ab\xf4\x90\x80\x80") == 2);  // above U+10FFFF
}

TEST_CASE("bytes: the first control character that is not white space", "[plan]") {
  CHECK(FirstControlCharacter("") == kNpos);
  CHECK(FirstControlCharacter("a \t\r\nb\x7f\xff") == kNpos);
  CHECK(FirstControlCharacter(std::string_view("ab\0c", 4)) == 2);
  CHECK(FirstControlCharacter("\tx\x1f") == 2);
  CHECK(FirstControlCharacter("\x01") == 0);
}

}  // namespace
}  // namespace plangate::plan
