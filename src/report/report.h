#pragma once
// findings → reports. Pure and deterministic: same findings, same bytes.

#include <memory>
#include <string>
#include <vector>

#include "policy/finding.h"

namespace plangate::report {

/// What a report says about one input document.
struct InputSummary {
  std::string source;             ///< As given (`<stdin>` for -).
  std::string kind;               ///< "plan" or "state".
  std::string format_version;
  std::string terraform_version;  ///< "" when the document does not say.
  bool errored = false;           ///< The plan is partial (`errored: true`).
  std::size_t resources = 0;      ///< Resources evaluated from this input.
};

/// Everything a report renders. Findings are sorted (input, address, policy).
struct Report {
  std::vector<InputSummary> inputs;
  std::vector<policy::Finding> findings;
  /// The policies the findings point to; shared so a Report can be moved freely.
  std::shared_ptr<const policy::PolicySet> policies;
  bool fail_on_unknown = false;  ///< Unknown results close the gate.
};

/// Counts per status; `advisory` counts the failures of advisory policies
/// (included in `fail`), `blocking` the results that close the gate.
struct Counts {
  std::size_t pass = 0, fail = 0, unknown = 0, advisory = 0, blocking = 0;
};
Counts Count(const Report& report);

/// Whether `f` closes the gate: a failure, or an unknown under fail_on_unknown,
/// of a policy that is not advisory.
bool IsBlocking(const policy::Finding& f, bool fail_on_unknown);

/// Whether the report closes the gate (exit code 1).
bool Blocks(const Report& report);

/// Options of the text format.
struct TextOptions {
  /// ANSI colours. Default: false (the CLI turns it on for a terminal only).
  bool color = false;
};

/// Human-readable: one line per failing or unknown result, then a summary line.
std::string RenderText(const Report& report, const TextOptions& options = {});

/// One JSON object (schemas/report.schema.json), newline-terminated.
std::string RenderJson(const Report& report);

}  // namespace plangate::report
