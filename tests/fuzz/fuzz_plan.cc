// libFuzzer: arbitrary bytes as a plan or state, through loader, resolver, evaluator
// and every report. Nothing may crash, hang or trip a sanitizer; errors are fine. The
// load must give the same plan, or the same error, whether simdjson parses only the
// members read or the whole document.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "policy/evaluator.h"
#include "policy/loader.h"
#include "plan/json_loader.h"
#include "report/report.h"
#include "resolve/resolver.h"
#include "plan_describe.h"

using namespace plangate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const policy::PolicySet> policies = [] {
    policy::LoadOptions o;
    o.include_disabled = true;
    return std::make_shared<const policy::PolicySet>(policy::LoadPolicySet(o).value());
  }();
  plan::LoadOptions load;
  load.attributes_by_type = policies->AttributesByType();
  InputBuffer bytes = InputBuffer::FromString(std::string_view(reinterpret_cast<const char*>(data), size));
  Result<plan::Plan> plan = plan::LoadDocument("fuzz.json", bytes, load);
  plan::LoadOptions whole = load;
  whole.parse = plan::LoadOptions::Parse::kWhole;
  std::string described = testing::DescribeLoad(plan);
  if (described != testing::DescribeLoad(plan::LoadDocument("fuzz.json", bytes, whole))) {
    std::fprintf(stderr, "split and whole-document loads differ:\n%s\n", described.c_str());
    std::abort();
  }
  if (!plan) return 0;
  Result<std::vector<resolve::ResolvedResource>> resources = resolve::SelectResources(plan.value());
  if (!resources) return 0;
  report::Report report;
  report.policies = policies;
  report.inputs.push_back({"fuzz.json", "plan", plan.value().format_version, plan.value().terraform_version,
                           plan.value().errored, resources.value().size(), 0, 0, "fuzz.json"});
  policy::EvaluateAll(*policies, resources.value(), report.findings);
  policy::SortFindings(report.findings);
  for (const std::string& format : report::FormatNames()) (void)report::Render(format, report);
  return 0;
}
