#include "policy/evaluator.h"

#include "catch.h"

#include "policy/loader.h"
#include "policy/operators.h"
#include "report/report.h"
#include "test_util.h"

namespace plangate::policy {
namespace {

// A policy on aws_dynamodb_table with `body` (where/condition/defaults...) appended.
PolicySet Compile(const std::string& body, const std::string& extra_header = "") {
  std::string yaml = "id: p\ntitle: T\nseverity: medium\nresource_types: aws_dynamodb_table\n" + extra_header + body;
  Result<PolicySet> r = CompileText("p.yaml", yaml);
  INFO(yaml);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string Test(const std::string& attribute, const std::string& op, const std::string& value = "") {
  return "condition:\n  attribute: " + attribute + "\n  operator: " + op + "\n" +
         (value.empty() ? "" : "  value: " + value + "\n");
}

struct Run {
  Result<plan::Plan> plan;
  std::optional<Finding> finding;
};

// Evaluates the one policy of `set` on a one-table plan, recording what it read.
// `change`: members after "actions"; `expressions`: the configuration's expressions.
std::optional<Finding> Eval(const PolicySet& set, const std::string& change,
                            const std::string& expressions = "{}", const std::string& actions = R"(["create"])") {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":)" +
                     actions + "," + change +
                     R"(}}],"configuration":{"root_module":{"resources":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","expressions":)" +
                     expressions + "}]}}}";
  static std::vector<std::unique_ptr<plan::Plan>> keep;  // resolved resources point into the plan
  Result<plan::Plan> p = testing::LoadJson(json);
  REQUIRE(p.ok());
  keep.push_back(std::make_unique<plan::Plan>(std::move(p).value()));
  std::vector<resolve::ResolvedResource> rs = resolve::SelectResources(*keep.back()).value();
  REQUIRE(rs.size() == 1);
  EvaluateOptions options;
  options.reads = true;
  return Evaluate(set.policies().at(0), rs[0], nullptr, options);
}

Verdict VerdictOf(const PolicySet& set, const std::string& change, const std::string& expressions = "{}") {
  std::optional<Finding> f = Eval(set, change, expressions);
  REQUIRE(f.has_value());
  return f->verdict;
}

// `after` holding attribute x = value (JSON text).
std::string After(const std::string& value) { return R"("after":{"x":)" + value + "}"; }
const std::string kAbsent = R"("after":{})";
// x unknown, set in the configuration from another resource.
const std::string kUnknownChange = R"("after":{},"after_unknown":{"x":true})";
const std::string kUnknownExpr = R"({"x":{"references":["aws_ssm_parameter.flag.value","aws_ssm_parameter.flag"]}})";

struct OperatorCase {
  const char* op;
  const char* value;  // "" when the operator takes none
  const char* passing;
  const char* failing;
  Verdict absent;  // absent, no default
};

TEST_CASE("every operator on known values, an absent value and an unknown value", "[policy]") {
  const std::vector<OperatorCase> cases = {
      {"equals", "\"PROVISIONED\"", "\"PROVISIONED\"", "\"PAY_PER_REQUEST\"", Verdict::kFail},
      {"not_equals", "\"PROVISIONED\"", "\"PAY_PER_REQUEST\"", "\"PROVISIONED\"", Verdict::kPass},
      {"in", "[STANDARD, STANDARD_INFREQUENT_ACCESS]", "\"STANDARD\"", "\"OTHER\"", Verdict::kFail},
      {"not_in", "[a, b]", "\"c\"", "\"a\"", Verdict::kPass},
      {"exists", "", "\"x\"", nullptr, Verdict::kFail},
      {"absent", "", nullptr, "\"x\"", Verdict::kPass},
      {"is_true", "", "true", "false", Verdict::kFail},
      {"is_false", "", "false", "true", Verdict::kFail},
      {"greater_than", "5", "6", "5", Verdict::kFail},
      {"greater_or_equal", "5", "5", "4.5", Verdict::kFail},
      {"less_than", "5", "4", "5", Verdict::kFail},
      {"less_or_equal", "5", "5", "123456789012345678901234567890", Verdict::kFail},
      {"matches", "\"^prod-[a-z]+$\"", "\"prod-orders\"", "\"dev-orders\"", Verdict::kFail},
      {"contains", "\"orders\"", "\"prod-orders-v2\"", "\"prod-users\"", Verdict::kFail},
      {"starts_with", "\"arn:aws:kms:\"", "\"arn:aws:kms:eu-west-1:1:key/k\"", "\"alias/aws/dynamodb\"", Verdict::kFail},
      {"ends_with", "\"-v2\"", "\"orders-v2\"", "\"orders-v1\"", Verdict::kFail},
      {"length_equals", "2", "[1, 2]", "[1]", Verdict::kFail},
      {"length_greater_than", "0", "\"é\"", "\"\"", Verdict::kFail},
      {"length_less_than", "2", "{\"a\": 1}", "{\"a\": 1, \"b\": 2}", Verdict::kFail},
      {"is_empty", "", "[]", "[0]", Verdict::kPass},
  };
  REQUIRE(cases.size() == Operators().size());
  for (const OperatorCase& c : cases) {
    DYNAMIC_SECTION(c.op) {
      PolicySet set = Compile(Test("x", c.op, c.value));
      if (c.passing != nullptr) CHECK(VerdictOf(set, After(c.passing)) == Verdict::kPass);
      if (c.failing != nullptr) CHECK(VerdictOf(set, After(c.failing)) == Verdict::kFail);
      CHECK(VerdictOf(set, kAbsent) == c.absent);
      std::optional<Finding> unknown = Eval(set, kUnknownChange, kUnknownExpr);
      CHECK(unknown->verdict == Verdict::kUnknown);
      CHECK(unknown->unknown);
      CHECK(unknown->depends_on == std::vector<std::string>{"aws_ssm_parameter.flag.value"});
    }
  }
}

TEST_CASE("type mismatches fail rather than pass", "[policy]") {
  CHECK(VerdictOf(Compile(Test("x", "greater_than", "5")), After("\"6\"")) == Verdict::kFail);
  CHECK(VerdictOf(Compile(Test("x", "starts_with", "\"a\"")), After("1")) == Verdict::kFail);
  CHECK(VerdictOf(Compile(Test("x", "equals", "1")), After("\"1\"")) == Verdict::kFail);
  CHECK(VerdictOf(Compile(Test("x", "contains", "\"k\"")), After(R"({"k":1})")) == Verdict::kPass);
  CHECK(VerdictOf(Compile(Test("x", "contains", "2")), After("[1, 2]")) == Verdict::kPass);
}

TEST_CASE("a default applies to an absent value, except for presence operators", "[policy]") {
  std::string defaults = "defaults:\n  x: 35\n";
  CHECK(VerdictOf(Compile(defaults + Test("x", "greater_or_equal", "30")), kAbsent) == Verdict::kPass);
  CHECK(VerdictOf(Compile(defaults + Test("x", "greater_or_equal", "40")), kAbsent) == Verdict::kFail);
  CHECK(VerdictOf(Compile(defaults + Test("x", "exists")), kAbsent) == Verdict::kFail);
  CHECK(VerdictOf(Compile(defaults + Test("x", "absent")), kAbsent) == Verdict::kPass);
  // A default never replaces an unknown value.
  CHECK(VerdictOf(Compile(defaults + Test("x", "greater_or_equal", "30")), kUnknownChange, kUnknownExpr) ==
        Verdict::kUnknown);
  std::optional<Finding> f = Eval(Compile(defaults + Test("x", "greater_or_equal", "40")), kAbsent);
  CHECK(f->message == "x is not set, so the provider default x = 35 applies; expected a number of at least 40");
}

TEST_CASE("all, any and not follow three-valued logic", "[policy]") {
  std::string change = R"("after":{"a":true,"b":false},"after_unknown":{"u":true})";
  std::string exprs = R"({"u":{"references":["random_id.r.hex","random_id.r"]}})";
  auto run = [&](const std::string& cond) {
    return VerdictOf(Compile("condition:\n" + cond), change, exprs);
  };
  const std::string A = "{attribute: a, operator: is_true}";
  const std::string B = "{attribute: b, operator: is_true}";
  const std::string U = "{attribute: u, operator: is_true}";
  CHECK(run("  all: [" + A + ", " + A + "]\n") == Verdict::kPass);
  CHECK(run("  all: [" + A + ", " + B + "]\n") == Verdict::kFail);
  CHECK(run("  all: [" + A + ", " + U + "]\n") == Verdict::kUnknown);
  CHECK(run("  all: [" + B + ", " + U + "]\n") == Verdict::kFail);  // a known failure decides
  CHECK(run("  any: [" + B + ", " + A + "]\n") == Verdict::kPass);
  CHECK(run("  any: [" + B + ", " + B + "]\n") == Verdict::kFail);
  CHECK(run("  any: [" + B + ", " + U + "]\n") == Verdict::kUnknown);
  CHECK(run("  any: [" + A + ", " + U + "]\n") == Verdict::kPass);  // a known pass decides
  CHECK(run("  not: " + A + "\n") == Verdict::kFail);
  CHECK(run("  not: " + B + "\n") == Verdict::kPass);
  CHECK(run("  not: " + U + "\n") == Verdict::kUnknown);
  std::optional<Finding> f = Eval(Compile("condition:\n  not: " + A + "\n"), change, exprs);
  CHECK(f->message == "a is true; expected anything but true");
  std::optional<Finding> g = Eval(Compile("condition:\n  any: [" + B + ", " + B + "]\n"), change, exprs);
  CHECK(g->message == "none of the alternatives holds; b is false; expected true");
}

TEST_CASE("a message words only the parts that decide, then what each not made of them", "[policy]") {
  std::string change = R"("after":{"a":true,"b":false},"after_unknown":{"u":true})";
  std::string exprs = R"({"u":{"references":["random_id.r.hex","random_id.r"]}})";
  auto message = [&](const std::string& cond) {
    std::optional<Finding> f = Eval(Compile("condition:\n" + cond), change, exprs);
    REQUIRE(f.has_value());
    return f->message;
  };
  const std::string A = "{attribute: a, operator: is_true}";
  const std::string B = "{attribute: b, operator: is_true}";
  const std::string U = "{attribute: u, operator: is_true}";
  const std::string kUnknownU = "u is known only after apply; depends on random_id.r.hex";
  // An unknown all or any is explained by its unknown parts alone.
  CHECK(message("  all: [" + A + ", " + U + "]\n") == kUnknownU);
  CHECK(message("  any: [" + B + ", " + U + "]\n") == kUnknownU);
  // A passing all is explained by every child (each sentence once).
  CHECK(message("  all: [" + A + ", " + A + "]\n") == "a is true");
  // A not words its failure from the test it negates, through other nots and the
  // child that decided an all; over a combination it can only say the opposite held.
  CHECK(message("  not: {not: " + A + "}\n") == "a is true; expected anything but true");
  CHECK(message("  not: {all: [" + B + ", " + A + "]}\n") == "b is false; expected true");
  CHECK(message("  not: {any: [" + B + ", " + A + "]}\n") == "a is true; expected anything but true");
  CHECK(message("  not: {all: [" + A + ", " + A + "]}\n") ==
        "a is true; expected the opposite (the condition under 'not' holds)");
  CHECK(message("  not: " + U + "\n") == kUnknownU);
}

TEST_CASE("[*] with for: every and for: some, an empty list, an unknown element", "[policy]") {
  PolicySet every = Compile("condition:\n  attribute: \"r[*].p\"\n  for: every\n  operator: is_true\n");
  PolicySet some = Compile("condition:\n  attribute: \"r[*].p\"\n  for: some\n  operator: is_true\n");
  std::string both = R"("after":{"r":[{"p":true},{"p":true}]})";
  std::string one = R"("after":{"r":[{"p":true},{"p":false}]})";
  std::string none = R"("after":{"r":[{"p":false}]})";
  std::string empty = R"("after":{"r":[]})";
  std::string unknown_elem = R"("after":{"r":[{"p":true},{}]},"after_unknown":{"r":[{},{"p":true}]})";
  std::string unknown_elem_expr = R"({"r":[{"p":{"constant_value":true}},{"p":{"references":["var.x"]}}]})";
  std::string unknown_list = R"("after":{},"after_unknown":{"r":true})";
  std::string unknown_list_expr = R"({"r":{"references":["local.rs"]}})";
  CHECK(VerdictOf(every, both) == Verdict::kPass);
  CHECK(VerdictOf(every, one) == Verdict::kFail);
  CHECK(VerdictOf(every, empty) == Verdict::kPass);
  CHECK(VerdictOf(every, kAbsent) == Verdict::kPass);
  CHECK(VerdictOf(every, unknown_elem, unknown_elem_expr) == Verdict::kUnknown);
  CHECK(VerdictOf(every, unknown_list, unknown_list_expr) == Verdict::kUnknown);
  CHECK(VerdictOf(some, one) == Verdict::kPass);
  CHECK(VerdictOf(some, none) == Verdict::kFail);
  CHECK(VerdictOf(some, empty) == Verdict::kFail);
  CHECK(VerdictOf(some, unknown_elem, unknown_elem_expr) == Verdict::kPass);  // element 0 decides
  CHECK(VerdictOf(some, unknown_list, unknown_list_expr) == Verdict::kUnknown);
  CHECK(Eval(every, one)->message == "r[1].p is false; expected true");
  CHECK(Eval(every, empty)->message == "r is empty: no elements to check");
  CHECK(Eval(some, empty)->message == "r is empty; expected at least one element with r[*].p true");
  CHECK(Eval(some, none)->message == "no element of r matches; r[0].p is false; expected true");
  // A default written with [*] covers every element.
  PolicySet with_default = Compile("defaults:\n  r[*].p: true\ncondition:\n  attribute: \"r[*].p\"\n  for: every\n  operator: is_true\n");
  CHECK(VerdictOf(with_default, R"("after":{"r":[{"p":null}]})") == Verdict::kPass);
}

TEST_CASE("where: a failing filter leaves no result, an unknown one evaluates", "[policy]") {
  PolicySet set = Compile("where:\n  attribute: tags.environment\n  operator: equals\n  value: prod\n" +
                          Test("x", "is_true"));
  CHECK_FALSE(Eval(set, R"("after":{"tags":{"environment":"dev"},"x":false})").has_value());
  CHECK_FALSE(Eval(set, R"("after":{"x":false})").has_value());
  CHECK(Eval(set, R"("after":{"tags":{"environment":"prod"},"x":false})")->verdict == Verdict::kFail);
  std::optional<Finding> f = Eval(set, R"("after":{"x":false},"after_unknown":{"tags":true})",
                                  R"({"tags":{"references":["var.tags"]}})");
  REQUIRE(f.has_value());
  CHECK(f->verdict == Verdict::kFail);
  CHECK(f->message == "x is false; expected true (evaluated because the policy's where is unknown: "
                      "tags.environment is known only after apply; depends on var.tags)");
  PolicySet by_action = Compile("where:\n  action: [update, replace]\n" + Test("x", "is_true"));
  CHECK_FALSE(Eval(by_action, After("false")).has_value());  // a create
  CHECK(Eval(by_action, After("false"), "{}", R"(["delete","create"])")->verdict == Verdict::kFail);
  CHECK(Eval(by_action, After("false"), "{}", R"(["update"])")->verdict == Verdict::kFail);
}

TEST_CASE("on_unknown: fail, warn and pass decide what an unknown counts as", "[policy]") {
  for (const auto& [mode, want] : std::vector<std::pair<std::string, Verdict>>{
           {"fail", Verdict::kFail}, {"warn", Verdict::kUnknown}, {"pass", Verdict::kPass}}) {
    PolicySet set = Compile(Test("x", "is_true"), "on_unknown: " + mode + "\n");
    std::optional<Finding> unknown = Eval(set, kUnknownChange, kUnknownExpr);
    CHECK(unknown->verdict == want);
    CHECK(unknown->unknown);
    CHECK(unknown->message.rfind("x is known only after apply; depends on aws_ssm_parameter.flag.value", 0) == 0);
    // Known values are not affected.
    CHECK(VerdictOf(set, After("true")) == Verdict::kPass);
    CHECK(VerdictOf(set, After("false")) == Verdict::kFail);
  }
}

TEST_CASE("enforcement: advisory never blocks, mandatory levels block", "[policy]") {
  for (const auto& [level, blocks] : std::vector<std::pair<std::string, bool>>{
           {"advisory", false}, {"soft-mandatory", true}, {"hard-mandatory", true}}) {
    PolicySet set = Compile(Test("x", "is_true"), "enforcement: " + level + "\n");
    Finding fail = *Eval(set, After("false"));
    Finding unknown = *Eval(set, kUnknownChange, kUnknownExpr);
    CHECK(report::IsBlocking(fail, report::GateRules{}) == blocks);
    CHECK_FALSE(report::IsBlocking(unknown, report::GateRules{}));
    CHECK(report::IsBlocking(unknown, report::GateRules{true}) == blocks);
    CHECK_FALSE(report::IsBlocking(*Eval(set, After("true")), report::GateRules{true}));
  }
}

TEST_CASE("a sensitive value is evaluated but never shown", "[policy]") {
  PolicySet set = Compile(Test("x", "equals", "\"prod\""));
  std::optional<Finding> f = Eval(set, R"("after":{"x":"hunter2"},"after_sensitive":{"x":true})");
  CHECK(f->verdict == Verdict::kFail);
  CHECK(f->sensitive);
  CHECK(f->message == "x is a sensitive value (not shown); it does not satisfy equals");
  PolicySet negated = Compile("condition:\n  not: {attribute: x, operator: equals, value: hunter2}\n");
  std::optional<Finding> g = Eval(negated, R"("after":{"x":"hunter2"},"after_sensitive":{"x":true})");
  CHECK(g->verdict == Verdict::kFail);
  CHECK(g->message.find("hunter2") == std::string::npos);
  CHECK(g->message == "x is a sensitive value (not shown); it must not satisfy equals");
}

TEST_CASE("a value with sensitive parts is shown with them hidden, and the argument is not shown", "[policy]") {
  const std::string change =
      R"("after":{"x":{"team":"payments","cost":"cc-4411"},"l":["a","hunter2"]},)"
      R"("after_sensitive":{"x":{"cost":true},"l":[false,true]})";
  for (const char* op : {"equals", "contains", "length_equals"}) {
    PolicySet set = Compile(Test("x", op, std::string(op) == "length_equals" ? "5" : "\"cc-4411\""));
    std::optional<Finding> f = Eval(set, change);
    CAPTURE(op);
    REQUIRE(f.has_value());
    CHECK(f->sensitive);
    CHECK(f->message.find("cc-4411") == std::string::npos);
    CHECK(f->message.rfind(R"(x is {"team":"payments","cost":<sensitive>})", 0) == 0);
  }
  PolicySet list = Compile(Test("l", "length_equals", "3"));
  std::optional<Finding> f = Eval(list, change);
  CHECK(f->verdict == Verdict::kFail);
  CHECK(f->message == R"(l is ["a",<sensitive>]; it does not satisfy length_equals)");
  // A map sensitive as a whole: neither its keys nor its values are shown.
  PolicySet whole = Compile(Test("x", "is_empty"));
  std::optional<Finding> g = Eval(whole, R"("after":{"x":{"owner-secret-key":"v"}},"after_sensitive":{"x":true})");
  CHECK(g->message == "x is a sensitive value (not shown); it does not satisfy is_empty");
}

// Every finding of `set` on a one-table plan with `actions` and `change` (members after actions).
std::vector<Finding> EvalAll(const PolicySet& set, const std::string& actions, const std::string& change) {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","action_reason":"delete_because_no_resource_config","change":{"actions":)" +
                     actions + "," + change + "}}]}";
  static std::vector<std::unique_ptr<plan::Plan>> keep;
  Result<plan::Plan> p = testing::LoadJson(json);
  REQUIRE(p.ok());
  keep.push_back(std::make_unique<plan::Plan>(std::move(p).value()));
  std::vector<Finding> out;
  EvaluateAll(set, resolve::SelectResources(*keep.back()).value(), out);
  return out;
}

// No ";" in a test name: CTest splits the names it discovers there, and ran none of it.
TEST_CASE("judges: a policy judges its own scope - of: before and of: change read the change", "[policy]") {
  PolicySet destroyed = Compile(
      "judges: destroyed\n"
      "condition:\n  not: {of: before, attribute: x, operator: is_true}\n");
  const std::string before_on = R"("before":{"x":true},"after":null)";
  std::vector<Finding> f = EvalAll(destroyed, R"(["delete"])", before_on);
  REQUIRE(f.size() == 1);
  CHECK(f[0].verdict == Verdict::kFail);
  // The change is said in words after the explanation (action_reason in words).
  const std::string deleted = "; this plan deletes it: its resource block is no longer in the configuration "
                              "(delete_because_no_resource_config)";
  CHECK(f[0].message == "before.x is true; expected anything but true" + deleted);
  CHECK(EvalAll(destroyed, R"(["delete"])", R"("before":{"x":false},"after":null)").at(0).verdict == Verdict::kPass);
  CHECK(EvalAll(destroyed, R"(["update"])", R"("before":{"x":true},"after":{"x":true})").empty());
  CHECK(EvalAll(destroyed, R"(["forget"])", before_on).empty());
  CHECK(EvalAll(destroyed, R"(["create","forget"])", R"("before":{"x":true},"after":{})").empty());
  CHECK(EvalAll(destroyed, R"(["create","delete"])", R"("before":{"x":true},"after":{})").size() == 1);
  // The default scope never judges a deleted object.
  PolicySet after_apply = Compile(Test("x", "is_true"));
  CHECK(EvalAll(after_apply, R"(["delete"])", before_on).empty());
  CHECK(EvalAll(after_apply, R"(["update"])", R"("before":{"x":true},"after":{"x":true})").size() == 1);
  // The change itself: its reason, and actions by name.
  PolicySet reason = Compile(
      "judges: changes\n"
      "condition:\n  {of: change, attribute: action_reason, operator: not_equals, value: delete_because_no_resource_config}\n");
  std::vector<Finding> r = EvalAll(reason, R"(["delete"])", before_on);
  REQUIRE(r.size() == 1);
  CHECK(r[0].message == R"(change.action_reason is "delete_because_no_resource_config"; expected anything but "delete_because_no_resource_config")" + deleted);
  PolicySet by_action = Compile("judges: changes\ncondition:\n  not: {action: [delete-then-create]}\n");
  CHECK(EvalAll(by_action, R"(["delete","create"])", before_on).at(0).message ==
        "the plan action is replace (delete-then-create); expected the opposite (the condition under 'not' holds); "
        "this plan replaces it, deleting it first: its resource block is no longer in the configuration "
        "(delete_because_no_resource_config)");
  CHECK(EvalAll(by_action, R"(["create","delete"])", before_on).at(0).verdict == Verdict::kPass);
}

TEST_CASE("of: change names only what a change has", "[policy]") {
  Result<PolicySet> bad = CompileText("p.yaml", "id: p\ntitle: t\nseverity: low\nresource_types: [aws_dynamodb_table]\n"
                                                "condition: {of: change, attribute: action_reasons, operator: exists}\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message() == "p.yaml:5:36: a change has no attribute 'action_reasons'; did you mean 'action_reason'?");
}

TEST_CASE("explain: the notes that hold speak for a failing result, fields filled in", "[policy]") {
  PolicySet set = Compile(
      "judges: destroyed\n"
      "condition:\n  not: {action: [delete, replace]}\n"
      "explain:\n"
      "  - when: {action: [delete]}\n"
      "    say: \"This plan deletes {before.name}: {change.action_reason}.\"\n"
      "  - when: {of: before, attribute: x, operator: is_true}\n"
      "    say: \"x was on.\"\n"
      "  - say: \"Tags: {before.tags}; window: {after.w}; paths: {change.replace_paths}.\"\n");
  std::vector<Finding> f = EvalAll(
      set, R"(["delete"])",
      R"("before":{"name":"orders","x":true,"tags":{"team":"a","cost":"cc-1"}},"after":null,"before_sensitive":{"tags":{"cost":true}})");
  REQUIRE(f.size() == 1);
  CHECK(f[0].verdict == Verdict::kFail);
  CHECK(f[0].action_reason == "delete_because_no_resource_config");
  CHECK(f[0].message ==
        "This plan deletes orders: its resource block is no longer in the configuration "
        "(delete_because_no_resource_config). x was on. Tags: {\"team\":\"a\",\"cost\":<sensitive>}; window: (not set); "
        "paths: (not set).");
  // A sensitive name is never said.
  std::vector<Finding> secret = EvalAll(set, R"(["delete"])",
                                        R"("before":{"name":"s3cr3t-name"},"after":null,"before_sensitive":{"name":true})");
  CHECK(secret.at(0).message.find("s3cr3t") == std::string::npos);
  CHECK(secret.at(0).message.rfind("This plan deletes <sensitive>:", 0) == 0);
}

TEST_CASE("a field a note names that no policy reads is still read", "[policy]") {
  PolicySet set = Compile("condition: {attribute: x, operator: is_true}\nexplain:\n  - say: \"{before.y} {after.z}\"\n");
  std::vector<std::string> roots = set.policies().at(0).RootAttributes();
  CHECK(roots == std::vector<std::string>{"x", "y", "z"});
  Result<PolicySet> bad = CompileText("p.yaml", "id: p\ntitle: t\nseverity: low\nresource_types: [aws_dynamodb_table]\n"
                                                "condition: {attribute: x, operator: is_true}\n"
                                                "explain: [{say: \"{later.x}\"}]\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message().rfind("p.yaml:6:17: say: '{later.x}' is not a field; write {after.PATH}", 0) == 0);
}

TEST_CASE("drift in an attribute a policy reads is carried and said, even when the plan repairs it", "[policy]") {
  PolicySet set = Compile(Test("x", "is_true"));
  std::string json =
      R"({"format_version":"1.2","resource_drift":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["update"],"before":{"x":true,"y":1},"after":{"x":false,"y":1}}}],)"
      R"("resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["update"],"before":{"x":false},"after":{"x":true}}}]})";
  Result<plan::Plan> p = testing::LoadJson(json);
  REQUIRE(p.ok());
  std::vector<Finding> out;
  EvaluateAll(set, resolve::SelectResources(p.value()).value(), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].verdict == Verdict::kPass);
  CHECK(out[0].drift == std::vector<std::string>{"x"});
  CHECK(out[0].message == "x is true; outside Terraform, x changed from true to false (resource_drift)");
}

