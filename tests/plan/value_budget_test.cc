// The bound on values materialised from one input (kMaxValues), at its edge, in
// both loader passes.
#include "catch.h"

#include <string>

#include "plan/json_loader.h"

namespace plangate::plan {
namespace {

// A plan whose one table has point_in_time_recovery = [1, 1, ...] with `n` elements:
// n + 1 values (the array and its elements).
std::string PlanWithArray(std::size_t n) {
  std::string json =
      R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed",)"
      R"("type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"point_in_time_recovery":[)";
  json.reserve(json.size() + 2 * n + 16);
  for (std::size_t i = 0; i < n; ++i) json += i == 0 ? "1" : ",1";
  return json + "]}}}]}";
}

Result<Plan> Load(const std::string& json, LoadOptions::Parse parse) {
  LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {"point_in_time_recovery"};
  options.parse = parse;
  return LoadDocument("plan.json", InputBuffer::FromString(json), options);
}

TEST_CASE("an input may materialise kMaxValues values and not one more", "[plan]") {
  const std::string at_limit = PlanWithArray(kMaxValues - 1);
  const std::string past_limit = PlanWithArray(kMaxValues);
  const std::size_t last_element = at_limit.size() - std::string("1]}}}]}").size();
  for (LoadOptions::Parse parse : {LoadOptions::Parse::kAuto, LoadOptions::Parse::kWhole}) {
    Result<Plan> ok = Load(at_limit, parse);
    REQUIRE(ok.ok());
    CHECK(ok.value().resources[0].after.Find("point_in_time_recovery")->items().size() == kMaxValues - 1);
    Result<Plan> failed = Load(past_limit, parse);
    REQUIRE_FALSE(failed.ok());
    // The error stands at the first value over the limit: the last element.
    CHECK(failed.error().message() ==
          "plan.json: byte " + std::to_string(last_element + 2) +
              ": resource_changes[0].change.after.point_in_time_recovery…(+1 level): more than 2000000 "
              "values in attributes that policies read; skip the policies that read this attribute "
              "(--skip-policy), or gate each root module's plan on its own");
  }
}

TEST_CASE("the values of every resource count towards one input's bound", "[plan]") {
  const std::size_t per_table = kMaxValues / 4 - 1;  // with its array: four tables reach it, a fifth passes it
  std::string json = R"({"format_version":"1.2","resource_changes":[)";
  for (int t = 0; t < 5; ++t) {
    std::string one = PlanWithArray(per_table);
    one = one.substr(one.find("[{") + 1);
    one.resize(one.size() - 2);  // without "]}"
    if (t > 0) json += ",";
    json += one;
  }
  json += "]}";
  Result<Plan> failed = Load(json, LoadOptions::Parse::kAuto);
  REQUIRE_FALSE(failed.ok());
  // The fifth table's array is the first value over the bound.
  CHECK(failed.error().message().find(": resource_changes[4].change.after.point_in_time_recovery: more than") !=
        std::string::npos);
}

}  // namespace
}  // namespace plangate::plan
