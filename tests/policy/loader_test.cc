#include "policy/loader.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "policy/operators.h"

namespace plangate::policy {
namespace {

const std::string kValid = R"(id: my-rule
title: A rule
severity: high
resource_types: aws_dynamodb_table
defaults:
  point_in_time_recovery[0].enabled: false
condition:
  attribute: point_in_time_recovery[0].enabled
  operator: is_true
)";

std::string ErrorOf(const std::string& yaml) {
  Result<std::vector<Policy>> r = ParsePolicies("p.yaml", yaml);
  return r ? std::string("(parsed)") : r.error().message();
}

TEST_CASE("a valid policy parses into its fields", "[policy]") {
  Result<std::vector<Policy>> r = ParsePolicies("p.yaml", kValid);
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 1);
  const Policy& p = r.value()[0];
  CHECK(p.id == "my-rule");
  CHECK(p.severity == "high");
  CHECK(p.resource_types == std::vector<std::string>{"aws_dynamodb_table"});
  CHECK(p.condition.attribute.text() == "point_in_time_recovery[0].enabled");
  CHECK(p.condition.op == FindOperator("is_true"));
  CHECK(p.defaults.at("point_in_time_recovery[0].enabled") == plan::Value::Bool(false));
  CHECK(p.source == "p.yaml:1:1");
}

TEST_CASE("a list of policies in one file", "[policy]") {
  std::string two = "- id: a\n  title: A\n  severity: low\n  resource_types: [t]\n  condition: {attribute: x, operator: is_true}\n"
                    "- id: b\n  title: B\n  severity: low\n  resource_types: [t]\n  condition: {attribute: y, operator: equals, value: \"1\"}\n";
  Result<std::vector<Policy>> r = ParsePolicies("p.yaml", two);
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 2);
  CHECK(r.value()[1].condition.argument == plan::Value::String("1"));  // quoted: a string
}

TEST_CASE("YAML scalars become typed values, quoted ones stay strings", "[policy]") {
  auto arg = [](const std::string& v) {
    return ParsePolicies("p.yaml", "id: a\ntitle: A\nseverity: low\nresource_types: t\ncondition: {attribute: x, operator: equals, value: " + v + "}\n")
        .value()[0].condition.argument;
  };
  CHECK(arg("true") == plan::Value::Bool(true));
  CHECK(arg("35") == plan::Value::Number("35"));
  CHECK(arg("'35'") == plan::Value::String("35"));
  CHECK(arg("null") == plan::Value());
  CHECK(arg("PROVISIONED") == plan::Value::String("PROVISIONED"));
}

TEST_CASE("an unknown key suggests the right one with file:line:col", "[policy][bad]") {
  CHECK(ErrorOf("id: a\nsevrity: low\n") == "p.yaml:2:1: unknown key 'sevrity'; did you mean 'severity'?");
  CHECK(ErrorOf("id: a\nzzz: 1\n") ==
        "p.yaml:2:1: unknown key 'zzz'; expected one of id, title, severity, aliases, category, "
        "description, impact, resolution, links, resource_types, defaults, condition");
}

TEST_CASE("an unknown operator suggests the right one", "[policy][bad]") {
  std::string yaml = kValid;
  yaml.replace(yaml.find("is_true"), 7, "is_ture");
  CHECK(ErrorOf(yaml) == "p.yaml:9:13: unknown operator 'is_ture'; did you mean 'is_true'?");
}

TEST_CASE("operator arguments: missing or extra value", "[policy][bad]") {
  std::string needs = kValid;
  needs.replace(needs.find("is_true"), 7, "equals");
  CHECK(ErrorOf(needs) == "p.yaml:9:13: operator 'equals' needs a 'value'");
  CHECK(ErrorOf(kValid + "  value: true\n") == "p.yaml:10:10: operator 'is_true' takes no 'value'; remove the 'value' key");
}

