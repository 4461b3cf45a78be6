#include "report/outcome.h"

namespace plangate::report {
namespace {

Outcome OfVerdict(policy::Verdict v, const policy::Policy& p, bool fail_on_unknown) {
  const bool advisory = p.enforcement == policy::Enforcement::kAdvisory;
  switch (v) {
    case policy::Verdict::kPass: return Outcome::kPass;
    case policy::Verdict::kFail: return advisory ? Outcome::kAdvisory : Outcome::kBlocking;
    case policy::Verdict::kUnknown:
      return fail_on_unknown && !advisory ? Outcome::kBlockingUnknown : Outcome::kUnknown;
    case policy::Verdict::kWaived: return Outcome::kWaived;
  }
  return Outcome::kBlocking;  // not reached; closed is the safe side
}

}  // namespace

Outcome Classify(const policy::Finding& f, bool fail_on_unknown) {
  return OfVerdict(f.verdict, *f.policy, fail_on_unknown);
}

Outcome ClassifyUnwaived(const policy::Finding& f, bool fail_on_unknown) {
  return OfVerdict(f.verdict == policy::Verdict::kWaived ? f.waived_verdict : f.verdict, *f.policy,
                   fail_on_unknown);
}

bool IsBlocking(Outcome o) { return o == Outcome::kBlocking || o == Outcome::kBlockingUnknown; }

bool IsFailure(Outcome o) { return o == Outcome::kBlocking || o == Outcome::kAdvisory; }

}  // namespace plangate::report
