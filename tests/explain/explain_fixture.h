#pragma once
// A fixture plan loaded as `plangate explain` loads it, with the built-in policies.

#include <memory>
#include <string>
#include <vector>

#include "catch.h"
#include "cli/check.h"
#include "explain/explain.h"
#include "policy/evaluator.h"
#include "policy/loader.h"
#include "test_util.h"

namespace plangate::explain {

struct LoadedFixture {
  /// `name`: a folder of fixtures/; `select`: --policy ids (empty: the default set).
  explicit LoadedFixture(const std::string& name, std::vector<std::string> select = {}) {
    policy::LoadOptions options;
    options.select = std::move(select);
    Result<policy::PolicySet> loaded = policy::LoadPolicySet(options);
    REQUIRE(loaded.ok());
    set = std::move(loaded).value();
    plan::LoadOptions load;
    load.attributes_by_type = set.AttributesByType();
    Result<std::vector<plan::Plan>> plans =
        cli::LoadInput(testing::SourceDir() + "/fixtures/" + name + "/plan.json", load);
    REQUIRE(plans.ok());
    REQUIRE(plans.value().size() == 1);
    plan = std::move(plans.value().front());
    resources = resolve::SelectResources(plan).value();
    context = std::make_unique<policy::Context>(resources);
  }
  LoadedFixture(const LoadedFixture&) = delete;

  /// The current object at `address` (a deposed one only when no current one is there).
  const resolve::ResolvedResource& At(const std::string& address) const {
    const resolve::ResolvedResource* found = nullptr;
    for (const resolve::ResolvedResource& r : resources) {
      if (r.resource->address == address && (found == nullptr || found->resource->deposed)) found = &r;
    }
    if (found == nullptr) FAIL("no " << address);
    return *found;
  }
  ResourceExplanation Explained(const std::string& address) const {
    const resolve::ResolvedResource& r = At(address);
    return Explain(set.ForType(r.resource->type), r, *context);
  }

  policy::PolicySet set;
  plan::Plan plan;
  std::vector<resolve::ResolvedResource> resources;
  std::unique_ptr<policy::Context> context;
};

inline resolve::AttrPath Path(const std::string& text) { return resolve::AttrPath::Parse(text).value(); }

}  // namespace plangate::explain
