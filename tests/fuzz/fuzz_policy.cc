// libFuzzer: arbitrary YAML as a policy file, through every compile pass; what
// compiles is evaluated on a fixed plan with tables in every PITR situation, and
// backup selections and a data source for related conditions to find.

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
{"address":"aws_dynamodb_table.c","mode":"managed","type":"aws_dynamodb_table","name":"c","change":{"actions":["create"],"after":{"point_in_time_recovery":[{}]},"after_unknown":{"point_in_time_recovery":[{"enabled":true}]}}},
{"address":"aws_dynamodb_table.d","mode":"managed","type":"aws_dynamodb_table","name":"d","change":{"actions":["no-op"],"after":{"arn":"arn:aws:dynamodb:eu-west-1:1:table/d","tags_all":{"backup":"daily"}},"after_unknown":{}}},
{"address":"aws_backup_selection.known","mode":"managed","type":"aws_backup_selection","name":"known","change":{"actions":["no-op"],"after":{"plan_id":"p","resources":["arn:aws:dynamodb:*:*:table/*"],"not_resources":["arn:aws:dynamodb:*:*:table/x"],"selection_tag":[{"type":"STRINGEQUALS","key":"backup","value":"daily"}],"condition":[{"string_equals":[{"key":"aws:ResourceTag/backup","value":"daily"}],"string_like":[],"string_not_equals":[],"string_not_like":[]}]},"after_unknown":{},"after_sensitive":{"not_resources":true}}},
{"address":"module.m[\"k\"].aws_backup_selection.ref","module_address":"module.m[\"k\"]","mode":"managed","type":"aws_backup_selection","name":"ref","change":{"actions":["create"],"after":{},"after_unknown":{"resources":true,"plan_id":true}}}],
"configuration":{"root_module":{"resources":[{"address":"aws_dynamodb_table.c","mode":"managed","type":"aws_dynamodb_table","name":"c","expressions":{"point_in_time_recovery":[{"enabled":{"references":["var.x"]}}]}},
{"address":"data.aws_kms_alias.k","mode":"data","type":"aws_kms_alias","name":"k","expressions":{"name":{"constant_value":"alias/aws/dynamodb"}}}],
"module_calls":{"m":{"expressions":{"arns":{"references":["aws_dynamodb_table.c.arn","aws_dynamodb_table.c","local.x"]}},"for_each_expression":{"references":["local.keys"]},
"module":{"outputs":{"o":{"expression":{"references":["aws_backup_selection.ref.id","aws_backup_selection.ref"]}}},
"resources":[{"address":"aws_backup_selection.ref","mode":"managed","type":"aws_backup_selection","name":"ref","expressions":{"resources":{"references":["var.arns","each.value"]},"plan_id":{"references":["module.m.o"]}}}]}}}}}})";
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
