#include "explain/explain.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "catch.h"
#include "explain/render.h"
#include "explain_fixture.h"

namespace plangate::explain {
namespace {

namespace fs = std::filesystem;
using resolve::Resolution;

const AttributeExplanation* Find(const ResourceExplanation& e, const std::string& shown) {
  for (const AttributeExplanation& a : e.attributes) {
    if (a.Shown() == shown) return &a;
  }
  return nullptr;
}

const PolicyExplanation& Policy(const ResourceExplanation& e, const std::string& id) {
  for (const PolicyExplanation& p : e.policies) {
    if (p.policy->id == id) return p;
  }
  FAIL("no policy " << id);
  return e.policies.front();
}

std::string Row(const policy::Finding& f) {
  return f.address + " | " + f.policy->id + " | " + policy::VerdictName(f.verdict) + " | " + f.message;
}

TEST_CASE("explain gives every resource of every fixture the results check gives", "[explain]") {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(testing::SourceDir() + "/fixtures")) {
    if (fs::exists(entry.path() / "plan.json")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 28);
  for (const fs::path& dir : dirs) {
    const std::string name = dir.filename().string();
    DYNAMIC_SECTION(name) {
      cli::CheckOptions options;
      options.inputs = {(dir / "plan.json").string()};
      std::ostringstream diagnostics;
      Result<report::Report> report = cli::Check(options, diagnostics);
      REQUIRE(report.ok());
      std::vector<std::string> checked, explained;
      for (const policy::Finding& f : report.value().findings) checked.push_back(Row(f));

      LoadedFixture fixture(name);
      for (const resolve::ResolvedResource& r : fixture.resources) {
        ResourceExplanation e = Explain(fixture.set.ForType(r.resource->type), r, *fixture.context);
        for (const PolicyExplanation& p : e.policies) {
          if (!p.finding) {
            CHECK_FALSE(p.not_judged.empty());
            continue;
          }
          explained.push_back(Row(*p.finding));
          // The condition that decided is named, and the attribute it read is explained.
          REQUIRE(p.decided_by != nullptr);
          if (!p.finding->attribute.empty()) {
            CHECK(Find(e, p.finding->attribute) != nullptr);
            CHECK(p.decided_by->kind == policy::Condition::Kind::kTest);
          }
        }
        // Every attribute explained is read by a policy that judged it or whose where excluded it.
        for (const AttributeExplanation& a : e.attributes) CHECK_FALSE(a.read_by.empty());
      }
      std::sort(checked.begin(), checked.end());
      std::sort(explained.begin(), explained.end());
      CHECK(explained == checked);
    }
  }
}

TEST_CASE("an absent attribute is explained with the default each policy declares for it", "[explain]") {
  LoadedFixture f("seed-insecure");
  ResourceExplanation e = f.Explained("aws_dynamodb_table.bad_example");
  const AttributeExplanation* pitr = Find(e, "point_in_time_recovery[0].enabled");
  REQUIRE(pitr != nullptr);
  CHECK(pitr->resolution.state == Resolution::State::kAbsent);
  CHECK(pitr->resolution.reason == "point_in_time_recovery is not set in the configuration");
  CHECK(pitr->after_unknown);  // the plan marks the omitted block known after apply
  REQUIRE(pitr->defaults.size() == 1);
  CHECK(pitr->defaults[0].first == "aws-dynamodb-enable-recovery");
  CHECK(pitr->defaults[0].second->ToJson() == "false");
  CHECK(pitr->trace.empty());

  const AttributeExplanation* protection = Find(e, "deletion_protection_enabled");
  REQUIRE(protection != nullptr);
  CHECK_FALSE(protection->after_unknown);  // null in `after`: not computed, not set
  CHECK(protection->read_by == std::vector<std::string>{"aws-dynamodb-deletion-protection"});
}

TEST_CASE("a policy that does not judge the resource says why", "[explain]") {
  LoadedFixture f("actions");
  ResourceExplanation created = f.Explained("aws_dynamodb_table.created");
  CHECK(Policy(created, "aws-dynamodb-table-destroy").not_judged ==
        "it judges objects whose data the plan destroys, and this plan does not destroy it");
  CHECK(Policy(created, "aws-dynamodb-recovery-disabled").not_judged ==
        "its where excludes this resource (policies/aws-dynamodb-recovery-disabled.yaml:27:3)");
  // Out of scope reads nothing; a where that excludes reads only its own attributes.
  CHECK(Find(created, "change.deposed") == nullptr);
  CHECK(Find(created, "before.point_in_time_recovery[0].enabled") == nullptr);

  ResourceExplanation deleted = f.Explained("aws_dynamodb_table.deleted");
  CHECK(Policy(deleted, "aws-dynamodb-enable-recovery").not_judged ==
        "it judges what exists after apply, and this plan deletes it");
  const PolicyExplanation& destroy = Policy(deleted, "aws-dynamodb-table-destroy");
  REQUIRE(destroy.finding);
  CHECK(ConditionText(*destroy.decided_by, false) == "action in [delete, replace]");
  CHECK(destroy.nots == 1);
}

TEST_CASE("a path with [*] is explained for each element of the list", "[explain]") {
  LoadedFixture f("replicas", {"aws-dynamodb-replica-enable-recovery"});
  ResourceExplanation e = f.Explained("aws_dynamodb_table.global_partial");
  REQUIRE(Find(e, "replica[0].point_in_time_recovery") != nullptr);
  REQUIRE(Find(e, "replica[1].point_in_time_recovery") != nullptr);
  CHECK(Find(e, "replica[1].point_in_time_recovery")->resolution.value->ToJson() == "false");
  CHECK(Find(e, "replica[*].point_in_time_recovery") == nullptr);
  const PolicyExplanation& p = Policy(e, "aws-dynamodb-replica-enable-recovery");
  CHECK(ConditionText(*p.decided_by, false) == "for every: replica[*].point_in_time_recovery is_true");
}

TEST_CASE("a value changed outside Terraform is explained with what resource_drift shows", "[explain]") {
  LoadedFixture f("data-loss-drift");
  ResourceExplanation e = f.Explained("aws_dynamodb_table.drift_restored");
  const AttributeExplanation* pitr = Find(e, "point_in_time_recovery[0].enabled");
  REQUIRE(pitr != nullptr);
  CHECK(pitr->drifted);
  CHECK(pitr->drift_before.value->ToJson() == "true");
  CHECK(pitr->drift_after.value->ToJson() == "false");
  CHECK_FALSE(Find(e, "deletion_protection_enabled")->drifted);
  // A table deleted outside Terraform is said once, of the resource, not of each attribute.
  ResourceExplanation vanished = f.Explained("aws_dynamodb_table.drift_vanished");
  for (const AttributeExplanation& a : vanished.attributes) CHECK_FALSE(a.drifted);
  CHECK(RenderText({vanished}).find("  outside Terraform, the object was deleted (resource_drift)\n") !=
        std::string::npos);
}

TEST_CASE("the condition under a not, and a parameter's value, are named", "[explain]") {
  LoadedFixture f("actions");
  ResourceExplanation e = f.Explained("aws_dynamodb_table.updated_off");
  const PolicyExplanation& p = Policy(e, "aws-dynamodb-recovery-disabled");
  REQUIRE(p.finding);
  CHECK(p.nots == 1);
  CHECK(ConditionText(*p.decided_by, false) == "before.point_in_time_recovery[0].enabled is_true");
  CHECK(p.decided_by->location.ToString() == "policies/aws-dynamodb-recovery-disabled.yaml:36:9");

  LoadedFixture window("seed-secure", {"aws-dynamodb-recovery-window"});
  ResourceExplanation w = window.Explained("aws_dynamodb_table.good_example");
  const PolicyExplanation& wp = Policy(w, "aws-dynamodb-recovery-window");
  CHECK(ConditionText(*wp.decided_by, false) ==
        "point_in_time_recovery[0].recovery_period_in_days greater_or_equal 35 (param min_days)");
  CHECK(ConditionText(*wp.decided_by, true) ==
        "point_in_time_recovery[0].recovery_period_in_days greater_or_equal (argument not shown: the value is "
        "sensitive)");
}

TEST_CASE("a sensitive value is explained as (sensitive), in text and JSON", "[explain]") {
  LoadedFixture f("sensitive");
  ResourceExplanation e = f.Explained("aws_dynamodb_table.secret_flag");
  const AttributeExplanation* pitr = Find(e, "point_in_time_recovery[0].enabled");
  REQUIRE(pitr != nullptr);
  CHECK(pitr->resolution.sensitive);
  const std::string text = RenderText({e});
  CHECK(text.find("    point_in_time_recovery[0].enabled = (sensitive)\n") != std::string::npos);
  const std::string json = RenderJson({e});
  CHECK(json.find(R"("state": "known",
            "sensitive": true,
            "sensitive_parts": false
          })") != std::string::npos);

  LoadedFixture nested("sensitive-nested");
  ResourceExplanation tagged = nested.Explained("aws_dynamodb_table.tagged");
  const std::string tags = RenderText({tagged});
  CHECK(tags.find(R"(    tags = {"team":"payments","cost_center":<sensitive>} (sensitive parts hidden))") !=
        std::string::npos);
  CHECK(tags.find("SECRET") == std::string::npos);
  CHECK(RenderJson({tagged}).find("SECRET") == std::string::npos);
}

TEST_CASE("an unknown value's text names each step back to the resource it comes from", "[explain]") {
  LoadedFixture f("pitr-through-modules", {"aws-dynamodb-enable-recovery"});
  const std::string text = RenderText({f.Explained(R"(module.app.module.store.aws_dynamodb_table.t["a"])")});
  CHECK(text == R"(module.app.module.store.aws_dynamodb_table.t["a"]
  input: )" + testing::SourceDir() + R"(/fixtures/pitr-through-modules/plan.json (plan)
  type: aws_dynamodb_table
  change: create

  attributes the policies read:
    point_in_time_recovery[0].enabled: known only after apply (marked sensitive)
      from: var.pitr (input pitr of module.app.module.store) <- var.pitr (input pitr of module.app) <- aws_ssm_parameter.flag.value
      check says it depends on: aws_ssm_parameter.flag.value
      read by: aws-dynamodb-enable-recovery

  policies:
    aws-dynamodb-enable-recovery: unknown (known only after apply)  [medium, soft-mandatory]
      decided by: point_in_time_recovery[0].enabled is_true  (policies/aws-dynamodb-enable-recovery.yaml:26:3)
      point_in_time_recovery[0].enabled is known only after apply; depends on aws_ssm_parameter.flag.value
)");
}

}  // namespace
}  // namespace plangate::explain
