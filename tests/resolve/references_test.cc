#include "resolve/references.h"

#include "catch.h"

#include "test_util.h"

namespace plangate::resolve {
namespace {

// One plan: a selection in module `backup` (instances "x" and "y") whose `resources`
// comes from an input; tables at the root (for_each) and in module `store` (through
// an output); a selection at the root whose `resources` is each.value.arn.
const char* kPlan = R"({"format_version":"1.2","resource_changes":[
 {"address":"module.backup[\"x\"].aws_backup_selection.s","module_address":"module.backup[\"x\"]","mode":"managed","type":"aws_backup_selection","name":"s","change":{"actions":["create"],"after":{},"after_unknown":{"resources":true}}},
 {"address":"aws_backup_selection.each[\"a\"]","mode":"managed","type":"aws_backup_selection","name":"each","index":"a","change":{"actions":["create"],"after":{},"after_unknown":{"resources":true}}},
 {"address":"aws_dynamodb_table.t[\"a.b\"]","mode":"managed","type":"aws_dynamodb_table","name":"t","index":"a.b","change":{"actions":["create"],"after":{}}},
 {"address":"aws_dynamodb_table.t[\"c\"]","mode":"managed","type":"aws_dynamodb_table","name":"t","index":"c","change":{"actions":["create"],"after":{}}},
 {"address":"module.store.aws_dynamodb_table.this","module_address":"module.store","mode":"managed","type":"aws_dynamodb_table","name":"this","change":{"actions":["create"],"after":{}}}
],"configuration":{"root_module":{
 "resources":[
  {"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","expressions":{}},
  {"address":"aws_backup_selection.each","mode":"managed","type":"aws_backup_selection","name":"each",
   "expressions":{"resources":{"references":["each.value.arn","each.value"]}},
   "for_each_expression":{"references":["aws_dynamodb_table.t"]}}],
 "module_calls":{
  "backup":{"source":"./backup","expressions":{"arns":{"references":["aws_dynamodb_table.t[\"a.b\"].arn","aws_dynamodb_table.t[\"a.b\"]","aws_dynamodb_table.t","module.store.arn","module.store","local.extra","var.root_only","data.aws_kms_alias.k.arn","data.aws_kms_alias.k"]}},
   "module":{"resources":[{"address":"aws_backup_selection.s","mode":"managed","type":"aws_backup_selection","name":"s",
     "expressions":{"resources":{"references":["var.arns","count.index","path.module"]}}}]}},
  "store":{"source":"./store","module":{
   "outputs":{"arn":{"expression":{"references":["aws_dynamodb_table.this.arn","aws_dynamodb_table.this"]}}},
   "resources":[{"address":"aws_dynamodb_table.this","mode":"managed","type":"aws_dynamodb_table","name":"this","expressions":{}}]}}}}}})";

struct Fixture {
  Fixture() {
    plan::LoadOptions options;
    options.attributes_by_type["aws_dynamodb_table"] = {};
    options.attributes_by_type["aws_backup_selection"] = {"resources"};
    Result<plan::Plan> p = plan::LoadDocument("t.json", InputBuffer::FromString(kPlan), options);
    REQUIRE(p.ok());
    loaded = std::move(p).value();
    resources = SelectResources(loaded).value();
  }
  const ResolvedResource& At(const std::string& address) {
    for (const ResolvedResource& r : resources) {
      if (r.resource->address == address) return r;
    }
    FAIL("no " << address);
    return resources.front();
  }
  plan::Plan loaded;
  std::vector<ResolvedResource> resources;
};

const AttrPath& Resources() {
  static const AttrPath p = AttrPath::Parse("resources").value();
  return p;
}

TEST_CASE("a reference is followed through a module input and a module output to its resources", "[resolve]") {
  Fixture f;
  Referents refs = ReferentsOf(f.At(R"(module.backup["x"].aws_backup_selection.s)"), Resources());
  std::vector<std::string> texts;
  for (const RefTarget& t : refs.targets) texts.push_back(t.Text());
  // The input's references are read in the calling (root) module; count and path name no object.
  CHECK(texts == std::vector<std::string>{R"(aws_dynamodb_table.t["a.b"])", "module.store.aws_dynamodb_table.this",
                                          "data.aws_kms_alias.k"});
  CHECK(refs.targets[0].written == R"(aws_dynamodb_table.t["a.b"].arn)");
  CHECK(refs.targets[1].written == "module.store.aws_dynamodb_table.this.arn");
  // A local is not described by the plan; a root variable is known when planning.
  CHECK(refs.opaque == std::vector<std::string>{"local.extra"});

  // The key narrows the reference to its instance; the output's reaches into the module.
  CHECK(refs.targets[0].Covers(f.At(R"(aws_dynamodb_table.t["a.b"])")));
  CHECK_FALSE(refs.targets[0].Covers(f.At(R"(aws_dynamodb_table.t["c"])")));
  CHECK(refs.targets[1].Covers(f.At("module.store.aws_dynamodb_table.this")));
  CHECK_FALSE(refs.targets[2].Covers(f.At(R"(aws_dynamodb_table.t["c"])")));  // a data source is no table
  CHECK(refs.targets[1].BaseText() == "module.store.aws_dynamodb_table.this");
}

