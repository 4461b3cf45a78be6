#include "resolve/resolver.h"

#include "catch.h"

#include "test_util.h"

namespace plangate::resolve {
namespace {

using testing::LoadJson;

const AttrPath& Pitr() {
  static const AttrPath p = AttrPath::Parse("point_in_time_recovery[0].enabled").value();
  return p;
}

// A plan with one table: `change` is the change object's members after "actions";
// `expressions` the configuration's expressions ("" leaves configuration out);
// `module` the module address ("" for the root module).
std::string PlanJson(const std::string& actions, const std::string& change,
                     const std::string& expressions, const std::string& module = "",
                     const std::string& module_calls = "") {
  std::string address, module_json;
  plan::AppendJsonString(address, (module.empty() ? "" : module + ".") + "aws_dynamodb_table.t");
  plan::AppendJsonString(module_json, module);
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":)" + address;
  if (!module.empty()) json += R"(,"module_address":)" + module_json;
  json += R"(,"mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":)" +
          actions + (change.empty() ? "" : "," + change) + "}}]";
  if (!expressions.empty()) {
    std::string resource = R"({"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","expressions":)" +
                           expressions + "}";
    json += R"(,"configuration":{"root_module":)";
    json += module.empty() ? R"({"resources":[)" + resource + "]}" : module_calls;
    json += "}";
    if (!module.empty()) {
      std::size_t at = json.find("RESOURCE");
      json.replace(at, 8, resource);
    }
  }
  return json + "}";
}

struct Fixture {
  explicit Fixture(const std::string& json) : plan(LoadJson(json)) {
    REQUIRE(plan.ok());
    Result<std::vector<ResolvedResource>> r = SelectResources(plan.value());
    REQUIRE(r.ok());
    resources = std::move(r).value();
  }
  Resolution Resolve(const AttrPath& p = Pitr()) {
    REQUIRE(resources.size() == 1);
    return resolve::Resolve(resources[0], p);
  }
  Result<plan::Plan> plan;
  std::vector<ResolvedResource> resources;
};

TEST_CASE("a known value in after resolves to known", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{"enabled":true}]},"after_unknown":{"point_in_time_recovery":[{}]})",
                     R"({"point_in_time_recovery":[{"enabled":{"constant_value":true}}]})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kKnown);
  CHECK(r.value->is_true());
  CHECK_FALSE(r.sensitive);
}

TEST_CASE("omitted PITR block on create resolves to absent, not unknown", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"name":"x"},"after_unknown":{"point_in_time_recovery":true})",
                     R"({"name":{"constant_value":"x"}})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kAbsent);
  CHECK(r.reason == "point_in_time_recovery is not set in the configuration");
}

TEST_CASE("a whole-block unknown with no configuration is taken as not set", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{},"after_unknown":{"point_in_time_recovery":true})", ""));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kAbsent);
  CHECK(r.reason == "point_in_time_recovery is known only after apply and the plan has no "
                    "configuration for this resource; taken as not set");
}

TEST_CASE("an unknown field with no configuration names the unknown path", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})", ""));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kAbsent);
  CHECK(r.reason == "point_in_time_recovery[0].enabled is known only after apply and the plan has no "
                    "configuration for this resource; taken as not set");
}

TEST_CASE("enabled from another resource is unknown and names the longest reference", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})",
                     R"({"point_in_time_recovery":[{"enabled":{"references":["aws_ssm_parameter.flag.value","aws_ssm_parameter.flag"]}}]})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kUnknown);
  CHECK(r.depends_on == std::vector<std::string>{"aws_ssm_parameter.flag.value"});
}

TEST_CASE("a whole unknown block set in configuration is unknown with its references", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{},"after_unknown":{"point_in_time_recovery":true})",
                     R"({"point_in_time_recovery":[{"enabled":{"references":["local.on"]}}]})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kUnknown);
  CHECK(r.depends_on == std::vector<std::string>{"local.on"});
}

TEST_CASE("an unknown computed by a function with no references is unknown with no dependency", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})",
                     R"({"point_in_time_recovery":[{"enabled":{}}]})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kUnknown);
  CHECK(r.depends_on.empty());
}

TEST_CASE("an unknown list element (null in after) is unknown", "[resolve]") {
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[null]},"after_unknown":{"point_in_time_recovery":[true]})",
                     R"({"point_in_time_recovery":[{"enabled":{"references":["var.x"]}}]})"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kUnknown);
  CHECK(r.depends_on == std::vector<std::string>{"var.x"});
}

