#include "plan/terraform_json.h"

#include "catch.h"
#include <set>
#include <string>

#include "base/file.h"

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

namespace plangate::plan {
namespace {

using Taken = ResourceHeader::Taken;

// Takes `token` (given the input's padding, which PlainString reads into) as `key`.
Taken TakeAs(ResourceHeader& h, std::string_view key, const std::string& token, InputBuffer& keep) {
  keep = InputBuffer::FromString(token);
  return h.Take(key, keep.view());
}

TEST_CASE("resource header: the fields are taken, strings as written, the index as its JSON", "[plan]") {
  ResourceHeader h;
  InputBuffer b1, b2, b3, b4, b5, b6, b7;
  CHECK(TakeAs(h, "address", R"("module.m[\"k\"].t.n")", b1) == Taken::kTaken);
  CHECK(TakeAs(h, "module_address", "\"module.m[\\\"k\\\"]\" \n", b2) == Taken::kTaken);
  CHECK(TakeAs(h, "mode", R"("managed")", b3) == Taken::kTaken);
  CHECK(TakeAs(h, "type", R"("aws_dynamodb_table")", b4) == Taken::kTaken);
  CHECK(TakeAs(h, "name", R"("n")", b5) == Taken::kTaken);
  CHECK(TakeAs(h, "index", "\"k\" ", b6) == Taken::kTaken);
  CHECK(TakeAs(h, "provider_name", "7", b7) == Taken::kIgnored);
  CHECK(h.address == R"(module.m[\"k\"].t.n)");
  CHECK(h.module_address == R"(module.m[\"k\"])");
  CHECK(h.mode == "managed");
  CHECK(h.type == "aws_dynamodb_table");
  CHECK(h.index_json == "\"k\"");
  CHECK_FALSE(h.deposed);
  CHECK(h.Missing() == nullptr);
  CHECK(std::string(h.MissingFromChange()) == "change");
  CHECK(TakeAs(h, "change", "{}", b7) == Taken::kChange);
  CHECK(h.MissingFromChange() == nullptr);
  Resource r;
  h.CopyTo(r);
  CHECK(r.address == R"(module.m["k"].t.n)");  // decoded only now
  CHECK(r.module_address == R"(module.m["k"])");
  CHECK(r.index_json == "\"k\"");
}

TEST_CASE("resource header: a field that must be a string, or an escape only a parser decodes", "[plan]") {
  InputBuffer b;
  for (const char* key : {"address", "module_address", "mode", "type", "name", "deposed", "deposed_key"}) {
    for (const char* token : {"7", "null", "{}", "[\"a\"]", "true"}) {
      INFO(key << " = " << token);
      ResourceHeader h;
      CHECK(TakeAs(h, key, token, b) == Taken::kNotString);
    }
  }
  for (const char* key : {"mode", "type", "deposed", "deposed_key"}) {
    INFO(key);
    ResourceHeader h;
    CHECK(TakeAs(h, key, R"("a\u0062")", b) == Taken::kEscaped);
    h.TakeDecoded(key, "ab");
    if (std::string_view(key) == "mode") CHECK(h.mode == "ab");
    if (std::string_view(key) == "type") CHECK(h.type == "ab");
    CHECK(h.deposed == (std::string_view(key).substr(0, 7) == "deposed"));
  }
  ResourceHeader h;
  CHECK(TakeAs(h, "index", "{\"any\":[1]}", b) == Taken::kTaken);  // the index may be any value
  CHECK(TakeAs(h, "deposed", R"("00000001")", b) == Taken::kTaken);
  CHECK(h.deposed);
}

TEST_CASE("resource header: the first missing field, in the order the messages name them", "[plan]") {
  InputBuffer b;
  ResourceHeader h;
  CHECK(std::string(h.MissingFromChange()) == "address");
  CHECK(TakeAs(h, "change", "{}", b) == Taken::kChange);
  CHECK(TakeAs(h, "name", R"("n")", b) == Taken::kTaken);
  CHECK(std::string(h.MissingFromChange()) == "address");
  CHECK(TakeAs(h, "address", R"("a")", b) == Taken::kTaken);
  CHECK(std::string(h.Missing()) == "mode");
  CHECK(TakeAs(h, "mode", R"("data")", b) == Taken::kTaken);
  CHECK(std::string(h.Missing()) == "type");
  CHECK(TakeAs(h, "type", R"("t")", b) == Taken::kTaken);
  CHECK(h.Missing() == nullptr);
  CHECK(h.MissingFromChange() == nullptr);
}

}  // namespace
}  // namespace plangate::plan

namespace plangate::plan {
namespace {

TEST_CASE("KeySet: a key repeated among a few or among many, compared by content", "[plan]") {
  std::vector<std::string> keys;
  for (int i = 0; i < 100; ++i) keys.push_back("key" + std::to_string(i));
  KeySet set;
  for (const std::string& k : keys) CHECK(set.Insert(k));
  std::string again = "key" + std::to_string(3), late = "key" + std::to_string(99);
  CHECK_FALSE(set.Insert(again));  // kept in place
  CHECK_FALSE(set.Insert(late));   // hashed
  CHECK(set.Insert("key100"));
  KeySet small;
  CHECK(small.Insert(""));
  CHECK_FALSE(small.Insert(""));
}

}  // namespace
}  // namespace plangate::plan
