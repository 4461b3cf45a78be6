// Related resources: the index, checked against deciding every pair, on every
// fixture plan.

#include "policy/relations.h"

#include "catch.h"
#include <filesystem>
#include <functional>

#include "policy/loader.h"
#include "resolve/references.h"
#include "test_util.h"

namespace plangate::policy {
namespace {

namespace fs = std::filesystem;

// Every `related:` of `c`, those inside another's `where` too.
void Collect(const Condition& c, std::vector<const Related*>& out) {
  if (c.kind == Condition::Kind::kRelated) {
    out.push_back(c.related.get());
    if (c.related->where) Collect(*c.related->where, out);
  }
  for (const Condition& child : c.children) Collect(child, out);
}

TEST_CASE("the index leaves out only related resources that no `by` relation may hold for", "[relations]") {
  LoadOptions shipped;
  shipped.include_disabled = true;
  PolicySet builtin = LoadPolicySet(shipped).value();
  LoadOptions mine;
  mine.builtin = false;
  mine.paths = {testing::SourceDir() + "/fixtures/policies/valid/relations.yaml"};
  Result<PolicySet> extra = LoadPolicySet(mine);
  REQUIRE(extra.ok());
  std::vector<const Policy*> policies;
  for (const PolicySet* set : {&builtin, &extra.value()}) {
    for (const Policy& p : set->policies()) policies.push_back(&p);
  }
  std::map<std::string, std::vector<std::string>, std::less<>> wanted = builtin.AttributesByType();
  for (const auto& [type, keys] : extra.value().AttributesByType()) {
    wanted[type].insert(wanted[type].end(), keys.begin(), keys.end());
  }
  std::size_t plans = 0, pairs = 0, related_pairs = 0;
  for (const auto& entry : fs::directory_iterator(testing::SourceDir() + "/fixtures")) {
    fs::path file = entry.path() / "plan.json";
    if (!fs::exists(file)) continue;
    plan::LoadOptions options;
    options.attributes_by_type = wanted;
    Result<plan::Plan> plan = plan::LoadDocument(file.string(), ReadInput(file.string()).value(), options);
    REQUIRE(plan.ok());
    std::vector<resolve::ResolvedResource> resources = resolve::SelectResources(plan.value()).value();
    ++plans;
    for (const Policy* p : policies) {
      std::vector<const Related*> relateds;
      Collect(p->condition, relateds);
      for (const Related* rel : relateds) {
        RelatedIndex index(*rel, resources);
        for (const resolve::ResolvedResource& judged : resources) {
          RelatedIndex::Candidates c = index.For(judged);
          for (std::size_t t = 0; t < index.related().size(); ++t) {
            const resolve::ResolvedResource& other = *index.related()[t];
            Truth by = Truth::kFail;
            for (const Relation& item : rel->by) {
              Truth got = Relate(item, Role::kBy, other, judged).truth;
              if (got == Truth::kPass) by = got;
              if (got == Truth::kUnknown && by == Truth::kFail) by = got;
            }
            const bool sure = std::binary_search(c.sure.begin(), c.sure.end(), t);
            const bool maybe = c.MaybeUnknown(t);
            INFO(file.string() << ": " << other.resource->address << " for " << judged.resource->address);
            ++pairs;
            if (&other == &judged) {
              CHECK_FALSE(sure);
              continue;
            }
            if (by != Truth::kFail) {
              ++related_pairs;
              CHECK((sure || maybe));
            }
            if (maybe && !sure) CHECK(by != Truth::kPass);
          }
        }
      }
    }
  }
  CHECK(plans >= 20);
  CHECK(related_pairs >= 20);  // the fixtures do relate resources: the check is not vacuous
  CHECK(pairs > related_pairs);
}

}  // namespace
}  // namespace plangate::policy
