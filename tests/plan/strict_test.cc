// The documents in fixtures/strict/ through the comparison the differential fuzz target
// makes (tests/fuzz/strict_reference.h): plangate's reader, both ways it parses, against
// simdjson's DOM parser with a duplicate-key check. A file's name says what the
// reference makes of it: `valid-…` (RFC 8259 JSON without a duplicate key),
// `invalid-…`, or `skipped-duplicate-…` (a key twice only in objects plangate skips:
// invalid JSON to a strict reader, and a document no verdict can depend on). They end in .input, not .json: every .json file under fixtures/ is
// taken to be a well-formed plan (tests/plan/json_loader_test.cc).

#include "catch.h"
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fuzz/strict_reference.h"
#include "test_util.h"

namespace plangate {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> StrictFixtures() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(testing::SourceDir() + "/fixtures/strict")) {
    if (e.path().extension() == ".input") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("the strict reference reads each fixtures/strict document as its name says", "[plan][strict]") {
  testing::strict::Reference reference;
  for (const fs::path& file : StrictFixtures()) {
    std::string name = file.filename().string();
    INFO(name);
    bool named_valid = name.rfind("valid-", 0) == 0;
    bool skipped = name.rfind("skipped-duplicate-", 0) == 0;
    REQUIRE((named_valid || skipped || name.rfind("invalid-", 0) == 0));
    std::string text = testing::ReadFile(file.string());
    testing::strict::Verdict verdict = reference.Judge(text);
    CHECK(verdict.decided);
    CHECK(verdict.valid == named_valid);
    // With what the policies read: only a key twice where plangate walks counts.
    CHECK(reference.Judge(text, &testing::strict::BuiltinAttributes()).valid == (named_valid || skipped));
  }
}

TEST_CASE("plangate's reader agrees with the strict reference on fixtures/strict", "[plan][strict]") {
  testing::strict::Reference reference;
  for (const fs::path& file : StrictFixtures()) {
    std::string name = file.filename().string();
    INFO(name);
    std::string disagreement = testing::strict::Disagreement(reference, testing::ReadFile(file.string()),
                                                             testing::strict::BuiltinAttributes());
    CHECK(disagreement == "");
  }
}

TEST_CASE("the strict comparison notices a value plangate would have read wrong", "[plan][strict]") {
  std::string text = testing::ReadFile(testing::SourceDir() + "/fixtures/strict/valid-plain.input");
  testing::strict::Reference reference;
  testing::strict::Verdict verdict = reference.Judge(text);
  REQUIRE(verdict.valid);
  plan::LoadOptions options;
  options.attributes_by_type = testing::strict::BuiltinAttributes();
  Result<plan::Plan> loaded = plan::LoadDocument("strict.json", InputBuffer::FromString(text), options);
  REQUIRE(loaded);
  plan::Plan& p = loaded.value();
  REQUIRE(p.resources.size() == 1);
  const testing::strict::AttributesByType& attributes = options.attributes_by_type;
  CHECK(testing::strict::ExtractionCheck(p, attributes).Run(verdict.root) == "");

  p.resources[0].after = plan::Value::Object({{"point_in_time_recovery", plan::Value::Array({plan::Value::Object(
                                                  {{"enabled", plan::Value::Bool(false)}})})}});
  CHECK(testing::strict::ExtractionCheck(p, attributes).Run(verdict.root) ==
        "resource_changes[0].change.after.point_in_time_recovery[0].enabled: plangate has false");
  p.resources[0].after = plan::Value::Object({});
  CHECK(testing::strict::ExtractionCheck(p, attributes).Run(verdict.root) ==
        "resource_changes[0].change.after.point_in_time_recovery: plangate lost it");
  p.resources[0].address = "aws_dynamodb_table.other";
  CHECK(testing::strict::ExtractionCheck(p, attributes).Run(verdict.root) ==
        "resource_changes[0].address: plangate has \"aws_dynamodb_table.other\"");
  p.resources.clear();
  CHECK(testing::strict::ExtractionCheck(p, attributes).Run(verdict.root) ==
        "resource_changes[0]: plangate did not keep it");
}

TEST_CASE("the strict reference holds numbers the DOM cannot, and only at a value's place", "[plan][strict]") {
  testing::strict::Reference reference;
  CHECK(reference.Judge(R"({"a":[1e400,-18446744073709551616,1]})").valid);
  CHECK_FALSE(reference.Judge(R"({"a":[01e400]})").valid);
  CHECK_FALSE(reference.Judge(R"({1e400:1})").valid);
  CHECK_FALSE(reference.Judge(R"({"a":1,1e400:1})").valid);
  CHECK_FALSE(reference.Judge(R"({"a":1e400 1e400})").valid);
  CHECK_FALSE(reference.Judge(R"({"a":"1e400)").valid);
  // A string that looks like a marked number leaves the reference without a verdict.
  CHECK_FALSE(reference.Judge(R"({"a":[1e400,"\u0000pg-number:1"]})").decided);
  CHECK_FALSE(reference.Judge(R"({"a":["\u0000pg-number:1"]})").decided);
  CHECK(reference.Judge(R"({"a":["\u0000pg-number"]})").decided);
}

}  // namespace
}  // namespace plangate
