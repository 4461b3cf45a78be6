#include "explain/trace.h"

#include "catch.h"
#include "explain_fixture.h"

namespace plangate::explain {
namespace {

using Kind = resolve::Hop::Kind;

// A step as one line: kind, reference, module, name, of; its `from` follows, indented.
void Lines(const std::vector<TraceStep>& steps, const std::string& indent, std::vector<std::string>& out) {
  for (const TraceStep& s : steps) {
    out.push_back(indent + StepKindName(s.kind) + " " + s.reference + " | module=" + s.module + " name=" + s.name +
                  " of=" + s.of + (s.cut ? " cut" : ""));
    Lines(s.from, indent + "  ", out);
  }
}

std::vector<std::string> Lines(const std::vector<TraceStep>& steps) {
  std::vector<std::string> out;
  Lines(steps, "", out);
  return out;
}

const resolve::AttrPath& Enabled() {
  static const resolve::AttrPath p = Path("point_in_time_recovery[0].enabled");
  return p;
}

// Each road from the aws_ssm_parameter to a table's PITR flag, in pitr-through-modules.
struct Road {
  const char* address;
  std::vector<std::string> trace;
};

TEST_CASE("an unknown flag is traced through module inputs, an output and for_each to its resource", "[explain]") {
  LoadedFixture f("pitr-through-modules");
  const Road roads[] = {
      {R"(module.app.module.store.aws_dynamodb_table.t["a"])",  // two module inputs deep
       {"module_input var.pitr | module=module.app.module.store name=pitr of=module.app.module.store",
        "  module_input var.pitr | module=module.app name=pitr of=module.app",
        "    resource aws_ssm_parameter.flag.value | module= name= of=aws_ssm_parameter.flag"}},
      {"aws_dynamodb_table.from_output",  // into the module whose output it is
       {"module_output module.flags.pitr | module= name=pitr of=module.flags",
        "  resource aws_ssm_parameter.flag.value | module=module.flags name= of=module.flags.aws_ssm_parameter.flag"}},
      {R"(aws_dynamodb_table.from_each["x"])",  // to the resource's for_each expression
       {"each each.value | module= name= of=aws_dynamodb_table.from_each",
        "  resource aws_ssm_parameter.flag.version | module= name= of=aws_ssm_parameter.flag"}},
  };
  for (const Road& road : roads) {
    INFO(road.address);
    CHECK(Lines(TraceOf(f.At(road.address), Enabled())) == road.trace);
  }
}

TEST_CASE("each in a module input is the module call's for_each, and a local ends the trail", "[explain]") {
  LoadedFixture f("modules");
  CHECK(Lines(TraceOf(f.At(R"(module.svc["café"].aws_dynamodb_table.this)"), Enabled())) ==
        std::vector<std::string>{
            R"(module_input var.pitr | module=module.svc["café"] name=pitr of=module.svc["café"])",
            R"(  each each.value.pitr | module= name= of=module.svc["café"])",
            "    local local.services | module= name= of=",
        });
  // A constant input: the trail ends at the input, which refers to nothing.
  CHECK(Lines(TraceOf(f.At(R"(module.platform.module.tables[1].aws_dynamodb_table.t["a.b"])"), Enabled())) ==
        std::vector<std::string>{
            "module_input var.pitr | module=module.platform.module.tables[1] name=pitr of=module.platform.module.tables[1]",
        });
}

TEST_CASE("an attribute the configuration does not set has no trace", "[explain]") {
  LoadedFixture f("modules");
  CHECK(TraceOf(f.At("module.shards[0].aws_dynamodb_table.shard[0]"), Enabled()).empty());
}

TEST_CASE("a cycle of module references is cut after the most hops, and said to be", "[explain]") {
  // Terraform refuses cycles; a hand-made file may hold one: the output feeds the input that feeds it.
  const std::string json = R"({"format_version":"1.2","resource_changes":[
    {"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t",
     "change":{"actions":["create"],"after":{},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]}}}],
   "configuration":{"root_module":{
    "resources":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t",
      "expressions":{"point_in_time_recovery":[{"enabled":{"references":["module.m.out","module.m"]}}]}}],
    "module_calls":{"m":{"source":"./m","expressions":{"x":{"references":["module.m.out","module.m"]}},
      "module":{"outputs":{"out":{"expression":{"references":["var.x"]}}}}}}}}})";
  Result<plan::Plan> p = testing::LoadJson(json);
  REQUIRE(p.ok());
  std::vector<resolve::ResolvedResource> rs = resolve::SelectResources(p.value()).value();
  std::vector<TraceStep> trace = TraceOf(rs.front(), Enabled());
  std::size_t depth = 0;
  const TraceStep* step = &trace.front();
  for (; !step->from.empty(); step = &step->from.front()) {
    REQUIRE(step->from.size() == 1);
    ++depth;
  }
  CHECK(depth == static_cast<std::size_t>(kMaxTraceDepth));
  CHECK(step->cut);
  CHECK(step->kind == Kind::kOutput);  // output, input, output, ...: the 65th step is an output
}

}  // namespace
}  // namespace plangate::explain
