#include "plan/json_split.h"

#include "catch.h"
#include <random>
#include <string>

#include "base/file.h"
#include "plan/json_bytes.h"
#include "plan/random_json.h"

namespace plangate::plan {
namespace {

// The splitter reads in 64-byte blocks past the text: give it the input's padding.
struct Padded {
  explicit Padded(const std::string& s) : buffer(InputBuffer::FromString(s)) {}
  std::string_view text() const { return buffer.view(); }
  InputBuffer buffer;
};

std::vector<std::string> Keys(const std::string& json) {
  Padded p(json);
  std::vector<JsonMember> members;
  if (!SplitTopLevel(p.text(), members)) return {"(no split)"};
  std::vector<std::string> out;
  for (const JsonMember& m : members) {
    out.push_back(std::string(p.text().substr(m.key_begin, m.key_end - m.key_begin)) + "=" +
                  std::string(p.text().substr(m.value_begin, m.value_end - m.value_begin)));
  }
  return out;
}

TEST_CASE("split: members with their values, white space around them left out", "[plan]") {
  CHECK(Keys(R"( { "a" : 1 , "b":"x}\"{" ,"c":{"d":[1,{"e":"]"}]},"f":[] , "g":true } )") ==
        std::vector<std::string>{"a=1", R"(b="x}\"{")", R"(c={"d":[1,{"e":"]"}]})", "f=[]", "g=true"});
  CHECK(Keys("{}").empty());
  CHECK(Keys("{\n}\n").empty());
}

// The documents SplitDocuments finds, as their text, then where it stopped.
std::vector<std::string> Documents(const std::string& text) {
  Padded p(text);
  std::size_t stop = 0;
  std::vector<std::string> out;
  for (auto [begin, end] : SplitDocuments(p.text(), stop)) out.push_back(text.substr(begin, end - begin));
  out.push_back("stop " + std::to_string(stop));
  return out;
}

TEST_CASE("stream: the objects one after another, each checked, up to what is not one", "[plan]") {
  CHECK(Documents("") == std::vector<std::string>{"stop 0"});
  CHECK(Documents(" {}\n") == std::vector<std::string>{"{}", "stop 4"});
  CHECK(Documents(R"({"a":"}{"}{"b":[1]}  {} )") ==
        std::vector<std::string>{R"({"a":"}{"})", R"({"b":[1]})", "{}", "stop 24"});
  // Stops at what is not an object, or at an object with a fault (it is not returned).
  CHECK(Documents("{}\ntime=x level=info\n{}") == std::vector<std::string>{"{}", "stop 3"});
  CHECK(Documents("{} [1] {}") == std::vector<std::string>{"{}", "stop 3"});
  CHECK(Documents(R"({} {"a":01} {})") == std::vector<std::string>{"{}", "stop 3"});
  CHECK(Documents(R"({} {"a":1)") == std::vector<std::string>{"{}", "stop 3"});
}

TEST_CASE("split: strings of every length, an escape or a control character anywhere", "[plan]") {
  for (std::size_t n = 0; n <= 20; ++n) {
    for (std::size_t at = 0; at <= n; ++at) {
      std::string plain(n, 's');
      std::string escaped = plain, control = plain;
      escaped.insert(at, "\\\"");  // \" : the string goes on
      control.insert(at, "\x1f");
      INFO("length " << n << ", at " << at);
      CHECK(Keys("{\"k\":\"" + escaped + "\"}") == std::vector<std::string>{"k=\"" + escaped + "\""});
      CHECK(Keys("{\"k\":\"" + control + "\"}") == std::vector<std::string>{"(no split)"});
      CHECK(Keys("{\"k\":\"" + plain) == std::vector<std::string>{"(no split)"});  // never closes
    }
  }
}

TEST_CASE("split: anything but a clean object is left to the full parse", "[plan][bad]") {
  const std::vector<std::string> refused = {
      "", "[]", "{", R"({"a":1)", R"({"a":{"b":1})", R"({"a":1}x)", R"({"a":1}{})", R"({"a" 1})",
      R"({"a":})", R"({"a":1,})", R"({a:1})", R"({"a\u0062":1})", R"({"a":"x)",
      "{\"a\":\"tab\tin string\"}", "{\"a\":[\"nul\x01\"]}", "{\"a\":[1,\x02 2]}", R"({"a":[}}])",
      R"({"a":]})"};
  for (const std::string& json : refused) {
    INFO(json);
    CHECK(Keys(json) == std::vector<std::string>{"(no split)"});
  }
  CHECK(Keys("{\"a\":[1,\n\t2]}") == std::vector<std::string>{"a=[1,\n\t2]"});  // white space is fine
}

