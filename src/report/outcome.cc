#include "report/outcome.h"

#include "policy/policy.h"

namespace plangate::report {
namespace {

Outcome OfVerdict(policy::Verdict v, const policy::Policy& p, const GateRules& rules) {
  // Below --fail-severity a policy weighs as an advisory one: shown, never blocking.
  const bool advisory = p.enforcement == policy::Enforcement::kAdvisory || SeverityRank(p.severity) < rules.fail_severity;
  switch (v) {
    case policy::Verdict::kPass: return Outcome::kPass;
    case policy::Verdict::kFail: return advisory ? Outcome::kAdvisory : Outcome::kBlocking;
    case policy::Verdict::kUnknown:
      return rules.fail_on_unknown && !advisory ? Outcome::kBlockingUnknown : Outcome::kUnknown;
    case policy::Verdict::kWaived: return Outcome::kWaived;
  }
  return Outcome::kBlocking;  // not reached; closed is the safe side
}

}  // namespace

std::size_t SeverityRank(std::string_view severity) {
  const std::string_view* found = policy::FindName(policy::kSeverities, severity);
  return found == nullptr ? std::size(policy::kSeverities) : static_cast<std::size_t>(found - policy::kSeverities);
}

Outcome Classify(const policy::Finding& f, const GateRules& rules) { return OfVerdict(f.verdict, *f.policy, rules); }

Outcome ClassifyUnwaived(const policy::Finding& f, const GateRules& rules) {
  return OfVerdict(f.verdict == policy::Verdict::kWaived ? f.waived_verdict : f.verdict, *f.policy, rules);
}

bool HeldBelowFailSeverity(const policy::Finding& f, const GateRules& rules) {
  GateRules every_severity = rules;
  every_severity.fail_severity = 0;
  return rules.fail_severity > 0 && !IsBlocking(Classify(f, rules)) && IsBlocking(Classify(f, every_severity));
}

bool IsBlocking(Outcome o) { return o == Outcome::kBlocking || o == Outcome::kBlockingUnknown; }

int ListingRank(Outcome o) {
  switch (o) {
    case Outcome::kBlocking: case Outcome::kBlockingUnknown: return 0;
    case Outcome::kUnknown: return 1;
    case Outcome::kAdvisory: return 2;
    case Outcome::kWaived: return 3;
    case Outcome::kPass: return 4;
  }
  return 0;
}

bool IsFailure(Outcome o) { return o == Outcome::kBlocking || o == Outcome::kAdvisory; }

}  // namespace plangate::report
