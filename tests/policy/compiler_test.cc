#include "policy/compiler.h"

#include <unistd.h>

#include "catch.h"
#include <cstdio>
#include <fstream>

#include "policy/loader.h"
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
  Result<PolicySet> r = CompileText("p.yaml", yaml);
  return r ? std::string("(compiled)") : r.error().message();
}

// kValid with its condition replaced by `condition` (indented two spaces per level).
std::string WithCondition(const std::string& condition) {
  return kValid.substr(0, kValid.find("condition:")) + "condition:\n" + condition;
}

std::string Temp(const std::string& name, const std::string& text) {
  std::string path = std::string(P_tmpdir) + "/plangate-" + std::to_string(::getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

TEST_CASE("the passes run in a fixed, named order", "[policy]") {
  CHECK(CompilePasses() == std::vector<std::string_view>{"parse", "shape", "operators", "attribute-paths",
                                                         "ids", "selection", "parameters", "regex", "index"});
}

TEST_CASE("a valid policy compiles with its defaults", "[policy]") {
  Result<PolicySet> r = CompileText("p.yaml", kValid);
  REQUIRE(r.ok());
  REQUIRE(r.value().policies().size() == 1);
  const Policy& p = r.value().policies()[0];
  CHECK(p.id == "my-rule");
  CHECK(p.severity == "high");
  CHECK(p.enforcement == Enforcement::kSoftMandatory);
  CHECK(p.on_unknown == OnUnknown::kWarn);
  CHECK(p.enabled);
  CHECK(p.resource_types == std::vector<std::string>{"aws_dynamodb_table"});
  CHECK(p.condition.kind == Condition::Kind::kTest);
  CHECK(p.condition.attribute.text() == "point_in_time_recovery[0].enabled");
  CHECK(p.condition.op == FindOperator("is_true"));
  CHECK(p.defaults.at("point_in_time_recovery[0].enabled") == plan::Value::Bool(false));
  CHECK(p.location.ToString() == "p.yaml:1:1");
}

TEST_CASE("a list of policies in one file, with every condition form", "[policy]") {
  std::string two = R"(- id: a
  title: A
  severity: low
  enforcement: hard-mandatory
  on_unknown: fail
  resource_types: [t, u]
  where:
    all:
      - action: [create, update]
      - not: {attribute: tags.skip, operator: exists}
  condition:
    by_type:
      t: {any: [{attribute: x, operator: is_true}, {type: t}]}
      u: {attribute: "l[*].y", for: some, operator: in, value: [1, 2]}
- id: b
  title: B
  severity: critical
  enabled: false
  enforcement: advisory
  on_unknown: pass
  resource_types: t
  condition: {attribute: y, operator: equals, value: "1"}
)";
  Result<PolicySet> r = CompileText("p.yaml", two);
  REQUIRE(r.ok());
  const Policy& a = r.value().policies()[0];
  CHECK(a.enforcement == Enforcement::kHardMandatory);
  CHECK(a.on_unknown == OnUnknown::kFail);
  REQUIRE(a.where);
  CHECK(a.where->kind == Condition::Kind::kAll);
  CHECK(a.where->children[0].names == std::vector<std::string>{"create", "update"});
  CHECK(a.condition.kind == Condition::Kind::kByType);
  CHECK(a.condition.children[1].quantifier == Quantifier::kSome);
  CHECK(a.RootAttributes() == std::vector<std::string>{"tags", "x", "l"});
  const Policy& b = r.value().policies()[1];
  CHECK_FALSE(b.enabled);
  CHECK(b.on_unknown == OnUnknown::kPass);
  CHECK(b.condition.argument == plan::Value::String("1"));  // quoted: a string
}

TEST_CASE("each enum's name table parses and prints the same names", "[policy]") {
  for (const Named<Enforcement>& e : kEnforcements) {
    Result<PolicySet> r = CompileText("p.yaml", kValid + "enforcement: " + std::string(e.name) + "\n");
    REQUIRE(r.ok());
    CHECK(r.value().policies()[0].enforcement == e.value);
    CHECK(EnforcementName(e.value) == e.name);
  }
  for (const Named<OnUnknown>& u : kOnUnknowns) {
    Result<PolicySet> r = CompileText("p.yaml", kValid + "on_unknown: " + std::string(u.name) + "\n");
    REQUIRE(r.ok());
    CHECK(r.value().policies()[0].on_unknown == u.value);
    CHECK(OnUnknownName(u.value) == u.name);
  }
  CHECK(NamesOf(kSeverities) == std::vector<std::string>{"low", "medium", "high", "critical"});
}

TEST_CASE("YAML scalars become typed values, quoted ones stay strings", "[policy]") {
  auto arg = [](const std::string& v) {
    Result<PolicySet> r = CompileText("p.yaml", WithCondition("  attribute: x\n  operator: equals\n  value: " + v + "\n"));
    REQUIRE(r.ok());
    return r.value().policies()[0].condition.argument;
  };
  CHECK(arg("true") == plan::Value::Bool(true));
  CHECK(arg("35") == plan::Value::Number("35"));
  CHECK(arg("'35'") == plan::Value::String("35"));
  CHECK(arg("null") == plan::Value());
  CHECK(arg("PROVISIONED") == plan::Value::String("PROVISIONED"));
  CHECK(arg("[a, 1]") == plan::Value::Array({plan::Value::String("a"), plan::Value::Number("1")}));
}

// ---- each compile error, with its whole message

TEST_CASE("shape: an unknown key suggests the right one", "[policy][bad]") {
  CHECK(ErrorOf("id: a\nsevrity: low\n") == "p.yaml:2:1: unknown key 'sevrity' in policy; did you mean 'severity'?");
  CHECK(ErrorOf("id: a\nzzz: 1\n") ==
        "p.yaml:2:1: unknown key 'zzz' in policy; expected one of id, title, severity, enforcement, "
        "on_unknown, judges, enabled, aliases, category, description, impact, resolution, links, "
        "resource_types, parameters, defaults, where, condition, explain");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operater: is_true\n")) ==
        "p.yaml:9:3: unknown key 'operater' in condition; did you mean 'operator'?");
}

