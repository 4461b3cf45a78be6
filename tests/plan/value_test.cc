#include "plan/value.h"

#include "catch.h"

#include <string>
#include <utility>
#include <vector>

namespace plangate::plan {
namespace {

TEST_CASE("values render as compact JSON with escapes", "[plan]") {
  Value v = Value::Object({{"a", Value::Array({Value::Bool(true), Value(), Value::Number("1e400")})},
                           {"s", Value::String("q\"\\\n\x01")}});
  CHECK(v.ToJson() == R"({"a":[true,null,1e400],"s":"q\"\\\n\u0001"})");
}

TEST_CASE("a value shown with its sensitivity mirror hides each marked part, at any depth", "[plan]") {
  Value tags = Value::Object({{"team", Value::String("payments")}, {"cost", Value::String("cc-4411")}});
  Value v = Value::Object({{"tags", tags},
                           {"list", Value::Array({Value::String("a"), Value::String("b")})},
                           {"map", Value::Object({{"key-is-secret", Value::Bool(true)}})}});
  Value mirror = Value::Object({{"tags", Value::Object({{"cost", Value::Bool(true)}})},
                                {"list", Value::Array({Value::Bool(false), Value::Bool(true)})},
                                {"map", Value::Bool(true)}});
  CHECK(v.ToJson(&mirror) ==
        R"({"tags":{"team":"payments","cost":<sensitive>},"list":["a",<sensitive>],"map":<sensitive>})");
  Value whole = Value::Bool(true);
  CHECK(v.ToJson(&whole) == "<sensitive>");
  Value legacy = Value::Bool(false);  // format 0.1 and "nothing marked"
  CHECK(v.ToJson(&legacy) == v.ToJson());
  CHECK(v.ToJson(nullptr) == v.ToJson());
}

TEST_CASE("numbers compare by value, other kinds by structure", "[plan]") {
  CHECK(Value::Number("1") == Value::Number("1.0"));
  CHECK(Value::Number("123456789012345678901234567890") == Value::Number("123456789012345678901234567890"));
  CHECK(Value::Number("1") != Value::String("1"));
  CHECK(Value::Bool(true) != Value::Bool(false));
  CHECK(Value::Object({{"a", Value()}, {"b", Value::Bool(true)}}) ==
        Value::Object({{"b", Value::Bool(true)}, {"a", Value()}}));
  CHECK(Value() == Value());
}

TEST_CASE("Find and At return nullptr outside the value", "[plan]") {
  Value v = Value::Array({Value::Object({{"k", Value::Bool(false)}})});
  CHECK(v.At(0)->Find("k")->is_bool());
  CHECK(v.At(1) == nullptr);
  CHECK(v.Find("k") == nullptr);
  CHECK(v.At(0)->Find("missing") == nullptr);
  CHECK_FALSE(v.At(0)->Find("k")->is_true());
}

TEST_CASE("a value is one 16-byte node", "[plan]") {
  STATIC_REQUIRE(sizeof(Value) == 16);
  STATIC_REQUIRE(alignof(Value) == 8);
}

TEST_CASE("every kind keeps what it was built from", "[plan]") {
  CHECK(Value().is_null());
  CHECK(Value::Bool(true).as_bool());
  CHECK_FALSE(Value::Bool(false).as_bool());
  CHECK(Value::Bool(false).is_bool());
  CHECK_FALSE(Value::Bool(false).is_true());
  CHECK(Value::Number("-1.5e-3").is_number());
  CHECK(Value::Number("-1.5e-3").text() == "-1.5e-3");
  CHECK(Value::String("").is_string());
  CHECK(Value::String("").text().empty());
  CHECK(Value::Array({}).is_array());
  CHECK(Value::Array({}).items().empty());
  CHECK(Value::Object({}).is_object());
  CHECK(Value::Object({}).members().empty());
  CHECK(Value::Object({}).Find("") == nullptr);
  CHECK(Value::Array({}).At(0) == nullptr);
}

TEST_CASE("text is kept whole on both sides of the inline limit, NUL-terminated", "[plan]") {
  for (std::size_t n : {Value::kInlineText - 1, Value::kInlineText, Value::kInlineText + 1,
                        std::size_t{100}, std::size_t{70000}}) {
    std::string s(n, 'x');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    Value str = Value::String(s);
    CHECK(str.text() == s);
    CHECK(str.text().data()[n] == '\0');
    Value num = Value::Number(std::string(n, '7'));
    CHECK(num.text() == std::string(n, '7'));
    CHECK(num.text().data()[n] == '\0');
  }
  // NULs inside a string (JSON's \u0000) are part of the text, inline or not.
  std::string with_nul("a\0b", 3);
  CHECK(Value::String(with_nul).text() == with_nul);
  std::string long_nul = std::string(20, 'z') + with_nul;
  CHECK(Value::String(long_nul).text() == long_nul);
  CHECK(Value::String(long_nul).ToJson() == "\"" + std::string(20, 'z') + "a\\u0000b\"");
}

TEST_CASE("members keep document order and hand out key and value", "[plan]") {
  const std::string long_key(40, 'k');
  Value v = Value::Object({{"b", Value::Number("2")}, {long_key, Value::String("long")}, {"a", Value()}});
  REQUIRE(v.members().size() == 3);
  CHECK(v.members()[0].first == "b");
  CHECK(v.members()[1].first == long_key);
  CHECK(v.members()[1].second.text() == "long");
  std::vector<std::string> keys;
  for (const auto& [key, value] : v.members()) keys.emplace_back(key);
  CHECK(keys == std::vector<std::string>{"b", long_key, "a"});
  CHECK(v.Find(long_key)->text() == "long");
  CHECK(v.Find("a")->is_null());
  CHECK(v.ToJson() == R"({"b":2,")" + long_key + R"(":"long","a":null})");
}

TEST_CASE("copies are deep and equal, moves leave null behind", "[plan]") {
  Value original = Value::Object(
      {{"list", Value::Array({Value::String(std::string(30, 's')), Value::Number("12345678901234567890")})},
       {"flag", Value::Bool(true)}});
  Value copy = original;
  CHECK(copy == original);
  CHECK(copy.ToJson() == original.ToJson());
  CHECK(&copy.Find("list")->items()[0] != &original.Find("list")->items()[0]);
  Value assigned = Value::String("x");
  assigned = original;
  CHECK(assigned == original);
  assigned = assigned;  // self-assignment keeps the value
  CHECK(assigned == original);
  Value moved = std::move(copy);
  CHECK(moved == original);
  CHECK(copy.is_null());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  moved = Value::Number("1");
  CHECK(moved == Value::Number("1.0"));
}

TEST_CASE("equality sees every difference in kind, length and content", "[plan]") {
  CHECK(Value::Array({Value()}) != Value::Array({}));
  CHECK(Value::Array({Value(), Value()}) != Value::Array({Value()}));
  CHECK(Value::Array({Value::Bool(true)}) != Value::Array({Value::Bool(false)}));
  CHECK(Value::Object({{"a", Value()}}) != Value::Object({{"b", Value()}}));
  CHECK(Value::Object({{"a", Value()}}) != Value::Object({{"a", Value()}, {"b", Value()}}));
  CHECK(Value::String(std::string(20, 'a')) != Value::String(std::string(21, 'a')));
  CHECK(Value::String(std::string(20, 'a')) == Value::String(std::string(20, 'a')));
  CHECK(Value::Number("1e2") == Value::Number("100"));
  CHECK(Value::Array({}) != Value::Object({}));
  CHECK(Value() != Value::Bool(false));
}

TEST_CASE("a sensitivity mirror is marked by any true inside it", "[plan]") {
  CHECK_FALSE(Value().MarksAny());
  CHECK_FALSE(Value::Bool(false).MarksAny());
  CHECK(Value::Bool(true).MarksAny());
  CHECK_FALSE(Value::Object({{"a", Value::Array({Value::Bool(false)})}}).MarksAny());
  CHECK(Value::Object({{"a", Value::Array({Value::Bool(false), Value::Bool(true)})}}).MarksAny());
  CHECK_FALSE(Value::String("true").MarksAny());
}

}  // namespace
}  // namespace plangate::plan
