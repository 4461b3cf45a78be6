#include "plan/value.h"

#include <catch2/catch.hpp>

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

}  // namespace
}  // namespace plangate::plan
