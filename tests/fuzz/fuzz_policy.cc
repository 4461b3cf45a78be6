// libFuzzer: arbitrary YAML as a policy file, through every compile pass; what
// compiles is evaluated on a fixed plan with tables in every PITR situation.

#include <cstddef>
#include <cstdint>
#include <string>

#include "policy/evaluator.h"
#include "policy/loader.h"
#include "plan/json_loader.h"
#include "resolve/resolver.h"

using namespace plangate;

namespace {
const char* kPlan = R"({"format_version":"1.2","resource_changes":[
{"address":"aws_dynamodb_table.a","mode":"managed","type":"aws_dynamodb_table","name":"a","change":{"actions":["create"],"after":{"name":"a","tags":{"env":"prod"},"replica":[{"point_in_time_recovery":true}],"point_in_time_recovery":[{"enabled":true}]},"after_unknown":{},"after_sensitive":{"name":true}}},
{"address":"aws_dynamodb_table.b","mode":"managed","type":"aws_dynamodb_table","name":"b","change":{"actions":["update"],"after":{"point_in_time_recovery":[]},"after_unknown":{"server_side_encryption":true}}},
{"address":"aws_dynamodb_table.c","mode":"managed","type":"aws_dynamodb_table","name":"c","change":{"actions":["create"],"after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]}}}],
"configuration":{"root_module":{"resources":[{"address":"aws_dynamodb_table.c","mode":"managed","type":"aws_dynamodb_table","name":"c","expressions":{"point_in_time_recovery":[{"enabled":{"references":["var.x"]}}]}}]}}})";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Result<policy::PolicySet> set =
      policy::CompileText("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  if (!set) return 0;
  plan::LoadOptions load;
  load.attributes_by_type = set.value().AttributesByType();
  Result<plan::Plan> plan = plan::LoadDocument("plan.json", InputBuffer::FromString(kPlan), load);
  if (!plan) return 0;
  Result<std::vector<resolve::ResolvedResource>> resources = resolve::SelectResources(plan.value());
  if (!resources) return 0;
  std::vector<policy::Finding> findings;
  policy::EvaluateAll(set.value(), resources.value(), findings);
  return 0;
}
