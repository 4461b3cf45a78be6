#pragma once
// findings → reports. Pure and deterministic: same findings, same bytes.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "policy/finding.h"
#include "policy/waivers.h"
#include "report/outcome.h"

namespace plangate::report {

/// What a report says about one input document.
struct InputSummary {
  std::string source;             ///< As given (`<stdin>` for -).
  std::string kind;               ///< "plan" or "state".
  std::string format_version;
  std::string terraform_version;  ///< "" when the document does not say.
  bool errored = false;           ///< The plan is partial (`errored: true`).
  /// Resources judged: those some policy of at least --min-severity gave a result on.
  std::size_t resources = 0;
  /// Managed resources in the input (a plan's resource_changes entries, a state's
  /// resources), of any type.
  std::size_t resources_in_input = 0;
  /// Of those, the resources of a type some policy of at least --min-severity reads.
  std::size_t resources_of_policy_types = 0;
  /// The input as a relative URI for SARIF (never empty or absolute): computed by
  /// the caller, since it depends on the working directory.
  std::string uri;
  /// The input's file relative to the working directory, for the formats that point
  /// at it (GitHub, JUnit); "" for standard input. Computed by the caller, as `uri`.
  std::string file;
  /// Its place (1, 2, ...) in a stream of documents that one file held (`source` is
  /// then FILE#N); 0 for a file of one document.
  std::size_t document = 0;
};

/// Everything a report renders. Findings are sorted (input, address, policy).
struct Report {
  /// In the order of the findings (policy::InputBefore); an input given twice, twice.
  std::vector<InputSummary> inputs;
  std::vector<policy::Finding> findings;
  /// The policies the findings point to; shared so a Report can be moved freely.
  std::shared_ptr<const policy::PolicySet> policies;
  GateRules gate;  ///< What closes the gate besides verdicts and enforcement.
  /// --min-severity, a SeverityRank: results of less severe policies were left out of
  /// `findings`. Default: 0 (low), nothing left out.
  std::size_t min_severity = 0;
  std::size_t below_min_severity = 0;  ///< How many results --min-severity left out.
  /// The policies of this run of at least --min-severity, and the ids of those that gave
  /// no result in any input, sorted: `unmatched` had no resource of their types that
  /// they judge; `excluded` had some, and their `where` excluded every one.
  std::size_t policies_run = 0;
  std::vector<std::string> policies_unmatched, policies_excluded;
  /// What became of each waiver; findings' `waiver` indexes into it.
  std::vector<policy::WaiverStatus> waivers;
  std::string version;  ///< plangate's version, for SARIF's tool.driver.
};

/// The waiver that waived `f`.
// REQUIRES: f.verdict == policy::Verdict::kWaived
const policy::Waiver& WaiverOf(const Report& report, const policy::Finding& f);

/// Counts per verdict; `advisory` counts the failures that do not block (included in
/// `fail`: of advisory policies, or below --fail-severity), `blocking` the results that
/// close the gate (IsBlocking of their Classify outcome), `held` the failing and
/// unknown results that --fail-severity keeps from blocking (HeldBelowFailSeverity);
/// the InputSummary counts, added over the inputs.
struct Counts {
  std::size_t pass = 0, fail = 0, unknown = 0, waived = 0, advisory = 0, blocking = 0, held = 0;
  std::size_t resources = 0, resources_in_inputs = 0, resources_of_policy_types = 0;
};
Counts Count(const Report& report);

/// Whether `f` closes the gate: IsBlocking(Classify(f, rules)).
bool IsBlocking(const policy::Finding& f, const GateRules& rules);

/// Whether the report closes the gate (exit code 1).
bool Blocks(const Report& report);

/// The verdict in one line, the text report's last:
/// `plangate: 3 resources in 2 inputs: 1 failed, 0 unknown, 2 passed; gate closed`.
std::string SummaryLine(const Report& report);

/// What every format says of a partial plan (`errored: true`), after its input's name:
/// `is a partial plan (errored: true): Terraform stopped planning, so ...`.
std::string_view PartialPlanNote();

/// What is wrong with a waiver that is not active, in one line: `waiver FILE:L:C
/// (POLICY on ADDRESS) expired on DATE: ...`; "" for an active one.
std::string WaiverNote(const policy::WaiverStatus& ws);

/// Options of the text format.
struct TextOptions {
  /// ANSI colours. Default: false (the CLI turns it on for a terminal only).
  bool color = false;
  /// Only the results that close the gate (with their fix), and the summary line: no
  /// advisory, unknown or waived result, no warning line (--quiet). Default: false.
  bool quiet = false;
};

/// Human-readable: one line per result that is not a pass (per blocking result when
/// quiet), then a summary line. What blocks is a FAIL line; a blocking unknown's says
/// `unknown (--fail-on-unknown): `.
std::string RenderText(const Report& report, const TextOptions& options = {});

/// One JSON object (schemas/report.schema.json), newline-terminated.
std::string RenderJson(const Report& report);

/// SARIF 2.1.0 for GitHub code scanning: one rule per policy, a result per failing,
/// unknown or waived result (waived ones as suppressed, at the level they had), the
/// input as a relative artifact URI at the line where the resource begins
/// (Finding::line) and the address as a logical location, stable
/// fingerprints. What blocks is level error, an advisory failure note, an unknown
/// that does not block kind review (level none).
std::string RenderSarif(const Report& report);

/// JUnit XML: a test suite per input, in the report's order, a test case per (policy,
/// resource): classname the input, name `ADDRESS [POLICY]`, unique in the run (GitLab
/// keeps one case per classname and name, whatever the suite), file the input's file.
/// Blocking results are failures (of type "unknown" for a blocking unknown); unknown,
/// advisory and waived ones that do not block are skipped with a message.
std::string RenderJunit(const Report& report);

/// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: a verdict line, a
/// table of failing, unknown and waived results, passes folded, at most kMarkdownLimit
/// characters (truncated with a note).
inline constexpr std::size_t kMarkdownLimit = 65000;
std::string RenderMarkdown(const Report& report);

/// Atlantis custom policy check output: `FAIL - input - address - message [policy]`
/// per blocking result, `WARN - ...` per unknown or advisory one, `WAIVED - ...`, then
/// `N tests, N passed, N warnings, N failures, N exceptions`.
std::string RenderAtlantis(const Report& report);

/// GitHub Actions workflow commands: `::error` per blocking result, `::warning` per
/// unknown or advisory one, each an annotation on the plan file at the line where the
/// resource begins, escaped as GitHub requires; `::warning` per waiver that is not
/// active; then `::notice` with SummaryLine.
std::string RenderGithub(const Report& report);

/// One self-contained HTML page for review in a browser: the verdict and why, counts
/// per status, the inputs; per input, each judged resource (those with blocking
/// results first) with its actions, its results and their waivers, and the
/// attributes that decided them (Finding::reads); filters by status, policy and
/// address run by an inline script, which only hides. Its Content-Security-Policy
/// forbids every load and allows only its own style and script, by hash; every
/// string of the plan is escaped.
std::string RenderHtml(const Report& report);

/// The formats by name, for --format and --report.
const std::vector<std::string>& FormatNames();
/// Whether `format` points at the line where each resource begins (Finding::line):
/// SARIF and GitHub. The lines are counted only when a format asks for them.
bool PointsAtLines(std::string_view format);
/// Whether `format` shows the attributes each result read (Finding::reads): HTML.
/// They are recorded only when a format asks for them.
bool ShowsReads(std::string_view format);
/// Renders `report` as `format` (one of FormatNames()).
std::string Render(const std::string& format, const Report& report, const TextOptions& text = {});

/// One line of text safe for line-oriented formats: control characters escaped.
std::string OneLine(std::string_view s);
/// Appends OneLine(s) to `out` (no copy of `s` when it needs no escape, the usual case).
void AppendOneLine(std::string& out, std::string_view s);

}  // namespace plangate::report