TEST_CASE("shape: required keys, kinds and enumerations", "[policy][bad]") {
  std::string no_title = kValid;
  no_title.erase(no_title.find("title:"), no_title.find("severity:") - no_title.find("title:"));
  CHECK(ErrorOf(no_title) == "p.yaml:1:1: missing required key 'title'");
  CHECK(ErrorOf("id: a\n") ==
        "4 errors:\n"
        "p.yaml:1:1: missing required key 'title'\n"
        "p.yaml:1:1: missing required key 'severity'\n"
        "p.yaml:1:1: missing required key 'resource_types'\n"
        "p.yaml:1:1: missing required key 'condition'");
  CHECK(ErrorOf("id: [a]\ntitle: A\nseverity: low\nresource_types: t\ncondition: {attribute: x, operator: is_true}\n") ==
        "p.yaml:1:5: id: expected a string, got a list");
  CHECK(ErrorOf("- 1\n") == "p.yaml:1:3: expected a policy (a mapping), got a scalar");
  CHECK(ErrorOf("") == "p.yaml:1:1: empty policy file; write a policy mapping with id, title, "
                       "severity, resource_types and condition");
  std::string sev = kValid;
  sev.replace(sev.find("high"), 4, "hihg");
  CHECK(ErrorOf(sev) == "p.yaml:3:11: unknown severity 'hihg'; did you mean 'high'?");
  CHECK(ErrorOf(kValid + "enforcement: mandatory\n") ==
        "p.yaml:10:14: unknown enforcement 'mandatory'; expected one of advisory, soft-mandatory, hard-mandatory");
  CHECK(ErrorOf(kValid + "on_unknown: warning\n") == "p.yaml:10:13: unknown on_unknown 'warning'; did you mean 'warn'?");
  CHECK(ErrorOf(kValid + "enabled: maybe\n") == "p.yaml:10:10: enabled: expected true or false");
  std::string id = kValid;
  id.replace(id.find("my-rule"), 7, "My_Rule");
  CHECK(ErrorOf(id) == "p.yaml:1:5: id 'My_Rule' is not kebab-case; use lower-case letters, digits "
                       "and single dashes, e.g. aws-dynamodb-enable-recovery");
}

TEST_CASE("shape: a condition has exactly one form", "[policy][bad]") {
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: is_true\n  all: []\n")) ==
        "p.yaml:8:3: a condition has exactly one form; write a test (attribute, operator, value or "
        "param or compare_to, for, of), or one of all, any, not, action, type, by_type, related");
  CHECK(ErrorOf(WithCondition("  all: []\n")) ==
        "p.yaml:8:8: all: expected a non-empty list of conditions, got an empty list");
  CHECK(ErrorOf(WithCondition("  action: destroy\n")) ==
        "p.yaml:8:11: unknown action 'destroy'; expected one of create, update, replace, no-op, delete, "
        "delete-then-create, create-then-delete, create-then-forget, forget, read");
  CHECK(ErrorOf(WithCondition("  attribute: x\n")) == "p.yaml:8:3: condition: missing 'operator'");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: equals\n  value: 1\n  param: p\n")) ==
        "p.yaml:11:10: a test takes 'value' or 'param', not both");
}

