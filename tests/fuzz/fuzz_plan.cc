// libFuzzer: arbitrary bytes as a plan or state (or a stream of them), through loader,
// resolver, evaluator and every report. Nothing may crash, hang or trip a sanitizer; errors are fine. The
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
  load.lines = true;
  InputBuffer bytes = InputBuffer::FromString(std::string_view(reinterpret_cast<const char*>(data), size));
  // Every document of a stream too, each read both ways.
  Result<std::vector<plan::Plan>> plans = plan::LoadDocuments("fuzz.json", bytes, load);
  plan::LoadOptions whole = load;
  whole.parse = plan::LoadOptions::Parse::kWhole;
  std::string described = testing::DescribeLoads(plans);
  if (described != testing::DescribeLoads(plan::LoadDocuments("fuzz.json", bytes, whole))) {
    std::fprintf(stderr, "split and whole-document loads differ:\n%s\n", described.c_str());
    std::abort();
  }
  if (!plans) return 0;
  report::Report report;
  report.policies = policies;
  std::size_t document = plans.value().size() > 1 ? 1 : 0;
  for (const plan::Plan& p : plans.value()) {
    Result<std::vector<resolve::ResolvedResource>> resources = resolve::SelectResources(p);
    if (!resources) return 0;
    report.inputs.push_back({p.source, "plan", p.format_version, p.terraform_version, p.errored,
                             resources.value().size(), 0, 0, "fuzz.json", "fuzz.json", document == 0 ? 0 : document++});
    policy::EvaluateAll(*policies, resources.value(), report.findings);
  }
  policy::SortFindings(report.findings);
  for (const std::string& format : report::FormatNames()) (void)report::Render(format, report);
  return 0;
}
