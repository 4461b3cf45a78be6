#include "policy/evaluator.h"

#include <catch2/catch.hpp>

#include "policy/loader.h"
#include "test_util.h"

namespace plangate::policy {
namespace {

Policy MakePolicy(const std::string& op_and_value, bool with_default) {
  std::string yaml = "id: p\ntitle: T\nseverity: medium\nresource_types: aws_dynamodb_table\n";
  if (with_default) yaml += "defaults:\n  point_in_time_recovery[0].enabled: false\n";
  yaml += "condition:\n  attribute: point_in_time_recovery[0].enabled\n" + op_and_value;
  Result<std::vector<Policy>> r = ParsePolicies("p.yaml", yaml);
  REQUIRE(r.ok());
  return r.value()[0];
}

// Evaluates `policy` on a one-table plan whose change has `change` after "actions".
Finding Run(const Policy& policy, const std::string& change, const std::string& expressions = "{}") {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],)" +
                     change + R"(}}],"configuration":{"root_module":{"resources":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","expressions":)" +
                     expressions + "}]}}}";
  Result<plan::Plan> p = testing::LoadJson(json);
  REQUIRE(p.ok());
  std::vector<resolve::ResolvedResource> rs = resolve::SelectResources(p.value()).value();
  REQUIRE(rs.size() == 1);
  Finding f = Evaluate(policy, rs[0]);
  f.policy = nullptr;  // `policy` is a local of the caller's; only the verdict is compared
  return f;
}

const std::string kTrue = R"("after":{"point_in_time_recovery":[{"enabled":true}]})";
const std::string kFalse = R"("after":{"point_in_time_recovery":[{"enabled":false}]})";
const std::string kOmitted = R"("after":{},"after_unknown":{"point_in_time_recovery":true})";
const std::string kUnknown = R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})";
const std::string kUnknownExpr = R"({"point_in_time_recovery":[{"enabled":{"references":["aws_ssm_parameter.flag.value","aws_ssm_parameter.flag"]}}]})";

TEST_CASE("is_true: known true passes, known false fails with the value", "[policy]") {
  Policy p = MakePolicy("  operator: is_true\n", true);
  Finding pass = Run(p, kTrue);
  CHECK(pass.status == Status::kPass);
  CHECK(pass.message == "point_in_time_recovery[0].enabled is true");
  Finding fail = Run(p, kFalse);
  CHECK(fail.status == Status::kFail);
  CHECK(fail.message == "point_in_time_recovery[0].enabled is false; expected true");
  CHECK(fail.attribute == "point_in_time_recovery[0].enabled");
  CHECK(fail.address == "aws_dynamodb_table.t");
  CHECK(fail.actions == std::vector<std::string>{"create"});
}

TEST_CASE("absent with a default: the provider default decides", "[policy]") {
  Finding f = Run(MakePolicy("  operator: is_true\n", true), kOmitted);
  CHECK(f.status == Status::kFail);
  CHECK(f.message == "point_in_time_recovery is not set in the configuration, so the provider "
                     "default point_in_time_recovery[0].enabled = false applies; expected true");
  Finding g = Run(MakePolicy("  operator: is_false\n", true), kOmitted);
  CHECK(g.status == Status::kPass);
}

TEST_CASE("absent without a default: each operator's documented answer", "[policy]") {
  CHECK(Run(MakePolicy("  operator: is_true\n", false), kOmitted).status == Status::kFail);
  CHECK(Run(MakePolicy("  operator: is_false\n", false), kOmitted).status == Status::kFail);
  CHECK(Run(MakePolicy("  operator: equals\n  value: null\n", false), kOmitted).status == Status::kPass);
  CHECK(Run(MakePolicy("  operator: not_equals\n  value: true\n", false), kOmitted).status == Status::kPass);
  Finding f = Run(MakePolicy("  operator: is_true\n", false), kOmitted);
  CHECK(f.message == "point_in_time_recovery is not set in the configuration; expected true");
}

TEST_CASE("unknown is reported as unknown with its dependency, for every operator", "[policy]") {
  for (const char* op : {"  operator: is_true\n", "  operator: is_false\n",
                         "  operator: equals\n  value: true\n", "  operator: not_equals\n  value: true\n"}) {
    Finding f = Run(MakePolicy(op, true), kUnknown, kUnknownExpr);
    CHECK(f.status == Status::kUnknown);
    CHECK(f.depends_on == std::vector<std::string>{"aws_ssm_parameter.flag.value"});
    CHECK(f.message == "point_in_time_recovery[0].enabled is known only after apply; depends on "
                       "aws_ssm_parameter.flag.value");
  }
}

TEST_CASE("equals and not_equals on known values", "[policy]") {
  CHECK(Run(MakePolicy("  operator: equals\n  value: true\n", true), kTrue).status == Status::kPass);
  Finding f = Run(MakePolicy("  operator: equals\n  value: true\n", true), kFalse);
  CHECK(f.status == Status::kFail);
  CHECK(f.message == "point_in_time_recovery[0].enabled is false; expected true");
  Finding g = Run(MakePolicy("  operator: not_equals\n  value: false\n", true), kFalse);
  CHECK(g.status == Status::kFail);
  CHECK(g.message == "point_in_time_recovery[0].enabled is false; expected anything but false");
  CHECK(Run(MakePolicy("  operator: not_equals\n  value: false\n", true), kTrue).status == Status::kPass);
}

TEST_CASE("a sensitive value is evaluated but never shown", "[policy]") {
  Finding f = Run(MakePolicy("  operator: is_true\n", true),
                  kFalse + R"(,"after_sensitive":{"point_in_time_recovery":[{"enabled":true}]})");
  CHECK(f.status == Status::kFail);
  CHECK(f.sensitive);
  CHECK(f.message == "point_in_time_recovery[0].enabled is a sensitive value (not shown); expected true");
}

}  // namespace
}  // namespace plangate::policy
