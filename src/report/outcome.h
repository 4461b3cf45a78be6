#pragma once
// What one result means for the gate: the one decision that every report format,
// the counts and the exit code switch on.

#include <cstddef>
#include <string_view>

#include "policy/finding.h"

namespace plangate::report {

/// What a result is for the gate. Formats render by switching on it, never on the
/// verdict and enforcement themselves, so they agree on what blocks.
enum class Outcome {
  kPass,             ///< The policy holds.
  kBlocking,         ///< A failure of a mandatory policy: closes the gate.
  /// Known only after apply, of a mandatory policy, under --fail-on-unknown: closes
  /// the gate; every format shows it as a failure that says the value is unknown.
  kBlockingUnknown,
  /// A failure that does not close the gate: of an advisory policy, or of a policy
  /// less severe than --fail-severity. Shown, never blocking.
  kAdvisory,
  /// Known only after apply and not blocking: without --fail-on-unknown, of an
  /// advisory policy (which --fail-on-unknown does not make block), or of a policy
  /// less severe than --fail-severity.
  kUnknown,
  kWaived,  ///< A failure or unknown that a waiver accepts: never closes the gate.
};

/// A severity's rank: its index in policy::kSeverities (low 0, ..., critical 3). A name
/// not there ranks above them all, so a result never stops blocking for a severity
/// plangate does not know (the compiler admits none).
std::size_t SeverityRank(std::string_view severity);

/// The run's rules for what closes the gate, besides each result's verdict and its
/// policy's enforcement.
struct GateRules {
  /// Unknowns of mandatory policies close the gate (--fail-on-unknown). Default: false.
  bool fail_on_unknown = false;
  /// Only results of policies at least this severe (a SeverityRank) close the gate
  /// (--fail-severity); below it a failure is advisory and an unknown never blocks.
  /// Default: 0 (low), so severity decides nothing.
  std::size_t fail_severity = 0;
};

/// What `f` is for the gate under `rules`.
Outcome Classify(const policy::Finding& f, const GateRules& rules);

/// What `f` would be had no waiver accepted it: Classify(f) for a result that is not
/// waived. For formats that show a waived result at the weight it had (SARIF).
Outcome ClassifyUnwaived(const policy::Finding& f, const GateRules& rules);

/// Whether `f` would close the gate but for --fail-severity: blocking under `rules`
/// with a fail severity of low, and not under `rules`.
bool HeldBelowFailSeverity(const policy::Finding& f, const GateRules& rules);

/// Whether a result with outcome `o` closes the gate (exit code 1).
bool IsBlocking(Outcome o);

/// Where a result with outcome `o` goes in a listing, the reports' order: what blocks
/// first (0), then unknowns, advisory failures, waived results, passes (4).
int ListingRank(Outcome o);

/// Whether the policy found a known value failing (kBlocking or kAdvisory): the
/// results its resolution fixes.
bool IsFailure(Outcome o);

}  // namespace plangate::report