TEST_CASE("a bad attribute path is located", "[policy][bad]") {
  std::string yaml = kValid;
  yaml.replace(yaml.find("  attribute: point_in_time_recovery[0].enabled"), 46, "  attribute: point_in_time_recovery[x]");
  CHECK(ErrorOf(yaml) ==
        "p.yaml:8:14: invalid attribute path 'point_in_time_recovery[x]' at offset 23: expected a "
        "list index (a number), '*' or a quoted key; write paths like point_in_time_recovery[0].enabled, "
        "tags[\"a.b\"] or replica[*].point_in_time_recovery");
}

TEST_CASE("severity, id and required keys are checked", "[policy][bad]") {
  std::string sev = kValid;
  sev.replace(sev.find("high"), 4, "hihg");
  CHECK(ErrorOf(sev) == "p.yaml:3:11: unknown severity 'hihg'; did you mean 'high'?");
  std::string id = kValid;
  id.replace(id.find("my-rule"), 7, "My_Rule");
  CHECK(ErrorOf(id) == "p.yaml:1:5: id 'My_Rule' is not kebab-case; use lower-case letters, digits "
                       "and single dashes, e.g. aws-dynamodb-enable-recovery");
  CHECK(ErrorOf("id: a\ntitle: A\nseverity: low\nresource_types: t\n") ==
        "p.yaml:1:1: missing required key 'condition'");
  CHECK(ErrorOf("id: a\n") == "p.yaml:1:1: missing required key 'title'");
}

TEST_CASE("wrong kinds are named", "[policy][bad]") {
  CHECK(ErrorOf("id: [a]\n") == "p.yaml:1:5: id: expected a string, got a list");
  CHECK(ErrorOf("- 1\n") == "p.yaml:1:3: expected a policy (a mapping), got a scalar");
  CHECK(ErrorOf("") == "p.yaml:1:1: empty policy file; write a policy mapping with id, title, "
                       "severity, resource_types and condition");
}

TEST_CASE("a YAML syntax error is located", "[policy][bad]") {
  CHECK(ErrorOf("id: a\ntitle: [unclosed\n") ==
        "p.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("duplicate ids across files fail the whole load", "[policy][bad]") {
  std::string path = std::string(P_tmpdir) + "/plangate-dup-" + std::to_string(::getpid()) + ".yaml";
  std::string yaml = kValid;
  yaml.replace(yaml.find("my-rule"), 7, "aws-dynamodb-enable-recovery");
  std::ofstream(path) << yaml;
  LoadOptions options;
  options.paths = {path};
  Result<PolicySet> r = LoadPolicySet(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() == path + ":1:1: duplicate policy id 'aws-dynamodb-enable-recovery', first "
                                      "defined at policies/aws-dynamodb-enable-recovery.yaml:2:1; "
                                      "give each policy a unique id");
  std::remove(path.c_str());
}

TEST_CASE("a missing policy path fails the load", "[policy][bad]") {
  LoadOptions options;
  options.paths = {"/nonexistent/policies"};
  CHECK(LoadPolicySet(options).error().message() ==
        "/nonexistent/policies: no such policy file or folder; check --policies");
}

TEST_CASE("the built-in policy set holds the PITR policy with its seed metadata", "[policy]") {
  Result<PolicySet> r = LoadPolicySet({});
  REQUIRE(r.ok());
  REQUIRE(r.value().policies().size() == 1);
  const Policy& p = r.value().policies()[0];
  CHECK(p.id == "aws-dynamodb-enable-recovery");
  CHECK(p.aliases == std::vector<std::string>{"AVD-AWS-0024", "CKV_AWS_28"});
  CHECK(p.severity == "medium");
  CHECK(p.title == "Point in time recovery should be enabled to protect DynamoDB table");
  CHECK(p.impact == "Accidental or malicious writes and deletes can't be rolled back.");
  CHECK(p.links.size() == 2);
  CHECK(p.resource_types == std::vector<std::string>{"aws_dynamodb_table"});
  CHECK(r.value().AttributesByType().at("aws_dynamodb_table") ==
        std::vector<std::string>{"point_in_time_recovery"});
}

}  // namespace
}  // namespace plangate::policy
