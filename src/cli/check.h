#pragma once
// The check pipeline: inputs → plan model → resolved resources → findings → report.

#include <ostream>
#include <string>
#include <vector>

#include "base/error.h"
#include "plan/json_loader.h"
#include "policy/loader.h"
#include "report/report.h"

namespace plangate::cli {

/// The most results (each policy on each resource of its types) one input may give:
/// each is kept for the report, so this bounds memory (about 2 KB a result).
inline constexpr std::size_t kMaxResultsPerInput = 1000000;

/// What `plangate check` was asked to do.
struct CheckOptions {
  std::vector<std::string> inputs;  ///< Paths, or "-" for standard input (once).
  policy::LoadOptions policies;     ///< Default: the built-in policies only.
  /// Unknown results close the gate. Default: false (reported, not blocking).
  bool fail_on_unknown = false;
  /// --min-severity, a report::SeverityRank: results of less severe policies are left
  /// out of the report, after waivers are matched. Default: 0 (low), every result.
  std::size_t min_severity = 0;
  /// --fail-severity, a report::SeverityRank: only results at least this severe can
  /// close the gate. Default: 0 (low), every result.
  std::size_t fail_severity = 0;
  /// Evaluate only resources the plan creates, updates or replaces. Default: false
  /// (everything that exists after apply, no-ops included).
  bool only_changes = false;
  /// A waiver file, or "" for none.
  std::string waivers;
  /// --source-dir: the root module's folder, or "" for none. Findings then carry the
  /// `.tf` line of their resource's block, and the `# plangate:waive` comments of the
  /// module folders the plans use are waivers too.
  std::string source_dir;
  /// The date waivers expire against (YYYY-MM-DD). Default "": today, in UTC.
  std::string today;
  /// Inputs read and evaluated at once. Default 0: one per core.
  unsigned jobs = 0;
  /// Record the line each resource begins on, for the formats that point at it
  /// (report::PointsAtLines). Default: false (it costs a pass over each input's bytes).
  bool lines = false;
  /// Record the attributes each verdict read (policy::Finding::reads), for the formats
  /// that show them (report::ShowsReads). Default: false (it copies each value read).
  bool reads = false;
  /// The most results one input may give. Default: kMaxResultsPerInput.
  std::size_t max_results = kMaxResultsPerInput;
};

/// Loads the policies and waivers, then reads and evaluates the inputs on up to
/// `jobs` threads, each plan released once evaluated; applies the waivers, then
/// leaves out the results below `min_severity`. Warnings
/// (partial plans) go to `diagnostics` in input order. Any input, policy or waiver
/// error fails the whole run: no report from a partial evaluation.
Result<report::Report> Check(const CheckOptions& options, std::ostream& diagnostics);

/// Reads the input at `path` ("-": standard input) and loads its documents (one, or
/// each of a stream's), as `check` does. Errors name the input.
Result<std::vector<plan::Plan>> LoadInput(const std::string& path, const plan::LoadOptions& load);

/// An input path as reports that point at its file give it (GitHub's file=, JUnit's
/// file): relative to the working directory, normalised, forward slashes; "" for "-"
/// (standard input).
std::string ArtifactPath(const std::string& path);

/// ArtifactPath as a relative URI, for SARIF: percent-encoded; "stdin" for "-". Never
/// empty or absolute.
std::string ArtifactUri(const std::string& path);

}  // namespace plangate::cli
