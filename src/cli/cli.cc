#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/file.h"
#include "base/output.h"
#include "base/suggest.h"

#include "cli/build_info.h"
#include "cli/check.h"
#include "cli/explain.h"
#include "cli/policy_tests.h"
#include "explain/render.h"
#include "plan/json_split_kernel.h"
#include "policy/operators.h"
#include "report/report.h"

#ifndef PLANGATE_VERSION
#define PLANGATE_VERSION "0.0.0"
#endif

namespace plangate::cli {
namespace {

// What --version prints: the version, the commit, the splitter kernel in use and
// those this CPU runs, e.g. "plangate 0.1.0 (commit 5e68c0f) splitter: avx2 (runtime:
// avx2 sse2 available)". Bug reports quote it.
std::string VersionText() {
  std::vector<std::string> runs;
  for (const plan::SplitKernel* kernel : plan::KernelsThisCpuRuns()) runs.push_back(kernel->name);
  return fmt::format("plangate {} (commit {}) splitter: {} (runtime: {} available)", PLANGATE_VERSION,
                     PLANGATE_COMMIT, plan::ActiveSplitKernel().name, fmt::join(runs, " "));
}

// --color WHEN: `always` and `never` are obeyed as given, NO_COLOR or not (an option
// given for this run wins over the environment, as no-color.org asks); `auto` colours
// only a terminal, and not one whose TERM is "dumb", nor when NO_COLOR is set and non-empty.
bool UseColor(const std::string& when, bool to_terminal) {
  if (when != "auto") return when == "always";
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return to_terminal && (no_color == nullptr || *no_color == '\0') &&
         (term == nullptr || std::string_view(term) != "dumb");
}

// A repeatable option takes one value each time it is given (`--policy A --policy B`),
// so inputs and options mix in any order: left alone, CLI11 lets an option that fills a
// vector take every value up to the next option, plan files included.
CLI::Option* OneValueEach(CLI::Option* o) {
  return o->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// The options every command that loads policies shares.
void AddPolicyOptions(CLI::App* cmd, policy::LoadOptions& o, bool& no_builtin, bool selection) {
  OneValueEach(cmd->add_option("--policies", o.paths,
                               "A policy file or folder (its *.yaml, *.yml) to add to the built-in policies; "
                               "repeatable"))
      ->type_name("PATH");
  cmd->add_flag("--no-builtin-policies", no_builtin, "Do not load the built-in policies");
  cmd->add_option("--config", o.config,
                  "Selections and parameters from a YAML file (policies, skip_policies, params); flags add to it")
      ->type_name("FILE");
  if (!selection) return;
  OneValueEach(cmd->add_option("--policy", o.select,
                               "Run only this policy (id or alias; repeatable); selects disabled policies too"))
      ->type_name("ID");
  OneValueEach(cmd->add_option("--skip-policy", o.skip, "Do not run this policy (id or alias; repeatable)"))
      ->type_name("ID");
  OneValueEach(cmd->add_option("--param", o.params,
                               "Set a policy parameter (repeatable), e.g. aws-dynamodb-recovery-window.min_days=30"))
      ->type_name("ID.NAME=VALUE");
}

std::string Join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// --jobs N: a whole number of at least 1. Its default, one per core, is had by
// leaving --jobs out, so 0 is a mistake like -1.
std::string CheckJobs(std::string& text) {
  bool digits = !text.empty() && text.size() <= 9 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && std::stoul(text) >= 1) return "";
  return "'" + text + "' is not a number of inputs; expected a whole number of at least 1 (leave --jobs out "
         "for one per core)";
}

// A value that must be one of `names` (`what` says what they are): "'HIGH' is not a
// severity; did you mean 'high'? expected one of low, medium, high, critical".
CLI::Validator OneOf(std::vector<std::string> names, std::string what) {
  return CLI::Validator(
      [names = std::move(names), what = std::move(what)](std::string& text) -> std::string {
        if (std::find(names.begin(), names.end(), text) != names.end()) return "";
        const std::string hint = DidYouMean(text, names);
        return "'" + text + "' is not " + what + "; " + (hint.empty() ? "" : hint + " ") + "expected one of " +
               Join(names);
      },
      "");
}

// CLI11's own errors (an unknown option, a missing or refused value) are usage errors
// like plangate's: the same prefix, and where the options are listed.
std::string UsageError(const CLI::App* app, const CLI::Error& e) {
  std::string command = "plangate";
  for (std::vector<CLI::App*> subs = app->get_subcommands(); !subs.empty(); subs = subs.front()->get_subcommands()) {
    command += " " + subs.front()->get_name();
  }
  return fmt::format("plangate: error: {}; '{} --help' lists the options\n", e.what(), command);
}

int ListPolicies(const policy::PolicySet& set, std::ostream& out) {
  for (const policy::Policy& p : set.policies()) {
    out << fmt::format("{}  [{}, {}{}]  {}\n    {}\n    types: {}  source: {}\n", p.id, p.severity,
                       policy::EnforcementName(p.enforcement), p.enabled ? "" : ", disabled: run with --policy",
                       p.title, p.aliases.empty() ? "no aliases" : "aliases: " + Join(p.aliases),
                       Join(p.resource_types), p.location.ToString());
  }
  out << fmt::format("{} policies\n", set.policies().size());
  return kExitOk;
}

int ListOperators(std::ostream& out) {
  for (const policy::Operator& op : policy::Operators()) {
    out << fmt::format("{:<20} value: {}\n    holds when the attribute {}\n    absent, no default: {}\n",
                       op.name, policy::ArgumentKindName(op.argument), op.description,
                       op.presence ? (op.absent_holds ? "passes (defaults do not count)"
                                                      : "fails (defaults do not count)")
                                   : (op.absent_holds ? "passes" : "fails"));
  }
  out << "On a value known only after apply, every operator gives " << policy::kOnUnknown << ".\n";
  out << "A path with [*] needs 'for: every' (an empty list passes) or 'for: some' (an empty list fails).\n";
  return kExitOk;
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        bool out_is_terminal) {
  CLI::App app{"plangate: gate 'terraform apply' on policies over the plan JSON"};
  app.set_version_flag("--version", VersionText);
  app.require_subcommand(1);
  app.failure_message(UsageError);

  // check
  CheckOptions options;
  std::string format = "text";
  std::string color = "auto";
  bool no_builtin = false;
  CLI::App* check = app.add_subcommand(
      "check", "Evaluate policies on plan or state JSON ('terraform show -json' output)");
  check->add_option("INPUT", options.inputs,
                    "JSON from 'terraform show -json PLANFILE' (a plan) or 'terraform show -json' (a state); "
                    "- reads standard input. Several inputs give one report; OpenTofu's output works too, and so does a "
                    "stream of plans in one input (Terragrunt's run-all)")
      ->type_name("")
      ->required();
  AddPolicyOptions(check, options.policies, no_builtin, true);
  check->add_flag("--fail-on-unknown", options.fail_on_unknown,
                  "Unknown results (known only after apply) close the gate too");
  std::string min_severity = "low", fail_severity = "low";
  const std::vector<std::string> severities = policy::NamesOf(policy::kSeverities);
  check->add_option("--min-severity", min_severity,
                    "Leave out the results of policies less severe than LEVEL (low, medium, high, critical): not "
                    "reported, never blocking")
      ->type_name("LEVEL")
      ->check(OneOf(severities, "a severity"));
  check->add_option("--fail-severity", fail_severity,
                    "Only results of policies at least LEVEL severe close the gate; failures below it are "
                    "reported as advisory")
      ->type_name("LEVEL")
      ->check(OneOf(severities, "a severity"));
  check->add_flag("--only-changes", options.only_changes,
                  "Evaluate only what the plan creates, updates or replaces (an untouched old table does not "
                  "block a pull request)");
  check->add_option("--waivers", options.waivers,
                    "Accepted exceptions (YAML): policy, address glob, reason, owner, expires")
      ->type_name("FILE");
  check->add_option("--source-dir", options.source_dir,
                    "The root module's folder (where terraform plan ran): results point at the line of the "
                    ".tf file that writes the resource, and '# plangate:waive' comments there are waivers")
      ->type_name("DIR");
  check->add_option("--format", format,
                    "The report on standard output (or --output): text (the default), json, sarif, junit, markdown, "
                    "atlantis, github, html")
      ->type_name("FORMAT")
      ->check(OneOf(report::FormatNames(), "a report format"));
  bool quiet = false;
  check->add_flag("-q,--quiet", quiet,
                  "The text report shows only the results that close the gate, with their fix, and the summary line");
  std::string output;
  check->add_option("--output", output, "Write the report to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  std::vector<std::string> extra_reports;
  OneValueEach(check->add_option("--report", extra_reports,
                                 "Also write FORMAT to FILE, from the same evaluation; repeatable"))
      ->type_name("FORMAT=FILE");
  check->add_option("--jobs", options.jobs, "Inputs evaluated at once, at least 1 (default: one per core)")
      ->type_name("N")
      ->check(CLI::Validator(CheckJobs, ""));
  check->add_option("--color", color,
                    "Colour in the text format: auto (the default), always or never. auto: only on a terminal, not "
                    "with TERM=dumb, nor when NO_COLOR is set and non-empty; always and never win over NO_COLOR "
                    "and TERM")
      ->type_name("WHEN")
      ->check(OneOf({"auto", "always", "never"}, "a colour setting"));

  // explain
  ExplainOptions explain_options;
  bool explain_no_builtin = false;
  CLI::App* explain = app.add_subcommand(
      "explain", "Explain one resource: each attribute the policies read, how plangate resolved it, and each "
                 "policy's verdict with the condition that decided it");
  explain->add_option("INPUT", explain_options.input,
                      "Plan or state JSON, as 'check' reads it (a stream of plans too); - reads standard input")
      ->type_name("")
      ->required();
  explain->add_option("ADDRESS", explain_options.address,
                      "The resource's address exactly as the plan writes it, e.g. "
                      "'module.store.aws_dynamodb_table.t[\"a\"]' (quote it for the shell)")
      ->type_name("")
      ->required();
  AddPolicyOptions(explain, explain_options.policies, explain_no_builtin, true);
  explain->add_option("--format", explain_options.format, "text (the default) or json (schemas/explain.schema.json)")
      ->type_name("FORMAT")
      ->check(OneOf(explain::FormatNames(), "an explain format"));
  explain->footer("Exit codes: 0 explained, whatever the verdicts (use 'check' to gate); 2 usage error, bad input "
                  "or policy, or an address the input does not hold.");

  // policies
  CLI::App* policies = app.add_subcommand("policies", "List, validate and test policies");
  policies->require_subcommand(1);
  policy::LoadOptions list_options;
  bool list_no_builtin = false;
  CLI::App* list = policies->add_subcommand(
      "list", "List the policies (id, severity, enforcement, types, title, source), disabled ones included");
  AddPolicyOptions(list, list_options, list_no_builtin, false);
  std::vector<std::string> validate_paths;
  CLI::App* validate = policies->add_subcommand("validate", "Compile policy files or folders; on errors, list them (at most 10) and exit 2");
  validate->add_option("PATH", validate_paths, "Policy files or folders")->required();
  std::vector<std::string> test_folders;
  CLI::App* test = policies->add_subcommand(
      "test", "Run the test cases in each policy folder's tests/*.yaml (see README: policy tests)");
  test->add_option("FOLDER", test_folders, "Policy folders")->required();
  CLI::App* operators = policies->add_subcommand("operators", "Describe every condition operator");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitError;  // help and --version exit 0
  }

  if (*explain) {
    explain_options.policies.builtin = !explain_no_builtin;
    Result<std::string> text = Explain(explain_options);
    if (!text) {
      err << "plangate: error: " << text.error().message() << "\n";
      return kExitError;
    }
    out << text.value();
    out.flush();
    return out ? kExitOk : kExitError;
  }
  if (*operators) return ListOperators(out);
  if (*test) return RunPolicyTests(test_folders, out, err);
  if (*list || *validate) {
    policy::LoadOptions load = list_options;
    load.builtin = *list && !list_no_builtin;
    if (*validate) load.paths = validate_paths;
    load.include_disabled = true;
    Result<policy::PolicySet> set = policy::LoadPolicySet(load);
    if (!set) {
      err << "plangate: error: " << set.error().message() << "\n";
      return kExitError;
    }
    if (*list) return ListPolicies(set.value(), out);
    out << fmt::format("ok: {} policies\n", set.value().policies().size());
    return kExitOk;
  }

  options.policies.builtin = !no_builtin;
  options.min_severity = report::SeverityRank(min_severity);
  options.fail_severity = report::SeverityRank(fail_severity);
  int stdin_uses = 0;
  for (const std::string& in : options.inputs) stdin_uses += in == "-";
  if (stdin_uses > 1) {
    err << "plangate: error: standard input (-) can be given only once\n";
    return kExitError;
  }

  // Every report's file is resolved and checked before anything is evaluated or written.
  std::vector<std::string> formats;  // formats[i] goes to files[i]; standard output is not among them
  std::vector<OutputFile> files;
  auto add_file = [&](const std::string& name, const std::string& path) -> bool {
    Result<OutputFile> file = ResolveOutput(path);
    if (!file) {
      err << "plangate: error: " << file.error().message() << "\n";
      return false;
    }
    formats.push_back(name);
    files.push_back(std::move(file).value());
    return true;
  };
  if (!output.empty() && !add_file(format, output)) return kExitError;
  for (const std::string& spec : extra_reports) {
    std::size_t eq = spec.find('=');
    std::string name = spec.substr(0, eq);
    const std::vector<std::string>& names = report::FormatNames();
    if (eq == std::string::npos || eq + 1 == spec.size() ||
        std::find(names.begin(), names.end(), name) == names.end()) {
      err << "plangate: error: --report " << spec << ": expected FORMAT=FILE with FORMAT one of "
          << fmt::format("{}", fmt::join(names, ", ")) << "\n";
      return kExitError;
    }
    if (!add_file(name, spec.substr(eq + 1))) return kExitError;
  }
  // Lines are counted only for the formats that point at them.
  options.lines = report::PointsAtLines(format) ||
                  std::any_of(formats.begin(), formats.end(), [](const auto& f) { return report::PointsAtLines(f); });
  // So are the attributes each result read.
  options.reads = report::ShowsReads(format) ||
                  std::any_of(formats.begin(), formats.end(), [](const auto& f) { return report::ShowsReads(f); });
  std::vector<std::string> read = options.inputs;
  read.insert(read.end(), options.policies.paths.begin(), options.policies.paths.end());
  for (const std::string& f : {options.waivers, options.policies.config}) {
    if (!f.empty()) read.push_back(f);
  }
  if (Status st = CheckOutputs(files, read, output.empty()); !st) {
    err << "plangate: error: " << st.error().message() << "\n";
    return kExitError;
  }

  Result<report::Report> report = Check(options, err);
  if (!report) {
    err << "plangate: error: " << report.error().message() << "\n";
    return kExitError;
  }
  report::TextOptions text;  // for files: --quiet holds there too, colour never
  text.quiet = quiet;
  std::vector<std::string> rendered;
  for (const std::string& name : formats) rendered.push_back(report::Render(name, report.value(), text));
  // Colour only for a terminal on standard output.
  text.color = output.empty() && UseColor(color, out_is_terminal);
  if (Status st = WriteAllOrNothing(files, {rendered.begin(), rendered.end()}); !st) {
    err << "plangate: error: " << st.error().message() << "\n";
    return kExitError;
  }
  if (output.empty()) {
    out << report::Render(format, report.value(), text);
    out.flush();
    if (!out) {
      err << "plangate: error: standard output: cannot write the report (disk full, or the reader closed "
             "it?); nothing was gated, so this run fails\n";
      return kExitError;
    }
  }
  // Atlantis discards the output of a failing step: the lines carry the verdict.
  if (format == "atlantis") return kExitOk;
  return report::Blocks(report.value()) ? kExitBlocked : kExitOk;
}

int Run(int argc, char** argv) {
  return Run(argc, argv, std::cout, std::cerr, ::isatty(STDOUT_FILENO) == 1);
}

}  // namespace plangate::cli