TEST_CASE("operators: unknown names and argument kinds", "[policy][bad]") {
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: is_ture\n")) ==
        "p.yaml:9:13: unknown operator 'is_ture'; did you mean 'is_true'?");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: equal\n  value: 1\n")) ==
        "p.yaml:9:13: unknown operator 'equal'; did you mean 'equals'?");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: equals\n")) ==
        "p.yaml:9:13: operator 'equals' needs a 'value' (or a 'param'): any value");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: is_true\n  value: true\n")) ==
        "p.yaml:10:10: operator 'is_true' takes no value; remove the 'value' key");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: greater_than\n  value: \"5\"\n")) ==
        "p.yaml:10:10: operator 'greater_than' takes a number, got \"5\"");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: in\n  value: a\n")) ==
        "p.yaml:10:10: operator 'in' takes a list, got \"a\"");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: matches\n  value: 5\n")) ==
        "p.yaml:10:10: operator 'matches' takes a regular expression (a string), got 5");
}

TEST_CASE("attribute paths: syntax, quantifiers and by_type coverage", "[policy][bad]") {
  CHECK(ErrorOf(WithCondition("  attribute: point_in_time_recovery[x]\n  operator: is_true\n")) ==
        "p.yaml:8:14: invalid attribute path 'point_in_time_recovery[x]' at offset 23: expected a list "
        "index (a number), '*' or a quoted key; write paths like point_in_time_recovery[0].enabled, "
        "tags[\"a.b\"] or replica[*].point_in_time_recovery");
  CHECK(ErrorOf(WithCondition("  attribute: replica[*].point_in_time_recovery\n  operator: is_true\n")) ==
        "p.yaml:8:14: attribute 'replica[*].point_in_time_recovery' has [*]: say which elements must "
        "match; add 'for: every' (an empty list passes) or 'for: some' (an empty list fails)");
  CHECK(ErrorOf(WithCondition("  attribute: x\n  for: every\n  operator: is_true\n")) ==
        "p.yaml:8:14: 'for' applies only to an attribute with [*]; remove 'for', or write the list as name[*]");
  CHECK(ErrorOf(WithCondition("  attribute: \"l[*]\"\n  for: all\n  operator: is_true\n")) ==
        "p.yaml:9:8: unknown for 'all'; expected one of every, some");
  CHECK(ErrorOf(WithCondition("  by_type:\n    aws_dynamodb_tabel: {attribute: x, operator: is_true}\n")) ==
        "p.yaml:9:25: by_type names 'aws_dynamodb_tabel', which is not in resource_types; did you mean "
        "'aws_dynamodb_table'?");
  std::string two_types = kValid;
  two_types.replace(two_types.find("resource_types: aws_dynamodb_table"), 34, "resource_types: [a, b]");
  CHECK(ErrorOf(two_types.substr(0, two_types.find("condition:")) + "condition:\n  by_type:\n    a: {attribute: x, operator: is_true}\n") ==
        "p.yaml:8:3: by_type has no condition for 'b' (listed in resource_types)");
}

TEST_CASE("parameters: binding, kinds and unknown names", "[policy][bad]") {
  std::string with_param = kValid.substr(0, kValid.find("condition:")) +
                           "parameters:\n  min_days: {default: 35, description: Days}\n"
                           "condition:\n  attribute: x\n  operator: greater_or_equal\n  param: min_days\n";
  Result<PolicySet> ok = CompileText("p.yaml", with_param);
  REQUIRE(ok.ok());
  CHECK(ok.value().policies()[0].condition.argument == plan::Value::Number("35"));
  std::string typo = with_param;
  typo.replace(typo.rfind("min_days"), 8, "min_day");
  CHECK(ErrorOf(typo) == "p.yaml:12:10: unknown parameter 'min_day'; did you mean 'min_days'?");
  std::string wrong_kind = with_param;
  wrong_kind.replace(wrong_kind.find("default: 35"), 11, "default: many");
  CHECK(ErrorOf(wrong_kind) == "p.yaml:8:3: parameter 'min_days' of 'my-rule' is \"many\"; operator "
                               "'greater_or_equal' at p.yaml:11:13 takes a number");
  CHECK(ErrorOf(kValid + "parameters:\n  Min: {default: 1}\n") ==
        "p.yaml:11:3: parameter name 'Min' is not an identifier; use lower-case letters, digits and '_'");
  CHECK(ErrorOf(kValid + "parameters:\n  m: {description: x}\n") == "p.yaml:11:6: parameter 'm': missing 'default'");
}

