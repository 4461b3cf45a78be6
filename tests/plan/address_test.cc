#include "plan/address.h"

#include "catch.h"

namespace plangate::plan {
namespace {

using Calls = std::vector<std::string>;

TEST_CASE("module addresses give their call names, keys dropped, never split on dots", "[plan]") {
  CHECK(ModuleCallPath("").value().empty());
  CHECK(ModuleCallPath("module.a").value() == Calls{"a"});
  CHECK(ModuleCallPath(R"(module.a["x.y"].module.b[1])").value() == Calls{"a", "b"});
  CHECK(ModuleCallPath(R"(module.svc["say \"hi\" .module.x"].module.in-ner)").value() ==
        Calls{"svc", "in-ner"});
  CHECK(ModuleCallPath(R"(module.svc["café"])").value() == Calls{"svc"});
  CHECK(ModuleCallPath(R"(module.a[*])").value() == Calls{"a"});
}

TEST_CASE("module instance paths keep each key as written", "[plan]") {
  using Steps = std::vector<ModuleStep>;
  CHECK(ModuleInstancePath("").value().empty());
  CHECK(ModuleInstancePath(R"(module.a["x.y"].module.b[1].module.c)").value() ==
        Steps{{"a", R"("x.y")"}, {"b", "1"}, {"c", ""}});
  CHECK(ModuleInstancePath(R"(module.svc["say \"hi\" ]"])").value() == Steps{{"svc", R"("say \"hi\" ]")"}});
  CHECK_FALSE(ModuleInstancePath("module.a[").ok());
}

TEST_CASE("malformed module addresses are errors with an offset", "[plan]") {
  CHECK(ModuleCallPath("aws_s3_bucket.b").error().message() ==
        "module address \"aws_s3_bucket.b\": offset 0: expected 'module.'");
  CHECK(ModuleCallPath(R"(module.a["x)").error().message() ==
        "module address \"module.a[\"x\": offset 11: expected a closing '\"' in the instance key");
  CHECK(ModuleCallPath("module.a[1").error().message() ==
        "module address \"module.a[1\": offset 10: expected ']'");
}

TEST_CASE("ModulePathText joins call names", "[plan]") {
  CHECK(ModulePathText({"a", "b"}) == "module.a.module.b");
  CHECK(ModulePathText({}).empty());
}

}  // namespace
}  // namespace plangate::plan
