#include "cli/check.h"

#include <memory>

#include "base/file.h"
#include "plan/json_loader.h"
#include "policy/evaluator.h"
#include "resolve/resolver.h"

namespace plangate::cli {

Result<report::Report> Check(const CheckOptions& options, std::ostream& diagnostics) {
  Result<policy::PolicySet> set = policy::LoadPolicySet(options.policies);
  if (!set) return set.error();
  if (set.value().policies().empty()) {
    return Error::Usage("no policies to evaluate", "drop --no-builtin-policies or add --policies PATH");
  }
  report::Report out;
  // Findings point into the policy set: the report keeps it alive.
  out.policies = std::make_shared<const policy::PolicySet>(std::move(set).value());
  plan::LoadOptions load;
  load.attributes_by_type = out.policies->AttributesByType();
  out.fail_on_unknown = options.fail_on_unknown;
  for (const std::string& path : options.inputs) {
    Result<InputBuffer> bytes = ReadInput(path);
    if (!bytes) return bytes.error();
    Result<plan::Plan> plan = plan::LoadDocument(DisplayName(path), bytes.value(), load);
    if (!plan) return plan.error();
    Result<std::vector<resolve::ResolvedResource>> resources =
        resolve::SelectResources(plan.value());
    if (!resources) return resources.error();
    const plan::Plan& p = plan.value();
    if (p.errored) {
      diagnostics << "plangate: warning: " << p.source
                  << " is a partial plan (errored: true): Terraform stopped planning, so results "
                     "cover only what it planned\n";
    }
    out.inputs.push_back({p.source, p.kind == plan::DocumentKind::kPlan ? "plan" : "state",
                          p.format_version, p.terraform_version, p.errored,
                          resources.value().size()});
    policy::EvaluateAll(*out.policies, resources.value(), out.findings);
  }
  policy::SortFindings(out.findings);
  return out;
}

}  // namespace plangate::cli