TEST_CASE("regex: patterns are compiled once, bad ones located", "[policy][bad]") {
  Result<PolicySet> ok = CompileText("p.yaml", WithCondition("  attribute: name\n  operator: matches\n  value: \"^prod-\"\n"));
  REQUIRE(ok.ok());
  CHECK(ok.value().policies()[0].condition.regex != nullptr);
  CHECK(ErrorOf(WithCondition("  attribute: name\n  operator: matches\n  value: \"(unclosed\"\n")) ==
        "p.yaml:10:10: invalid regular expression \"(unclosed\": missing ): (unclosed; write an RE2 "
        "pattern (no backreferences or lookaround)");
  CHECK(ErrorOf(WithCondition("  attribute: name\n  operator: matches\n  value: \"(a)\\\\1\"\n")) ==
        "p.yaml:10:10: invalid regular expression \"(a)\\\\1\": invalid escape sequence: \\1; write an "
        "RE2 pattern (no backreferences or lookaround)");
}

TEST_CASE("a YAML syntax error is located", "[policy][bad]") {
  CHECK(ErrorOf("id: a\ntitle: [unclosed\n") == "p.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("YAML aliases that expand exponentially are refused, not expanded", "[policy][bad]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  std::string msg = ErrorOf(bomb);
  CHECK(msg.find("document too large: more than 100000 nodes (aliases count each time they are used); "
                 "write the policy without anchors that expand") != std::string::npos);
}

TEST_CASE("deep nesting is refused with a position", "[policy][bad]") {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  std::string msg = ErrorOf(deep);
  CHECK(msg.rfind("p.yaml:", 0) == 0);
}

// ---- several errors: each pass reports all it finds, in source order, at most 10

TEST_CASE("three independent mistakes are all reported, in source order", "[policy][bad]") {
  CHECK(ErrorOf("id: my-rule\n"
                "title: A rule\n"
                "severity: hihg\n"
                "resource_types: aws_dynamodb_table\n"
                "enabled: maybe\n"
                "condition:\n"
                "  attribute: x\n"
                "  operater: is_true\n") ==
        "3 errors:\n"
        "p.yaml:3:11: unknown severity 'hihg'; did you mean 'high'?\n"
        "p.yaml:5:10: enabled: expected true or false\n"
        "p.yaml:8:3: unknown key 'operater' in condition; did you mean 'operator'?");
}

TEST_CASE("a pass's errors are listed in source order, not the order it walks", "[policy][bad]") {
  // The passes walk `where` before `condition`; here `condition` comes first.
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: is_ture\n") + "where: {attribute: y, operator: exist}\n") ==
        "2 errors:\n"
        "p.yaml:9:13: unknown operator 'is_ture'; did you mean 'is_true'?\n"
        "p.yaml:10:33: unknown operator 'exist'; did you mean 'exists'?");
}

TEST_CASE("a later pass never runs on a tree an earlier pass found broken", "[policy][bad]") {
  // The unknown operator (operators pass) is not reported: the shape pass failed.
  CHECK(ErrorOf(WithCondition("  attribute: x\n  operator: is_ture\n") + "enabled: maybe\n") ==
        "p.yaml:10:10: enabled: expected true or false");
}

TEST_CASE("errors stop at 10, saying there were too many", "[policy][bad]") {
  auto tests = [](int n) {
    std::string all = "  all:\n";
    for (int i = 0; i < n; ++i) all += "    - {attribute: x, operator: is_ture}\n";
    return WithCondition(all);
  };
  std::string ten;
  for (int line = 9; line < 19; ++line) {
    ten += "\np.yaml:" + std::to_string(line) + ":32: unknown operator 'is_ture'; did you mean 'is_true'?";
  }
  CHECK(ErrorOf(tests(10)) == "10 errors:" + ten);
  CHECK(ErrorOf(tests(11)) == "too many errors; the first 10:" + ten);
  CHECK(ErrorOf(tests(500)) == "too many errors; the first 10:" + ten);
}

