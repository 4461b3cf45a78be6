#include "cli/check.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "base/file.h"
#include "plan/json_loader.h"
#include "policy/evaluator.h"
#include "policy/waivers.h"
#include "resolve/resolver.h"

#ifndef PLANGATE_VERSION
#define PLANGATE_VERSION "0.0.0"
#endif

namespace plangate::cli {
namespace {

// What one input gave.
struct InputResult {
  std::optional<Error> error;
  report::InputSummary summary;
  std::vector<policy::Finding> findings;
};

InputResult EvaluateInput(const std::string& path, const policy::PolicySet& set,
                          const plan::LoadOptions& load, const resolve::SelectOptions& select,
                          std::size_t max_results) {
  InputResult out;
  Result<InputBuffer> bytes = ReadInput(path);
  if (!bytes) {
    out.error = bytes.error();
    return out;
  }
  Result<plan::Plan> plan = plan::LoadDocument(DisplayName(path), bytes.value(), load);
  // A file that changed under the read explains any error the read met.
  if (Status st = bytes.value().CheckUnchanged(DisplayName(path)); !st) {
    out.error = st.error();
    return out;
  }
  if (!plan) {
    out.error = plan.error();
    return out;
  }
  Result<std::vector<resolve::ResolvedResource>> resources = resolve::SelectResources(plan.value(), select);
  if (!resources) {
    out.error = resources.error();
    return out;
  }
  // A resource counts when some policy judges it: the result limit and the summary.
  std::size_t results = 0, judged = 0;
  for (const resolve::ResolvedResource& r : resources.value()) {
    std::size_t n = 0;
    for (const policy::Policy* p : set.ForType(r.resource->type)) n += resolve::InScope(r, p->judges);
    results += n;
    judged += n > 0;
  }
  if (results > max_results) {
    out.error = Error::Input(DisplayName(path), "",
                             fmt::format("{} resources and {} policies would give {} results, more than plangate "
                                         "reports for one input ({})",
                                         judged, set.policies().size(), results, max_results),
                             "run fewer policies (--policy, --skip-policy), or gate each root module's plan on its own");
    return out;
  }
  const plan::Plan& p = plan.value();
  out.summary = {p.source, p.kind == plan::DocumentKind::kPlan ? "plan" : "state", p.format_version,
                 p.terraform_version, p.errored, judged, ArtifactUri(path)};
  out.findings.reserve(results);  // findings are large to move
  policy::EvaluateAll(set, resources.value(), out.findings);
  policy::SortFindings(out.findings);  // here, on the worker: AppendSortedGroups merges
  return out;  // the plan is released here; findings hold only strings and policy pointers
}

std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

std::string ArtifactUri(const std::string& path) {
  namespace fs = std::filesystem;
  if (path == "-") return "stdin";
  std::error_code ec;
  fs::path p(path);
  if (p.is_absolute()) {
    fs::path rel = fs::relative(p, fs::current_path(ec), ec);
    p = ec || rel.empty() ? p.filename() : rel;
  }
  std::string text = p.lexically_normal().generic_string();
  if (text.empty() || text == ".") text = fs::path(path).filename().generic_string();
  // RFC 3986: keep unreserved characters and '/', percent-encode the rest.
  std::string out;
  for (unsigned char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<report::Report> Check(const CheckOptions& options, std::ostream& diagnostics) {
  Result<policy::PolicySet> set = policy::LoadPolicySet(options.policies);
  if (!set) return set.error();
  if (set.value().policies().empty()) {
    return Error::Usage("no policies to evaluate", "drop --no-builtin-policies or add --policies PATH");
  }
  report::Report out;
  out.gate = {options.fail_on_unknown, options.fail_severity};
  out.min_severity = options.min_severity;
  out.version = PLANGATE_VERSION;
  // Findings point into the policy set: the report keeps it alive.
  out.policies = std::make_shared<const policy::PolicySet>(std::move(set).value());
  std::vector<policy::Waiver> waivers;
  if (!options.waivers.empty()) {
    Result<std::vector<policy::Waiver>> w = policy::LoadWaivers(options.waivers, *out.policies);
    if (!w) return w.error();
    waivers = std::move(w).value();
  }
  plan::LoadOptions load;
  load.attributes_by_type = out.policies->AttributesByType();
  resolve::SelectOptions select;
  select.only_changes = options.only_changes;

  // Inputs are independent: each worker takes the next one until none is left.
  std::vector<InputResult> results(options.inputs.size());
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::size_t jobs = std::min<std::size_t>(options.jobs == 0 ? cores : options.jobs, options.inputs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < options.inputs.size();) {
      results[i] = EvaluateInput(options.inputs[i], *out.policies, load, select, options.max_results);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();

  std::vector<std::vector<policy::Finding>*> groups;
  for (InputResult& r : results) {
    if (r.error) return *r.error;  // the first failing input, in the order given
    groups.push_back(&r.findings);
  }
  // Each worker sorted its input's findings: the merge only orders the inputs.
  policy::AppendSortedGroups(std::move(groups), out.findings);
  for (InputResult& r : results) {
    if (r.summary.errored) {
      diagnostics << "plangate: warning: " << r.summary.source
                  << " is a partial plan (errored: true): Terraform stopped planning, so results "
                     "cover only what it planned\n";
    }
    out.inputs.push_back(std::move(r.summary));
  }
  out.waivers = policy::ApplyWaivers(waivers, options.today.empty() ? TodayUtc() : options.today, out.findings);
  // After the waivers: a waiver whose results --min-severity hides is in use, not unused.
  if (out.min_severity == 0) return out;
  auto below = [&](const policy::Finding& f) { return report::SeverityRank(f.policy->severity) < out.min_severity; };
  auto kept = std::remove_if(out.findings.begin(), out.findings.end(), below);
  out.below_min_severity = static_cast<std::size_t>(out.findings.end() - kept);
  out.findings.erase(kept, out.findings.end());
  return out;
}

}  // namespace plangate::cli