TEST_CASE("split: UTF-8 checked in the same pass, as a byte-at-a-time check finds it", "[plan][bad]") {
  // A character, valid or not, at every offset of a nested string, a key, a top-level
  // string, right after a container, or after a run of blocks of them.
  auto utf8 = [](const char* data, std::size_t size) {
    return FirstInvalidUtf8(std::string_view(data, size)) == std::string_view::npos;
  };
  const std::vector<std::string> characters = {"\xc3\xa9", "\xf0\x9f\x98\x80", "\xe2\x82\xac", "\xc3",
                                               "\xa9",     "\xed\xa0\x80",     "\xc0\x80",     "\xf4\x90\x80\x80"};
  std::string many;  // a run of blocks with bytes above 0x7f
  for (int k = 0; k < 80; ++k) many += "\xc3\xa9";
  int refused = 0;
  for (const std::string& c : characters) {
    for (std::size_t at = 0; at < 150; ++at) {
      std::string pad(at, 'p');
      for (const std::string& text :
           {"{\"a\":[{\"b\":\"" + pad + c + "\"},1],\"z\":2}", "{\"a\":{\"" + pad + c + "\":true},\"z\":[2]}",
            "{\"" + pad + c + "\":[[]],\"z\":[2]}", "{\"a\":[\"" + pad + "\"],\"s\":\"" + c + "\",\"z\":[3]}",
            "{\"a\":[\"" + pad + "\",1],\"" + c + "\":0}", "{\"a\":[\"" + pad + many + c + "\"],\"z\":4}"}) {
        Padded p(text);
        std::vector<JsonMember> members;
        bool want = !CheckDocument(p.text()) && FirstInvalidUtf8(text) == std::string_view::npos;
        INFO(text);
        REQUIRE(SplitTopLevel(p.text(), members, utf8) == want);
        refused += want ? 0 : 1;
      }
    }
  }
  CHECK(refused == 150 * 5 * 6);  // the five invalid sequences, in each place
}