TEST_CASE("independent sources each report their own errors", "[policy][bad]") {
  Result<PolicySet> r = Compile({{"b.yaml", "id: [unclosed\n"}, {"a.yaml", "title: [unclosed\n"}}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() == "2 errors:\n"
                               "b.yaml:2:1: YAML syntax error: end of sequence flow not found\n"
                               "a.yaml:2:1: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("a misspelt key is not also reported as missing", "[policy][bad]") {
  std::string typo = kValid;
  typo.replace(typo.find("title"), 5, "titel");
  CHECK(ErrorOf(typo) == "p.yaml:2:1: unknown key 'titel' in policy; did you mean 'title'?");
}

TEST_CASE("ids: duplicates across files and clashing aliases fail the whole load", "[policy][bad]") {
  std::string path = Temp("dup.yaml", [] {
    std::string y = kValid;
    y.replace(y.find("my-rule"), 7, "aws-dynamodb-enable-recovery");
    return y;
  }());
  LoadOptions options;
  options.paths = {path};
  CHECK(LoadPolicySet(options).error().message() ==
        path + ":1:1: duplicate policy id 'aws-dynamodb-enable-recovery', first defined at "
               "policies/aws-dynamodb-enable-recovery.yaml:2:1; give each policy a unique id");
  std::remove(path.c_str());
  std::string alias = Temp("alias.yaml", kValid + "aliases: [CKV_AWS_28]\n");
  options.paths = {alias};
  CHECK(LoadPolicySet(options).error().message() ==
        alias + ":1:1: alias 'CKV_AWS_28' of 'my-rule' also names 'aws-dynamodb-enable-recovery' "
                "(policies/aws-dynamodb-enable-recovery.yaml:2:1); an alias must name one policy");
  std::remove(alias.c_str());
}

TEST_CASE("selection: ids or aliases, disabled policies only when named", "[policy]") {
  LoadOptions options;
  auto ids = [&]() {
    Result<PolicySet> set = LoadPolicySet(options);  // keep it alive while iterating
    REQUIRE(set.ok());
    std::vector<std::string> out;
    for (const Policy& p : set.value().policies()) out.push_back(p.id);
    return out;
  };
  CHECK(ids() == std::vector<std::string>{"aws-dynamodb-backup-coverage", "aws-dynamodb-deletion-protection",
                                          "aws-dynamodb-enable-recovery",
                                          "aws-dynamodb-recovery-disabled", "aws-dynamodb-replica-enable-recovery",
                                          "aws-dynamodb-table-customer-key", "aws-dynamodb-table-destroy"});
  options.select = {"CKV_AWS_28", "aws-dynamodb-recovery-window"};
  CHECK(ids() == std::vector<std::string>{"aws-dynamodb-enable-recovery", "aws-dynamodb-recovery-window"});
  options.select = {};
  options.skip = {"AVD-AWS-0025", "DynamoDB.6", "aws-dynamodb-recovery-disabled", "aws-dynamodb-table-destroy",
                  "aws-dynamodb-backup-coverage"};
  CHECK(ids() == std::vector<std::string>{"aws-dynamodb-enable-recovery", "aws-dynamodb-replica-enable-recovery"});
  options.skip = {"aws-dynamodb-enable-recovry"};
  CHECK(LoadPolicySet(options).error().message() ==
        "--skip-policy: no policy has the id or alias 'aws-dynamodb-enable-recovry'; did you mean "
        "'aws-dynamodb-enable-recovery'?");
  options.skip = {};
  options.select = {"nothing-like-it"};
  CHECK(LoadPolicySet(options).error().message() ==
        "--policy: no policy has the id or alias 'nothing-like-it'; 'plangate policies list' shows them");
  options.skip = {"nor-this-one"};  // every unknown name is reported, as a usage error
  Result<PolicySet> both = LoadPolicySet(options);
  CHECK(both.error().kind() == ErrorKind::kUsage);
  CHECK(both.error().message() ==
        "2 errors:\n"
        "--policy: no policy has the id or alias 'nothing-like-it'; 'plangate policies list' shows them\n"
        "--skip-policy: no policy has the id or alias 'nor-this-one'; 'plangate policies list' shows them");
}

TEST_CASE("parameters: --param overrides a parameter, checked against the operator", "[policy]") {
  LoadOptions options;
  options.select = {"aws-dynamodb-recovery-window"};
  options.params = {"aws-dynamodb-recovery-window.min_days=7"};
  Result<PolicySet> set = LoadPolicySet(options);
  REQUIRE(set.ok());
  CHECK(set.value().policies()[0].condition.argument == plan::Value::Number("7"));
  options.params = {"aws-dynamodb-recovery-window.min_days=a week"};
  CHECK(LoadPolicySet(options).error().message() ==
        "--param aws-dynamodb-recovery-window.min_days=a week: parameter 'min_days' of "
        "'aws-dynamodb-recovery-window' is \"a week\"; operator 'greater_or_equal' at "
        "policies/aws-dynamodb-recovery-window.yaml:36:13 takes a number");
  options.params = {"aws-dynamodb-recovery-window.min_day=7"};
  CHECK(LoadPolicySet(options).error().message() ==
        "--param aws-dynamodb-recovery-window.min_day=7: policy 'aws-dynamodb-recovery-window' has no "
        "parameter 'min_day'; did you mean 'min_days'?");
  options.params = {"min_days=7"};
  CHECK(LoadPolicySet(options).error().message() ==
        "--param min_days=7: expected ID.NAME=VALUE; e.g. --param aws-dynamodb-recovery-window.min_days=30");
}

TEST_CASE("a config file selects policies and sets parameters", "[policy]") {
  std::string config = Temp("config.yaml",
                            "policies: [aws-dynamodb-recovery-window]\n"
                            "params:\n  aws-dynamodb-recovery-window:\n    min_days: 14\n");
  LoadOptions options;
  options.config = config;
  Result<PolicySet> set = LoadPolicySet(options);
  REQUIRE(set.ok());
  REQUIRE(set.value().policies().size() == 1);
  CHECK(set.value().policies()[0].condition.argument == plan::Value::Number("14"));
  options.params = {"aws-dynamodb-recovery-window.min_days=21"};  // a flag wins over the file
  CHECK(LoadPolicySet(options).value().policies()[0].condition.argument == plan::Value::Number("21"));
  std::remove(config.c_str());
  std::string bad = Temp("bad-config.yaml", "polices: [x]\n");
  options.config = bad;
  CHECK(LoadPolicySet(options).error().message() ==
        bad + ":1:1: unknown key 'polices' in config; did you mean 'policies'?");
  std::ofstream(bad) << "zzz: 1\n";
  CHECK(LoadPolicySet(options).error().message() ==
        bad + ":1:1: unknown key 'zzz' in config; expected one of policies, skip_policies, params");
  std::remove(bad.c_str());
}

TEST_CASE("a missing policy path fails the load", "[policy][bad]") {
  LoadOptions options;
  options.paths = {"/nonexistent/policies"};
  CHECK(LoadPolicySet(options).error().message() ==
        "/nonexistent/policies: no such policy file or folder; check --policies");
}

TEST_CASE("the built-in PITR policy keeps its seed metadata", "[policy]") {
  LoadOptions options;
  options.include_disabled = true;
  Result<PolicySet> r = LoadPolicySet(options);
  REQUIRE(r.ok());
  REQUIRE(r.value().policies().size() == 8);
  const Policy& p = r.value().policies()[2];
  CHECK(p.id == "aws-dynamodb-enable-recovery");
  CHECK(p.aliases == std::vector<std::string>{"AVD-AWS-0024", "CKV_AWS_28"});
  CHECK(p.severity == "medium");
  CHECK(p.title == "Point in time recovery should be enabled to protect DynamoDB table");
  CHECK(p.impact == "Accidental or malicious writes and deletes can't be rolled back.");
  CHECK(p.links.size() == 2);
  CHECK(r.value().AttributesByType().at("aws_dynamodb_table") ==
        std::vector<std::string>{"arn", "tags_all", "tags", "deletion_protection_enabled", "point_in_time_recovery",
                                 "replica", "server_side_encryption", "name"});
  // A relation's related types are read for what it asks of them, nested ones too.
  CHECK(r.value().AttributesByType().at("aws_backup_selection") ==
        std::vector<std::string>{"plan_id", "resources", "selection_tag", "condition", "not_resources"});
  CHECK(r.value().AttributesByType().count("aws_backup_plan") == 1);
  // Roots come from the whole policy (both by_type branches): never fewer than needed.
  CHECK(r.value().AttributesByType().at("aws_dynamodb_table_replica") ==
        std::vector<std::string>{"replica", "point_in_time_recovery", "name", "deletion_protection_enabled"});
}

}  // namespace
}  // namespace plangate::policy