TEST_CASE("an unknown inside a module is traced through the module input", "[resolve]") {
  std::string calls = R"({"module_calls":{"svc":{"source":"./svc","expressions":{"pitr":{"references":["aws_ssm_parameter.flag.value","aws_ssm_parameter.flag"]}},"module":{"resources":[RESOURCE]}}}})";
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})",
                     R"({"point_in_time_recovery":[{"enabled":{"references":["var.pitr"]}}]})",
                     R"(module.svc["a.b"])", calls));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kUnknown);
  CHECK(r.depends_on == std::vector<std::string>{"aws_ssm_parameter.flag.value"});
}

TEST_CASE("a module-local reference is qualified with its module", "[resolve]") {
  std::string calls = R"({"module_calls":{"svc":{"source":"./svc","module":{"resources":[RESOURCE]}}}})";
  Fixture f(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]})",
                     R"({"point_in_time_recovery":[{"enabled":{"references":["random_id.x.dec","random_id.x"]}}]})",
                     "module.svc[0]", calls));
  CHECK(f.Resolve().depends_on == std::vector<std::string>{"module.svc.random_id.x.dec"});
}

TEST_CASE("a known empty block list resolves to absent (empty)", "[resolve]") {
  Fixture f(PlanJson(R"(["update"])", R"("after":{"point_in_time_recovery":[]},"after_unknown":{"point_in_time_recovery":[]})", "{}"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kAbsent);
  CHECK(r.reason == "point_in_time_recovery is empty");
}

TEST_CASE("a null attribute resolves to absent (null)", "[resolve]") {
  Fixture f(PlanJson(R"(["update"])", R"("after":{"point_in_time_recovery":[{"enabled":null}]})", "{}"));
  Resolution r = f.Resolve();
  CHECK(r.state == Resolution::State::kAbsent);
  CHECK(r.reason == "point_in_time_recovery[0].enabled is null");
}

TEST_CASE("sensitive marks on the value or an enclosing block are carried", "[resolve]") {
  Fixture leaf(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{"enabled":false}]},"after_sensitive":{"point_in_time_recovery":[{"enabled":true}]})", "{}"));
  CHECK(leaf.Resolve().sensitive);
  Fixture block(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{"enabled":false}]},"after_sensitive":{"point_in_time_recovery":true})", "{}"));
  CHECK(block.Resolve().sensitive);
  Fixture legacy(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{"enabled":false}]},"after_sensitive":false)", "{}"));
  CHECK_FALSE(legacy.Resolve().sensitive);
}

TEST_CASE("a known value carries the marks inside it, to be shown redacted", "[resolve]") {
  Fixture nested(PlanJson(R"(["create"])", R"("after":{"point_in_time_recovery":[{"enabled":false,"recovery_period_in_days":7}]},"after_sensitive":{"point_in_time_recovery":[{"recovery_period_in_days":true}]})", "{}"));
  Resolution r = nested.Resolve(AttrPath::Parse("point_in_time_recovery").value());
  CHECK_FALSE(r.sensitive);
  REQUIRE(r.state == Resolution::State::kKnown);
  REQUIRE(r.sensitive_parts != nullptr);
  CHECK(r.value->ToJson(r.sensitive_parts) == R"([{"enabled":false,"recovery_period_in_days":<sensitive>}])");
}

TEST_CASE("every change is selected with its kind - each scope judges its own", "[resolve]") {
  struct Case {
    const char* actions;
    Change change;
    const char* name;
    bool after_apply, destroyed;
  };
  for (const Case& c : std::vector<Case>{
           {R"(["create"])", Change::kCreate, "create", true, false},
           {R"(["update"])", Change::kUpdate, "update", true, false},
           {R"(["no-op"])", Change::kNoOp, "no-op", true, false},
           {R"(["delete","create"])", Change::kDeleteThenCreate, "delete-then-create", true, true},
           {R"(["create","delete"])", Change::kCreateThenDelete, "create-then-delete", true, true},
           {R"(["create","forget"])", Change::kCreateThenForget, "create-then-forget", true, false},
           {R"(["delete"])", Change::kDelete, "delete", false, true},
           {R"(["forget"])", Change::kForget, "forget", false, false},
           {R"(["read"])", Change::kRead, "read", false, false},
       }) {
    CAPTURE(c.actions);
    Fixture f(PlanJson(c.actions, R"("after":{})", ""));
    const ResolvedResource& r = f.resources.at(0);
    CHECK(r.change == c.change);
    CHECK(std::string(ChangeName(r.change)) == c.name);
    CHECK(InScope(r, Scope::kAfterApply) == c.after_apply);
    CHECK(InScope(r, Scope::kDestroyed) == c.destroyed);
    CHECK(InScope(r, Scope::kChanges));
    CHECK(r.change_values.Find("action")->text() == c.name);
  }
}

