#include "plan/json_split.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "base/file.h"

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

TEST_CASE("split: nesting deeper than the limit is refused, at the limit accepted", "[plan][bad]") {
  auto nested = [](std::size_t depth) {
    return "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  };
  CHECK(Keys(nested(kMaxSplitDepth)).size() == 1);
  CHECK(Keys(nested(kMaxSplitDepth + 1)) == std::vector<std::string>{"(no split)"});
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

}  // namespace
}  // namespace plangate::plan