TEST_CASE("compare_to: before gives the operator the value before the change", "[policy]") {
  PolicySet set = Compile("condition:\n  attribute: w\n  operator: greater_or_equal\n  compare_to: before\n",
                          "defaults:\n  w: 35\n");
  auto one = [&](const std::string& actions, const std::string& change) {
    std::vector<Finding> f = EvalAll(set, actions, change);
    REQUIRE(f.size() == 1);
    return f[0];
  };
  Finding shrunk = one(R"(["update"])", R"("before":{"w":35},"after":{"w":7})");
  CHECK(shrunk.verdict == Verdict::kFail);
  // (EvalAll's plan gives every change the reason delete_because_no_resource_config.)
  CHECK(shrunk.message ==
        "w is 7; expected a number of at least 35 (its value before this change); this plan changes it: its "
        "resource block is no longer in the configuration (delete_because_no_resource_config)");
  CHECK(one(R"(["update"])", R"("before":{"w":7},"after":{"w":35})").verdict == Verdict::kPass);
  // Not set before: its default.
  CHECK(one(R"(["update"])", R"("before":{},"after":{"w":7})").verdict == Verdict::kFail);
  // No object before (a create): nothing to compare with.
  CHECK(one(R"(["create"])", R"("before":null,"after":{"w":7})").verdict == Verdict::kPass);
  // A sensitive value before: neither it nor the argument is shown.
  Finding secret = one(R"(["update"])", R"("before":{"w":35},"after":{"w":7},"before_sensitive":{"w":true})");
  CHECK(secret.verdict == Verdict::kFail);
  CHECK(secret.message.rfind("w is 7; it does not satisfy greater_or_equal; this plan changes it", 0) == 0);
  Result<PolicySet> bad = CompileText("p.yaml", "id: p\ntitle: t\nseverity: low\nresource_types: [aws_dynamodb_table]\n"
                                                "condition: {attribute: 'x[*]', for: every, operator: equals, compare_to: before}\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message().find("compare_to: before compares a value after apply with the same one before") !=
        std::string::npos);
}

}  // namespace
}  // namespace plangate::policy