TEST_CASE("each.value is followed to the for_each expression: every instance it iterates", "[resolve]") {
  Fixture f;
  Referents refs = ReferentsOf(f.At(R"(aws_backup_selection.each["a"])"), Resources());
  REQUIRE(refs.targets.size() == 1);
  CHECK(refs.targets[0].Text() == "aws_dynamodb_table.t");
  CHECK(refs.targets[0].Covers(f.At(R"(aws_dynamodb_table.t["a.b"])")));
  CHECK(refs.targets[0].Covers(f.At(R"(aws_dynamodb_table.t["c"])")));
  CHECK(refs.opaque.empty());
}

TEST_CASE("an attribute the configuration leaves out refers to nothing", "[resolve]") {
  Fixture f;
  Referents refs = ReferentsOf(f.At(R"(aws_dynamodb_table.t["c"])"), Resources());
  CHECK(refs.targets.empty());
  CHECK(refs.opaque.empty());
}

TEST_CASE("Follow takes one step: an input, an output, each, and what leads nowhere", "[resolve]") {
  Fixture f;
  const plan::Plan& p = f.loaded;
  const std::vector<plan::ModuleStep> backup_x = {{"backup", "\"x\""}};
  Hop input = Follow(p, "var.arns", backup_x, nullptr);
  CHECK(input.kind == Hop::Kind::kInput);
  CHECK(input.name == "arns");
  CHECK(input.at.empty());  // the input is written in the root module, which calls backup
  REQUIRE(input.expressions.size() == 1);
  CHECK(input.expressions[0].name == "arns");
  // Each traversal at its longest: aws_dynamodb_table.t is a prefix of the first.
  CHECK(ReferencesIn(*input.expressions[0].value) ==
        std::vector<std::string>{R"(aws_dynamodb_table.t["a.b"].arn)", "module.store.arn", "local.extra",
                                 "var.root_only", "data.aws_kms_alias.k.arn"});

  Hop output = Follow(p, "module.store.arn", {}, nullptr);
  CHECK(output.kind == Hop::Kind::kOutput);
  CHECK(output.name == "arn");
  CHECK(ModuleInstanceText(output.at) == "module.store");
  REQUIRE(output.expressions.size() == 1);
  CHECK(ReferencesIn(*output.expressions[0].value) == std::vector<std::string>{"aws_dynamodb_table.this.arn"});
  Hop whole = Follow(p, "module.store", {}, nullptr);  // the module object: every output
  CHECK(whole.kind == Hop::Kind::kOutput);
  CHECK(whole.name.empty());
  CHECK(whole.expressions.size() == 1);

  const plan::Value each = plan::Value::String("x");
  Hop e = Follow(p, "each.value.arn", {}, &each);
  CHECK(e.kind == Hop::Kind::kEach);
  REQUIRE(e.expressions.size() == 1);
  CHECK(e.expressions[0].value == &each);
  CHECK(Follow(p, "each.value", {}, nullptr).kind == Hop::Kind::kOpaque);  // no for_each here

  Hop target = Follow(p, "data.aws_kms_alias.k.arn", backup_x, nullptr);
  CHECK(target.kind == Hop::Kind::kTarget);
  CHECK(target.target.Text() == R"(module.backup["x"].data.aws_kms_alias.k)");
  CHECK(target.target.written == R"(module.backup["x"].data.aws_kms_alias.k.arn)");

  CHECK(Follow(p, "var.root_only", {}, nullptr).kind == Hop::Kind::kRootVariable);
  CHECK(Follow(p, "var.unset", backup_x, nullptr).kind == Hop::Kind::kUnsetInput);
  CHECK(Follow(p, "local.extra", {}, nullptr).kind == Hop::Kind::kLocal);
  CHECK(Follow(p, "count.index", backup_x, nullptr).kind == Hop::Kind::kNoObject);
  CHECK(Follow(p, "module.missing.out", {}, nullptr).kind == Hop::Kind::kOpaque);
  CHECK(Follow(p, "module.store.missing", {}, nullptr).kind == Hop::Kind::kOpaque);
}

}  // namespace
}  // namespace plangate::resolve
