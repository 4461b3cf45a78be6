#pragma once
// What one result means for the gate: the one decision that every report format,
// the counts and the exit code switch on.

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
  kAdvisory,  ///< A failure of an advisory policy: shown, never closes the gate.
  /// Known only after apply and not blocking: without --fail-on-unknown, or of an
  /// advisory policy (which --fail-on-unknown does not make block).
  kUnknown,
  kWaived,  ///< A failure or unknown that a waiver accepts: never closes the gate.
};

/// What `f` is for the gate; `fail_on_unknown` makes the unknowns of mandatory
/// policies block.
Outcome Classify(const policy::Finding& f, bool fail_on_unknown);

/// What `f` would be had no waiver accepted it: Classify(f) for a result that is not
/// waived. For formats that show a waived result at the weight it had (SARIF).
Outcome ClassifyUnwaived(const policy::Finding& f, bool fail_on_unknown);

/// Whether a result with outcome `o` closes the gate (exit code 1).
bool IsBlocking(Outcome o);

/// Whether the policy found a known value failing (kBlocking or kAdvisory): the
/// results its resolution fixes.
bool IsFailure(Outcome o);

}  // namespace plangate::report