namespace plangate::policy {
namespace {

// A read as one line: `path state value|reason|depends_on`, `(sensitive)` for a
// sensitive value.
std::string Shown(const Read& r) {
  std::string out = r.path + " " + resolve::StateName(r.state);
  if (r.sensitive) out += " (sensitive)";
  if (!r.value.empty()) out += " " + r.value;
  if (!r.reason.empty()) out += " [" + r.reason + "]";
  for (const std::string& d : r.depends_on) out += " <- " + d;
  return out;
}

std::vector<std::string> ReadsOf(const std::string& policy, const std::string& change,
                                 const std::string& expressions = "{}") {
  std::optional<Finding> f = Eval(Compile(policy), change, expressions);
  REQUIRE(f.has_value());
  std::vector<std::string> out;
  for (const Read& r : f->reads) out.push_back(Shown(r));
  return out;
}

using Lines = std::vector<std::string>;

TEST_CASE("reads: a known value, an absent one with the default that applies, an unknown one with its references",
          "[policy]") {
  CHECK(ReadsOf(Test("x", "equals", "\"prod\""), After("\"dev\"")) == Lines{"x known \"dev\""});
  CHECK(ReadsOf(Test("x", "greater_than", "1"), After("{\"a\":[1,2]}")) == Lines{"x known {\"a\":[1,2]}"});
  CHECK(ReadsOf("defaults:\n  x: 35\n" + Test("x", "greater_or_equal", "40"), kAbsent) ==
        Lines{"x absent 35 [x is not set]"});
  CHECK(ReadsOf(Test("x", "is_true"), kAbsent) == Lines{"x absent [x is not set]"});
  CHECK(ReadsOf(Test("x", "is_true"), kUnknownChange, kUnknownExpr) ==
        Lines{"x unknown <- aws_ssm_parameter.flag.value"});
}

TEST_CASE("reads never hold a sensitive value: a sensitive one is marked, sensitive parts are hidden", "[policy]") {
  CHECK(ReadsOf(Test("x", "equals", "\"prod\""), R"("after":{"x":"hunter2"},"after_sensitive":{"x":true})") ==
        Lines{"x known (sensitive)"});
  CHECK(ReadsOf(Test("x", "is_empty"),
                R"("after":{"x":{"team":"payments","cost":"cc-4411"}},"after_sensitive":{"x":{"cost":true}})") ==
        Lines{R"(x known {"team":"payments","cost":<sensitive>})"});
}

TEST_CASE("reads are the parts that decided, each once, as the message words them", "[policy]") {
  std::string change = R"("after":{"a":true,"b":false},"after_unknown":{"u":true})";
  std::string exprs = R"({"u":{"references":["random_id.r.hex","random_id.r"]}})";
  const std::string A = "{attribute: a, operator: is_true}";
  const std::string B = "{attribute: b, operator: is_true}";
  const std::string U = "{attribute: u, operator: is_true}";
  CHECK(ReadsOf("condition:\n  all: [" + A + ", " + B + ", " + U + "]\n", change, exprs) == Lines{"b known false"});
  CHECK(ReadsOf("condition:\n  all: [" + A + ", " + U + "]\n", change, exprs) == Lines{"u unknown <- random_id.r.hex"});
  CHECK(ReadsOf("condition:\n  all: [" + A + ", " + A + "]\n", change, exprs) == Lines{"a known true"});
  CHECK(ReadsOf("condition:\n  any: [" + B + ", " + B + "]\n", change, exprs) == Lines{"b known false"});
  CHECK(ReadsOf("condition:\n  not: {any: [" + B + ", " + A + "]}\n", change, exprs) == Lines{"a known true"});
  // Lists: the elements that decided, or the list itself when it decided alone.
  const std::string every = "condition:\n  attribute: \"r[*].p\"\n  for: every\n  operator: is_true\n";
  const std::string some = "condition:\n  attribute: \"r[*].p\"\n  for: some\n  operator: is_true\n";
  CHECK(ReadsOf(every, R"("after":{"r":[{"p":true},{"p":false}]})") == Lines{"r[1].p known false"});
  CHECK(ReadsOf(every, R"("after":{"r":[{"p":true},{"p":true}]})") == Lines{"r[0].p known true", "r[1].p known true"});
  CHECK(ReadsOf(some, R"("after":{"r":[]})") == Lines{"r known []"});
  CHECK(ReadsOf(some, kAbsent) == Lines{"r absent [r is not set]"});
  CHECK(ReadsOf(every, R"("after":{},"after_unknown":{"r":true})", R"({"r":{"references":["local.rs"]}})") ==
        Lines{"r unknown <- local.rs"});
  // What is read before the change is named so.
  CHECK(ReadsOf("judges: changes\ncondition:\n  attribute: x\n  of: before\n  operator: is_true\n",
                R"("before":{"x":false},"after":{"x":true})", "{}") == Lines{"before.x known false"});
}

TEST_CASE("reads are recorded only when asked", "[policy]") {
  PolicySet set = Compile(Test("x", "is_true"));
  Result<plan::Plan> p = testing::LoadJson(
      R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"x":false}}}]})");
  REQUIRE(p.ok());
  std::vector<resolve::ResolvedResource> rs = resolve::SelectResources(p.value()).value();
  std::optional<Finding> plain = Evaluate(set.policies().at(0), rs.at(0));
  EvaluateOptions options;
  options.reads = true;
  std::optional<Finding> recorded = Evaluate(set.policies().at(0), rs.at(0), nullptr, options);
  CHECK(plain->reads.empty());
  CHECK(recorded->reads.size() == 1);
  CHECK(plain->message == recorded->message);
}

}  // namespace
}  // namespace plangate::policy
