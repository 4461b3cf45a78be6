#include "report/report.h"

#include "catch.h"
#include <sstream>

#include "cli/check.h"
#include "test_util.h"

namespace plangate::report {
namespace {

// The PITR policy alone unless `policies` says otherwise: these tests are about rendering.
Report ReportFor(const std::vector<std::string>& fixtures, bool fail_on_unknown = false,
                 std::vector<std::string> policies = {"aws-dynamodb-enable-recovery"}) {
  cli::CheckOptions options;
  options.policies.select = std::move(policies);
  for (const std::string& f : fixtures) {
    options.inputs.push_back(testing::SourceDir() + "/fixtures/" + f + "/plan.json");
  }
  options.fail_on_unknown = fail_on_unknown;
  std::ostringstream diagnostics;
  Result<Report> r = cli::Check(options, diagnostics);
  REQUIRE(r.ok());
  return std::move(r).value();
}

// Inputs are shown as given; strip the source dir so the goldens do not depend on it.
std::string Relative(std::string text) {
  const std::string prefix = testing::SourceDir() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

TEST_CASE("text report: one line per failing result, the fix, and a summary", "[report]") {
  CHECK(Relative(RenderText(ReportFor({"seed-insecure"}))) ==
        "FAIL     aws_dynamodb_table.bad_example  [aws-dynamodb-enable-recovery, medium] "
        "point_in_time_recovery is not set in the configuration, so the provider default "
        "point_in_time_recovery[0].enabled = false applies; expected true\n"
        "         fix: Enable point in time recovery: add a point_in_time_recovery block with "
        "enabled = true to the aws_dynamodb_table resource.\n"
        "plangate: 1 resource in 1 input, 1 of a type any policy reads: 1 failed, 0 unknown, 0 passed; gate closed\n");
}

TEST_CASE("text report: passes are counted, not listed", "[report]") {
  CHECK(RenderText(ReportFor({"seed-secure"})) ==
        "plangate: 1 resource in 1 input, 1 of a type any policy reads: 0 failed, 0 unknown, 1 passed; gate open\n");
}

TEST_CASE("text report: unknown results do not block unless asked, then fail saying they are unknown", "[report]") {
  std::string text = RenderText(ReportFor({"pitr-unknown-from-resource"}));
  CHECK(text ==
        "UNKNOWN  aws_dynamodb_table.orders  [aws-dynamodb-enable-recovery, medium] "
        "point_in_time_recovery[0].enabled is known only after apply; depends on "
        "aws_ssm_parameter.flag.value\n"
        "plangate: 2 resources in 1 input, 1 of a type any policy reads: 0 failed, 1 unknown, 0 passed; gate open (unknown "
        "results do not block; --fail-on-unknown makes them)\n");
  Report strict = ReportFor({"pitr-unknown-from-resource"}, true);
  CHECK(Blocks(strict));
  CHECK(RenderText(strict) ==
        "FAIL     aws_dynamodb_table.orders  [aws-dynamodb-enable-recovery, medium] unknown "
        "(--fail-on-unknown): point_in_time_recovery[0].enabled is known only after apply; depends "
        "on aws_ssm_parameter.flag.value\n"
        "plangate: 2 resources in 1 input, 1 of a type any policy reads: 0 failed, 1 unknown, 0 passed; gate closed\n");
}

TEST_CASE("text report: several inputs are named on each line", "[report]") {
  std::string text = Relative(RenderText(ReportFor({"pitr-disabled", "seed-insecure"})));
  CHECK(text.find("FAIL     fixtures/pitr-disabled/plan.json: aws_dynamodb_table.orders  [") == 0);
  CHECK(text.find("FAIL     fixtures/seed-insecure/plan.json: aws_dynamodb_table.bad_example  [") !=
        std::string::npos);
  CHECK(text.find("plangate: 2 resources in 2 inputs, 2 of a type any policy reads: 2 failed, 0 unknown, 0 passed; gate closed") !=
        std::string::npos);
}

TEST_CASE("text report: advisory failures are labelled and counted, and do not block", "[report]") {
  Report r = ReportFor({"seed-secure"}, false, {"aws-dynamodb-enable-recovery", "aws-dynamodb-table-customer-key"});
  CHECK_FALSE(Blocks(r));
  CHECK(RenderText(r) ==
        "ADVISORY aws_dynamodb_table.good_example  [aws-dynamodb-table-customer-key, low] "
        "server_side_encryption is not set in the configuration, so the provider default "
        "server_side_encryption[0].enabled = false applies; expected true\n"
        "         fix: Add a server_side_encryption block with enabled = true and kms_key_arn set "
        "to a customer managed KMS key (an aws_kms_key, or its ARN), not alias/aws/dynamodb.\n"
        "plangate: 1 resource in 1 input, 1 of a type any policy reads: 1 failed (1 advisory), 0 unknown, 1 passed; gate open\n");
}

TEST_CASE("text report: tens of thousands of results, built in parts, come out whole and in order",
          "[report]") {
  Report r = ReportFor({"seed-insecure"});
  REQUIRE(r.findings.size() == 1);
  const policy::Finding one = r.findings[0];
  r.findings.clear();
  const std::size_t n = 20011;  // several parts, none the same size
  for (std::size_t i = 0; i < n; ++i) {
    policy::Finding f = one;
    f.address = "aws_dynamodb_table.t" + std::to_string(i);
    r.findings.push_back(std::move(f));
  }
  std::istringstream text(RenderText(r));
  std::string line;
  std::size_t next = 0;
  bool fix_expected = false;
  while (std::getline(text, line)) {
    if (fix_expected) {
      CHECK(line.rfind("         fix: ", 0) == 0);
      fix_expected = false;
      continue;
    }
    if (line.rfind("FAIL", 0) != 0) continue;
    std::string expected = "FAIL     aws_dynamodb_table.t" + std::to_string(next) + "  [";
    REQUIRE(line.rfind(expected, 0) == 0);
    ++next;
    fix_expected = true;
  }
  CHECK(next == n);
}

TEST_CASE("text report: colour only when asked", "[report]") {
  Report r = ReportFor({"seed-insecure"});
  CHECK(RenderText(r).find('\x1b') == std::string::npos);
  TextOptions color;
  color.color = true;
  CHECK(RenderText(r, color).find("\x1b[31mFAIL") == 0);
}

TEST_CASE("text report: a partial plan is flagged", "[report]") {
  std::string text = Relative(RenderText(ReportFor({"errored"})));
  CHECK(text.find("WARN     fixtures/errored/plan.json is a partial plan (errored: true)") == 0);
}

TEST_CASE("one-line text: control characters escaped, everything else kept", "[report]") {
  CHECK(OneLine("module.a[\"k\"].t  ü") == "module.a[\"k\"].t  ü");
  CHECK(OneLine("a\nb\rc\td\x01" "e\x7f") == "a\\nb\\rc\\td\\x01e\\x7f");
  // Long strings are tested in wide blocks: a control character in the last byte counts.
  std::string long_text(200, 'x');
  CHECK(OneLine(long_text) == long_text);
  CHECK(OneLine(long_text + "\n") == long_text + "\\n");
  std::string out = "kept: ";
  AppendOneLine(out, "\x1b[31m");
  CHECK(out == "kept: \\x1b[31m");
}

TEST_CASE("json report: inputs, every result including passes, and a summary", "[report]") {
  CHECK(Relative(RenderJson(ReportFor({"pitr-from-variable"}))) == R"({
  "inputs": [
    {
      "path": "fixtures/pitr-from-variable/plan.json",
      "kind": "plan",
      "format_version": "1.2",
      "terraform_version": "1.9.8",
      "errored": false,
      "resources": 2,
      "resources_in_input": 2,
      "resources_of_policy_types": 2
    }
  ],
  "results": [
    {
      "policy": "aws-dynamodb-enable-recovery",
      "status": "fail",
      "severity": "medium",
      "enforcement": "soft-mandatory",
      "blocking": true,
      "input": "fixtures/pitr-from-variable/plan.json",
      "address": "aws_dynamodb_table.audit",
      "type": "aws_dynamodb_table",
      "actions": ["create"],
      "attribute": "point_in_time_recovery[0].enabled",
      "message": "point_in_time_recovery[0].enabled is false; expected true",
      "unknown": false,
      "depends_on": [],
      "sensitive": false
    },
    {
      "policy": "aws-dynamodb-enable-recovery",
      "status": "pass",
      "severity": "medium",
      "enforcement": "soft-mandatory",
      "blocking": false,
      "input": "fixtures/pitr-from-variable/plan.json",
      "address": "aws_dynamodb_table.orders",
      "type": "aws_dynamodb_table",
      "actions": ["create"],
      "attribute": "point_in_time_recovery[0].enabled",
      "message": "point_in_time_recovery[0].enabled is true",
      "unknown": false,
      "depends_on": [],
      "sensitive": false
    }
  ],
  "waivers": [],
  "summary": {
    "pass": 1,
    "fail": 1,
    "unknown": 0,
    "waived": 0,
    "advisory": 0,
    "fail_on_unknown": false,
    "min_severity": "low",
    "below_min_severity": 0,
    "fail_severity": "low",
    "below_fail_severity": 0,
    "policies": 1,
    "policies_unmatched": [],
    "policies_excluded_by_where": [],
    "blocking": true
  }
}
)");
}

TEST_CASE("json report: a state has empty actions, unknowns name their dependency", "[report]") {
  std::string state = RenderJson(ReportFor({"state"}));
  CHECK(state.find(R"("kind": "state")") != std::string::npos);
  CHECK(state.find(R"("actions": [])") != std::string::npos);
  std::string unknown = RenderJson(ReportFor({"pitr-unknown-from-resource"}));
  CHECK(unknown.find(R"("depends_on": ["aws_ssm_parameter.flag.value"])") != std::string::npos);
  CHECK(unknown.find(R"("status": "unknown")") != std::string::npos);
}

TEST_CASE("json report: addresses with quotes and unicode are escaped, not mangled", "[report]") {
  std::string json = RenderJson(ReportFor({"modules"}));
  CHECK(json.find(R"("address": "module.svc[\"say \\\"hi\\\"\"].aws_dynamodb_table.this")") !=
        std::string::npos);
  CHECK(json.find(R"("address": "module.svc[\"café\"].aws_dynamodb_table.this")") != std::string::npos);
}

TEST_CASE("no report format shows a value the plan marks sensitive", "[report]") {
  // The fixture's sensitive table name, written in clear in the plan as Terraform does.
  const std::string secret = "orders-7f3k-SECRETNAME";
  REQUIRE(testing::ReadFile(testing::SourceDir() + "/fixtures/sensitive/plan.json").find(secret) !=
          std::string::npos);
  Report r = ReportFor({"sensitive"}, false, {});  // every default policy
  CHECK(RenderText(r).find(secret) == std::string::npos);
  CHECK(RenderJson(r).find(secret) == std::string::npos);
  CHECK(RenderJson(r).find(R"("sensitive": true)") != std::string::npos);
  CHECK(RenderText(r).find("is a sensitive value (not shown)") != std::string::npos);
}

}  // namespace
}  // namespace plangate::report