TEST_CASE("split: the top level splits at any depth - SkipContainer gives up past its limit", "[plan][bad]") {
  auto nested = [](std::size_t depth) {
    return "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  };
  CHECK(Keys(nested(kMaxSplitDepth + 1)).size() == 1);  // checked, one bit a level
  CHECK(Keys(nested(5000)).size() == 1);
  Padded at_limit(nested(kMaxSplitDepth)), past(nested(kMaxSplitDepth + 1));
  CHECK(SkipContainer(at_limit.text(), 5) == at_limit.text().size() - 1);
  CHECK(SkipContainer(past.text(), 5) == std::string::npos);
}

TEST_CASE("split: containers end where a byte-by-byte scan says, escapes across blocks included",
          "[plan]") {
  // Random containers whose strings hold brackets, escaped quotes and backslash runs,
  // long enough that strings and runs straddle 64-byte blocks; backslashes only in
  // strings, as in JSON. Some end inside a string or an open bracket.
  std::mt19937 rng(20261126);
  const std::string outside = "[]{},: a";
  const std::string inside = "ab{}[] ";
  const std::string escapable = "\"\\ab]{";
  for (int round = 0; round < 20000; ++round) {
    std::string text = "[";
    std::size_t tokens = rng() % 60;
    for (std::size_t t = 0; t < tokens; ++t) {
      if (rng() % 3 != 0) {
        text += outside[rng() % outside.size()];
        continue;
      }
      text += '"';
      for (std::size_t n = rng() % 20; n > 0; --n) {
        if (rng() % 2) {
          text += '\\';
          text += escapable[rng() % escapable.size()];
        } else {
          text += inside[rng() % inside.size()];
        }
      }
      bool last = t + 1 == tokens;
      if (!last || rng() % 8 != 0) text += '"';  // only the last string may stay open
    }
    if (rng() % 2 && (text.empty() || text.back() != '\\')) text += "]]]]]";
    Padded p(text);
    std::size_t expected = ScanContainerEnd(text, 0);  // the byte-by-byte scan
    std::size_t got = SkipContainer(p.text(), 0);
    if (got != std::string::npos) {
      INFO(text);
      REQUIRE(got == expected);
    } else {
      INFO(text);  // the alphabet has no control character: refusing means it never closes
      REQUIRE(expected == std::string::npos);
    }
  }
}

// ---- the checker against a reference: a byte-at-a-time recursive reader written
// straight from RFC 8259, giving the first fault in document order.
class Reference {
 public:
  explicit Reference(std::string_view text) : t_(text) {}
  JsonFault Check() {
    Space();
    if (Value(JsonFault::Kind::kExpectedValue)) {
      Space();
      if (i_ != t_.size()) Fail(K::kTrailing, i_);
    }
    return fault_;
  }

 private:
  using K = JsonFault::Kind;
  static bool Control(char c) { return static_cast<unsigned char>(c) < 0x20; }
  bool Fail(K kind, std::size_t at) {
    fault_ = {kind, at};
    return false;
  }
  void Space() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }
  // The next token must be `want`; `otherwise` names the fault when it is not.
  bool Token(char want, K otherwise) {
    Space();
    if (i_ >= t_.size()) return Fail(K::kTruncated, t_.size());
    if (Control(t_[i_])) return Fail(K::kControl, i_);
    if (t_[i_] != want) return Fail(otherwise, i_);
    ++i_;
    return true;
  }
  bool Peek(char c) {
    Space();
    return i_ < t_.size() && t_[i_] == c;
  }
  bool Value(K otherwise) {
    Space();
    if (i_ >= t_.size()) return Fail(K::kTruncated, t_.size());
    char c = t_[i_];
    if (Control(c)) return Fail(K::kControl, i_);
    if (c == '"') return String();
    if (c == '{' || c == '[') {
      bool object = c == '{';
      char close = object ? '}' : ']';
      ++i_;
      if (Peek(close)) return ++i_, true;
      for (bool first = true;; first = false) {
        if (object) {
          K key_fault = first ? K::kExpectedKeyOrClose : K::kExpectedKey;
          Space();
          if (!Token('"', key_fault)) return false;
          --i_;
          if (!String() || !Token(':', K::kExpectedColon) || !Value(K::kExpectedValue)) return false;
        } else if (!Value(first ? K::kExpectedValueOrClose : K::kExpectedValue)) {
          return false;
        }
        K after = object ? K::kExpectedCommaOrObjectClose : K::kExpectedCommaOrArrayClose;
        if (Peek(close)) return ++i_, true;
        if (!Token(',', after)) return false;
      }
    }
    if (c == '}' || c == ']' || c == ',' || c == ':') return Fail(otherwise, i_);
    std::size_t start = i_, end = i_;
    while (end < t_.size() && std::string_view(",:[]{}\" \t\n\r").find(t_[end]) == std::string_view::npos &&
           !Control(t_[end])) {
      ++end;
    }
    std::string_view word = t_.substr(start, end - start);
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool ok = letter ? word == "true" || word == "false" || word == "null" : IsJsonNumber(word);
    if (!ok) return Fail(letter ? K::kLiteral : (c == '-' || (c >= '0' && c <= '9')) ? K::kNumber : K::kExpectedValue, start);
    i_ = end;
    return true;
  }
  long Hex(std::size_t at) {
    if (at + 4 > t_.size()) return -1;
    std::string hex(t_.substr(at, 4));
    if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return -1;
    return std::stol(hex, nullptr, 16);
  }
  bool String() {
    for (std::size_t i = i_ + 1; i < t_.size(); ++i) {
      char c = t_[i];
      if (c == '"') return i_ = i + 1, true;
      if (Control(c)) return Fail(K::kControl, i);
      if (c != '\\' || i + 1 >= t_.size()) continue;
      char e = t_[i + 1];
      if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
        ++i;
        continue;
      }
      if (e != 'u') return Fail(K::kEscape, i);
      long cp = Hex(i + 2);
      if (cp < 0) return Fail(K::kEscape, i);
      if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail(K::kSurrogate, i);
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        long low = t_.substr(i + 6, 2) == "\\u" ? Hex(i + 8) : -1;
        if (low < 0xDC00 || low > 0xDFFF) return Fail(K::kSurrogate, i);
        i += 6;
      }
      i += 5;
    }
    return Fail(K::kTruncated, t_.size());
  }
  std::string_view t_;
  std::size_t i_ = 0;
  JsonFault fault_;
};

std::string Describe(const std::string& text, JsonFault f) {
  return f ? "byte " + std::to_string(f.offset) + ": " + DescribeFault(text, f) : "valid";
}

// 30,000 texts from `make`, nine in ten with up to `most_changes` bytes changed, added
// or removed (the tenth must be valid): CheckDocument must name the reference's fault.
// How many had one.
template <typename Make>
int CompareWithReference(std::uint32_t seed, std::size_t most_changes, Make make) {
  std::mt19937 rng(seed);
  int faults = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text = make(rng);
    if (round % 10 != 0) Mutate(rng, text, most_changes);
    Padded p(text);
    JsonFault got = CheckDocument(p.text());
    JsonFault want = Reference(text).Check();
    if (round % 10 == 0) {
      INFO(text);
      REQUIRE(!got);
    }
    faults += got ? 1 : 0;
    INFO(text);
    REQUIRE(Describe(text, got) == Describe(text, want));
  }
  return faults;
}

