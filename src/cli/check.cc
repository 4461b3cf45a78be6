#include "cli/check.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "base/file.h"
#include "base/suggest.h"
#include "plan/json_loader.h"
#include "policy/evaluator.h"
#include "policy/waivers.h"
#include "resolve/resolver.h"
#include "source/source_map.h"

#ifndef PLANGATE_VERSION
#define PLANGATE_VERSION "0.0.0"
#endif

namespace plangate::cli {
namespace {

// What one input gave: a summary per document (several for a stream of plans).
struct InputResult {
  std::optional<Error> error;
  std::vector<report::InputSummary> summaries;
  std::vector<policy::Finding> findings;
  /// For each policy of the set (by position): resources of its types that it judges,
  /// and results it gave (fewer when its `where` excluded some).
  std::vector<std::size_t> judges, gave;
  /// plan::Plan::resource_types.
  std::map<std::string, std::size_t, std::less<>> types;
};

// Whether `p` is at least --min-severity: its results are reported.
bool Reported(const policy::Policy& p, std::size_t min_severity) {
  return report::SeverityRank(p.severity) >= min_severity;
}

// Evaluates one document of the input at `path`, appending its summary, its findings
// and what each policy judged and gave.
Status EvaluatePlan(plan::Plan& p, const std::string& path, std::size_t document, const policy::PolicySet& set,
                    const resolve::SelectOptions& select, const policy::EvaluateOptions& evaluate,
                    std::size_t max_results, std::size_t min_severity, source::SourceTree* sources,
                    InputResult& out) {
  Result<std::vector<resolve::ResolvedResource>> resources = resolve::SelectResources(p, select);
  if (!resources) return resources.error();
  std::optional<source::PlanSources> written;  // where the plan's blocks are written (--source-dir)
  if (sources != nullptr) {
    Result<source::PlanSources> found = sources->ForPlan(p.configuration);
    if (!found) return found.error();
    written = std::move(found).value();
  }
  // Results to come, at most one per policy on each resource of its types that it
  // judges: bounded before anything is evaluated.
  const policy::Policy* first = set.policies().data();
  std::size_t results = 0, in_scope = 0;
  for (const resolve::ResolvedResource& r : resources.value()) {
    std::size_t n = 0;
    for (const policy::Policy* pol : set.ForType(r.resource->type)) {
      bool scoped = resolve::InScope(r, pol->judges);
      out.judges[pol - first] += scoped;
      n += scoped;
    }
    results += n;
    in_scope += n > 0;
  }
  if (results > max_results) {
    return Error::Input(p.source, "",
                        fmt::format("{} resources and {} policies would give {} results, more than plangate "
                                    "reports for one input ({})",
                                    in_scope, set.policies().size(), results, max_results),
                        "run fewer policies (--policy, --skip-policy), or gate each root module's plan on its own");
  }
  report::InputSummary summary{p.source, p.kind == plan::DocumentKind::kPlan ? "plan" : "state", p.format_version,
                               p.terraform_version, p.errored, 0, 0, 0, ArtifactUri(path), ArtifactPath(path),
                               document};
  for (const auto& [type, count] : p.resource_types) {
    summary.resources_in_input += count;
    const std::vector<const policy::Policy*>& readers = set.ForType(type);
    bool read = std::any_of(readers.begin(), readers.end(),
                            [&](const policy::Policy* r) { return Reported(*r, min_severity); });
    summary.resources_of_policy_types += read ? count : 0;
    out.types[type] += count;
  }
  // policy::EvaluateAll's loop, counting what each resource and policy gave.
  out.findings.reserve(out.findings.size() + results);  // findings are large to move
  policy::Context context(resources.value());  // what related conditions share over the plan
  for (const resolve::ResolvedResource& r : resources.value()) {
    bool judged = false;
    for (const policy::Policy* pol : set.ForType(r.resource->type)) {
      if (!resolve::InScope(r, pol->judges)) continue;
      std::optional<policy::Finding> f = policy::Evaluate(*pol, r, &context, evaluate);
      if (!f) continue;  // its `where` excludes this resource
      ++out.gave[pol - first];
      judged = judged || Reported(*pol, min_severity);
      if (written) {
        if (std::optional<source::Place> at =
                written->Locate(r.module_calls, r.resource->type, r.resource->name, f->attribute)) {
          f->source_file = std::move(at->file);
          f->source_line = at->at.line;
          f->source_column = at->at.column;
          f->block_line = at->block.line;
        }
      }
      out.findings.push_back(std::move(*f));
    }
    summary.resources += judged;
  }
  out.summaries.push_back(std::move(summary));
  return Ok{};
}

InputResult EvaluateInput(const std::string& path, const policy::PolicySet& set,
                          const plan::LoadOptions& load, const resolve::SelectOptions& select,
                          const policy::EvaluateOptions& evaluate, std::size_t max_results,
                          std::size_t min_severity, source::SourceTree* sources) {
  InputResult out;
  Result<std::vector<plan::Plan>> plans = LoadInput(path, load);
  if (!plans) {
    out.error = plans.error();
    return out;
  }
  // The documents of a stream (Terragrunt's run-all) are reported as inputs of their own.
  out.judges.assign(set.policies().size(), 0);
  out.gave.assign(set.policies().size(), 0);
  const std::size_t documents = plans.value().size();
  for (std::size_t i = 0; i < documents; ++i) {
    plan::Plan& p = plans.value()[i];
    if (Status st = EvaluatePlan(p, path, documents > 1 ? i + 1 : 0, set, select, evaluate, max_results,
                                 min_severity, sources, out);
        !st) {
      out.error = st.error();
      return out;
    }
    p = plan::Plan{};  // released once evaluated; findings hold only strings and policy pointers
  }
  policy::SortFindings(out.findings);  // here, on the worker: AppendSortedGroups merges
  return out;
}

// A type a policy reads that no input holds, a small edit away from one an input
// holds (aws_dynamodb_tabel): likely misspelt, so the policy judged none of them. A
// warning, not an error: the verdict stands, and the inputs may lack the type anyway.
void WarnMisspeltTypes(const policy::PolicySet& set, std::size_t min_severity,
                       const std::map<std::string, std::size_t, std::less<>>& types, std::ostream& diagnostics) {
  for (const policy::Policy& p : set.policies()) {
    if (!Reported(p, min_severity)) continue;
    for (const std::string& type : p.resource_types) {
      if (types.count(type) > 0) continue;
      // At most 2 edits, 1 for a type under 8 letters: short names are close by chance.
      std::size_t best = std::min<std::size_t>(2, std::max<std::size_t>(1, type.size() / 4)) + 1;
      const std::pair<const std::string, std::size_t>* meant = nullptr;
      for (const auto& seen : types) {
        if (std::size_t d = EditDistance(type, seen.first); d < best) best = d, meant = &seen;
      }
      if (meant == nullptr) continue;
      diagnostics << fmt::format("plangate: warning: {}: policy '{}' reads resource type '{}', which no input holds; "
                                 "did you mean '{}' ({} in the inputs)?\n",
                                 p.location.ToString(), p.id, type, meant->first, meant->second);
    }
  }
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

Result<std::vector<plan::Plan>> LoadInput(const std::string& path, const plan::LoadOptions& load) {
  Result<InputBuffer> bytes = ReadInput(path);
  if (!bytes) return bytes.error();
  Result<std::vector<plan::Plan>> plans = plan::LoadDocuments(DisplayName(path), bytes.value(), load);
  // A file that changed under the read explains any error the read met.
  if (Status st = bytes.value().CheckUnchanged(DisplayName(path)); !st) return st.error();
  return plans;
}

std::string ArtifactPath(const std::string& path) {
  namespace fs = std::filesystem;
  if (path == "-") return "";
  std::error_code ec;
  fs::path p(path);
  if (p.is_absolute()) {
    fs::path rel = fs::relative(p, fs::current_path(ec), ec);
    p = ec || rel.empty() ? p.filename() : rel;
  }
  std::string text = p.lexically_normal().generic_string();
  if (text.empty() || text == ".") text = fs::path(path).filename().generic_string();
  return text;
}

std::string ArtifactUri(const std::string& path) {
  if (path == "-") return "stdin";
  return PathUri(ArtifactPath(path));
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
  std::unique_ptr<source::SourceTree> sources;
  if (!options.source_dir.empty()) {
    Result<std::unique_ptr<source::SourceTree>> tree = source::SourceTree::Open(options.source_dir);
    if (!tree) return tree.error();
    sources = std::move(tree).value();
  }
  plan::LoadOptions load;
  load.attributes_by_type = out.policies->AttributesByType();
  load.lines = options.lines;
  resolve::SelectOptions select;
  select.only_changes = options.only_changes;
  policy::EvaluateOptions evaluate;
  evaluate.reads = options.reads;

  // Inputs are independent: each worker takes the next one until none is left.
  std::vector<InputResult> results(options.inputs.size());
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::size_t jobs = std::min<std::size_t>(options.jobs == 0 ? cores : options.jobs, options.inputs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < options.inputs.size();) {
      results[i] = EvaluateInput(options.inputs[i], *out.policies, load, select, evaluate, options.max_results,
                                 options.min_severity, sources.get());
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();

  std::vector<std::vector<policy::Finding>*> groups;
  const std::size_t n = out.policies->policies().size();
  std::vector<std::size_t> judges(n), gave(n);
  std::map<std::string, std::size_t, std::less<>> types;  // in every input
  for (InputResult& r : results) {
    if (r.error) return *r.error;  // the first failing input, in the order given
    groups.push_back(&r.findings);
    for (std::size_t i = 0; i < n; ++i) judges[i] += r.judges[i], gave[i] += r.gave[i];
    for (const auto& [type, count] : r.types) types[type] += count;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const policy::Policy& p = out.policies->policies()[i];
    if (!Reported(p, out.min_severity)) continue;
    ++out.policies_run;
    if (judges[i] == 0) out.policies_unmatched.push_back(p.id);
    else if (gave[i] == 0) out.policies_excluded.push_back(p.id);
  }
  // Each worker sorted its input's findings: the merge only orders the inputs.
  policy::AppendSortedGroups(std::move(groups), out.findings);
  for (InputResult& r : results) {
    for (report::InputSummary& summary : r.summaries) {
      if (summary.errored) {
        diagnostics << "plangate: warning: " << summary.source << " " << report::PartialPlanNote() << "\n";
      }
      out.inputs.push_back(std::move(summary));
    }
  }
  WarnMisspeltTypes(*out.policies, out.min_severity, types, diagnostics);
  // Every format lists the inputs in the order of the results.
  std::stable_sort(out.inputs.begin(), out.inputs.end(), [](const auto& a, const auto& b) {
    return policy::InputBefore(a.source, b.source);
  });
  // The waivers written in the .tf files the plans use, after those of --waivers.
  if (sources) {
    for (const source::BlockDirective& d : sources->Directives()) {
      Result<policy::Waiver> w =
          policy::ParseInlineWaiver(d.text, {d.file, static_cast<int>(d.at.line), static_cast<int>(d.at.column)},
                                    d.block_name, d.file, d.block.line, *out.policies);
      if (!w) return w.error();
      waivers.push_back(std::move(w).value());
    }
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
