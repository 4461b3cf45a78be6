#include "plan/terraform_json.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace plangate::plan {
namespace {

TEST_CASE("top level: every row is found by its key, any other key is ignored", "[plan]") {
  std::set<std::string_view> keys;
  for (const TopLevelMember& row : kTopLevelMembers) {
    if (row.what == TopLevel::kOther) continue;
    INFO(row.key);
    CHECK(keys.insert(row.key).second);  // one row a key
    CHECK(&FindTopLevelMember(row.key) == &row);
  }
  for (std::string_view other : {"", "variables", "checks", "timestamp", "Format_version", "format_version "}) {
    INFO(other);
    const TopLevelMember& row = FindTopLevelMember(other);
    CHECK(row.what == TopLevel::kOther);
    CHECK(row.read_as == ReadAs::kNotRead);
    CHECK_FALSE(row.plan_key);
  }
}

TEST_CASE("top level: what is read, and which keys make a plan", "[plan]") {
  CHECK(FindTopLevelMember("format_version").read_as == ReadAs::kString);
  CHECK(FindTopLevelMember("terraform_version").read_as == ReadAs::kString);
  CHECK(FindTopLevelMember("errored").read_as == ReadAs::kBool);
  CHECK(FindTopLevelMember("resource_changes").read_as == ReadAs::kResourceChanges);
  CHECK(FindTopLevelMember("configuration").read_as == ReadAs::kObject);
  CHECK(FindTopLevelMember("values").read_as == ReadAs::kObject);
  // A state has values and the version keys only: every other key plangate knows is a plan's.
  for (const TopLevelMember& row : kTopLevelMembers) {
    INFO(row.key);
    bool state_key = row.what == TopLevel::kOther || row.what == TopLevel::kFormatVersion ||
                     row.what == TopLevel::kTerraformVersion || row.what == TopLevel::kErrored ||
                     row.what == TopLevel::kValues;
    CHECK(row.plan_key == !state_key);
    if (row.what == TopLevel::kPlanSection) CHECK(row.read_as == ReadAs::kNotRead);
  }
}

}  // namespace
}  // namespace plangate::plan