TEST_CASE("check: the first fault of any text, as a byte-at-a-time reader finds it", "[plan][bad]") {
  int faults = CompareWithReference(20261211, 3, [](std::mt19937& rng) {
    std::string text;
    RandomValue(rng, text, 0);
    return text;
  });
  CHECK(faults > 10000);
}

TEST_CASE("check: compact text over many blocks, as a byte-at-a-time reader finds it", "[plan][bad]") {
  // Without white space between tokens a block is checked with masks: long texts,
  // so that tokens, strings and words straddle blocks at every offset, and faults
  // (white space included) land anywhere in them.
  int faults = CompareWithReference(20261212, 2, [](std::mt19937& rng) {
    bool object = rng() % 2;
    std::string text(1, object ? '{' : '[');
    for (std::size_t n = 1 + rng() % 12, k = 0; k < n; ++k) {
      if (k > 0) text += ',';
      if (object) text += "\"k" + std::to_string(k) + "\":";
      RandomValue(rng, text, 1, true);
    }
    text += object ? '}' : ']';
    return text;
  });
  CHECK(faults > 10000);
}

TEST_CASE("check: each kind of fault, located", "[plan][bad]") {
  auto check = [](const std::string& text) {
    Padded p(text);
    return Describe(text, CheckDocument(p.text()));
  };
  CHECK(check(R"({"a":[1,2}})") == "byte 9: expected ',' or ']' after an array element");
  CHECK(check(R"({"a":{"b":1]})") == "byte 11: expected ',' or '}' after an object member");
  CHECK(check(R"({"a":1 "b":2})") == "byte 7: expected ',' or '}' after an object member");
  CHECK(check(R"({"a":1,})") == "byte 7: expected a key (a string) after ',' in an object");
  CHECK(check(R"([1,])") == "byte 3: expected a value (an object, array, string, number, true, false or null)");
  CHECK(check(R"({"a" 1})") == "byte 5: expected ':' after an object key");
  CHECK(check(R"({"a"::1})") == "byte 5: expected a value (an object, array, string, number, true, false or null)");
  CHECK(check(R"({"a":yes})") == "byte 5: invalid literal (expected true, false or null)");
  CHECK(check(R"({"a":01})") == "byte 5: invalid number");
  CHECK(check(R"({"a":1.})") == "byte 5: invalid number");
  CHECK(check(R"({"a":"\q"})") ==
        R"(byte 6: invalid escape in a string (expected one of \" \\ \/ \b \f \n \r \t \uXXXX))");
  CHECK(check(R"({"a":"\u12g4"})").rfind("byte 6: invalid escape", 0) == 0);
  CHECK(check(R"({"a":"\ud83d"})") == R"(byte 6: a \u escape of half a UTF-16 surrogate pair, without the other half)");
  CHECK(check(R"({"a":"\ude00\ud83d"})").rfind("byte 6: a \\u escape of half", 0) == 0);
  CHECK(check(R"({"a":"\ud83d\ude00"})") == "valid");
  CHECK(check(std::string("{\"a\":1\0}", 8)) == "byte 6: a control character (0x00) where JSON allows none");
  CHECK(check("{\"a\":\x01 1}") == "byte 5: a control character (0x01) where JSON allows none");
  CHECK(check(R"({"a":[1,2])") == "byte 10: unexpected end of input (file truncated?)");
  CHECK(check(R"({"a":"x\)") == "byte 8: unexpected end of input (file truncated?)");
  CHECK(check(R"({"a":1}})") == "byte 7: unexpected content after the JSON document");
  CHECK(check(R"({"a":[}]})") == "byte 6: expected a value or ']' after '['");
  CHECK(check(R"({]})") == "byte 1: expected a key (a string) or '}' after '{'");
}

TEST_CASE("split: the top level splits only a text that is JSON throughout", "[plan][bad]") {
  // Faults in members that are skipped, never parsed: each makes the split give up.
  for (const std::string& bad : std::vector<std::string>{R"({"a":{"b":[1}},"c":1})", R"({"a":[1 2],"c":1})", R"({"a":[1,,2],"c":1})",
                                 R"({"a":[nul],"c":1})", R"({"a":[-],"c":1})", R"({"a":["\x"],"c":1})",
                                 R"({"a":{"b" 1},"c":1})", std::string("{\"a\":[1\0],\"c\":1}", 17)}) {
    INFO(bad);
    CHECK(Keys(bad) == std::vector<std::string>{"(no split)"});
  }
}

}  // namespace
}  // namespace plangate::plan