TEST_CASE("the change is read as values: reason, replace paths as attribute paths, move, import", "[resolve]") {
  Fixture f(PlanJson(R"(["delete","create"])",
                     R"("before":{"hash_key":"pk"},"after":{},"replace_paths":[["hash_key"],["attribute",1,"name"],["tags","a.b"]],"importing":{"id":"x"})",
                     ""));
  const plan::Value& v = f.resources.at(0).change_values;
  CHECK(v.ToJson() ==
        R"({"action":"delete-then-create","actions":["delete","create"],"replace_paths":["hash_key","attribute[1].name","tags[\"a.b\"]"],"importing":true,"deposed":false})");
  Resolution reason = Resolve(f.resources.at(0), AttrPath::Parse("action_reason").value(), Side::kChange);
  CHECK(reason.state == Resolution::State::kAbsent);
  Resolution before = Resolve(f.resources.at(0), AttrPath::Parse("hash_key").value(), Side::kBefore);
  REQUIRE(before.state == Resolution::State::kKnown);
  CHECK(before.value->text() == "pk");
  // A path that is not one (a huge index, a number first) is shown as written, never thrown on.
  Fixture odd(PlanJson(R"(["delete","create"])",
                       R"("after":{},"replace_paths":[["a",123456789012345678901234567890],[1,"x"]])", ""));
  CHECK(odd.resources.at(0).change_values.Find("replace_paths")->ToJson() ==
        R"(["[\"a\",123456789012345678901234567890]","[1,\"x\"]"])");
  Fixture created(PlanJson(R"(["create"])", R"("before":null,"after":{})", ""));
  Resolution none = Resolve(created.resources.at(0), AttrPath::Parse("hash_key").value(), Side::kBefore);
  CHECK(none.state == Resolution::State::kAbsent);
  CHECK(none.reason == "there is no object before this change (the plan creates it)");
}

TEST_CASE("only_changes leaves out no-ops, and everything of a state", "[resolve]") {
  SelectOptions options;
  options.only_changes = true;
  Result<plan::Plan> no_op = LoadJson(PlanJson(R"(["no-op"])", R"("after":{})", ""));
  CHECK(SelectResources(no_op.value(), options).value().empty());
  Result<plan::Plan> update = LoadJson(PlanJson(R"(["update"])", R"("after":{})", ""));
  CHECK(SelectResources(update.value(), options).value().size() == 1);
  Result<plan::Plan> state = LoadJson(R"({"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_dynamodb_table.a","mode":"managed","type":"aws_dynamodb_table","name":"a","values":{}}]}}})");
  CHECK(SelectResources(state.value()).value().size() == 1);
  CHECK(SelectResources(state.value(), options).value().empty());
}

TEST_CASE("data sources are never selected - a deposed object only for the changes that destroy it", "[resolve]") {
  Result<plan::Plan> p = LoadJson(R"({"format_version":"1.2","resource_changes":[
    {"address":"data.aws_dynamodb_table.d","mode":"data","type":"aws_dynamodb_table","name":"d","change":{"actions":["create"],"after":{}}},
    {"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","deposed":"abc","change":{"actions":["delete"],"after":null}}]})");
  REQUIRE(p.ok());
  std::vector<ResolvedResource> rs = SelectResources(p.value()).value();
  REQUIRE(rs.size() == 1);
  CHECK(rs[0].resource->deposed);
  CHECK_FALSE(InScope(rs[0], Scope::kAfterApply));
  CHECK(InScope(rs[0], Scope::kDestroyed));
  CHECK(rs[0].change_values.Find("deposed")->is_true());
}

TEST_CASE("an action list plangate does not know is an error, never a silent pass", "[resolve]") {
  Result<plan::Plan> p = LoadJson(PlanJson(R"(["teleport"])", R"("after":{})", ""));
  REQUIRE(p.ok());
  Result<std::vector<ResolvedResource>> r = SelectResources(p.value());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() ==
        "t.json: aws_dynamodb_table.t: unknown change actions [\"teleport\"]; this plan is from a "
        "newer Terraform than plangate knows; upgrade plangate");
}

}  // namespace
}  // namespace plangate::resolve
