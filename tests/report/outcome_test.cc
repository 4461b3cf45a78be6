#include "report/outcome.h"

#include "catch.h"

namespace plangate::report {
namespace {

using policy::Enforcement;
using policy::Verdict;

// The outcome of a result with `verdict` (before a waiver: `waived`) of a policy at `level`.
Outcome Of(Verdict verdict, Enforcement level, bool fail_on_unknown, Verdict waived = Verdict::kFail) {
  static policy::Policy advisory, soft, hard;
  advisory.enforcement = Enforcement::kAdvisory;
  soft.enforcement = Enforcement::kSoftMandatory;
  hard.enforcement = Enforcement::kHardMandatory;
  policy::Finding f;
  f.policy = level == Enforcement::kAdvisory ? &advisory : level == Enforcement::kSoftMandatory ? &soft : &hard;
  f.verdict = verdict;
  f.waived_verdict = waived;
  return Classify(f, GateRules{fail_on_unknown});
}

TEST_CASE("outcome: failures of mandatory policies block, of advisory ones do not", "[report]") {
  for (bool strict : {false, true}) {
    CHECK(Of(Verdict::kFail, Enforcement::kSoftMandatory, strict) == Outcome::kBlocking);
    CHECK(Of(Verdict::kFail, Enforcement::kHardMandatory, strict) == Outcome::kBlocking);
    CHECK(Of(Verdict::kFail, Enforcement::kAdvisory, strict) == Outcome::kAdvisory);
    CHECK(Of(Verdict::kPass, Enforcement::kSoftMandatory, strict) == Outcome::kPass);
    CHECK(Of(Verdict::kWaived, Enforcement::kSoftMandatory, strict, Verdict::kUnknown) == Outcome::kWaived);
  }
}

TEST_CASE("outcome: --fail-on-unknown makes unknowns of mandatory policies block, not advisory ones",
          "[report]") {
  CHECK(Of(Verdict::kUnknown, Enforcement::kSoftMandatory, false) == Outcome::kUnknown);
  CHECK(Of(Verdict::kUnknown, Enforcement::kSoftMandatory, true) == Outcome::kBlockingUnknown);
  CHECK(Of(Verdict::kUnknown, Enforcement::kHardMandatory, true) == Outcome::kBlockingUnknown);
  CHECK(Of(Verdict::kUnknown, Enforcement::kAdvisory, false) == Outcome::kUnknown);
  CHECK(Of(Verdict::kUnknown, Enforcement::kAdvisory, true) == Outcome::kUnknown);
}

TEST_CASE("outcome: only the two blocking outcomes close the gate", "[report]") {
  CHECK(IsBlocking(Outcome::kBlocking));
  CHECK(IsBlocking(Outcome::kBlockingUnknown));
  for (Outcome o : {Outcome::kPass, Outcome::kAdvisory, Outcome::kUnknown, Outcome::kWaived}) {
    CHECK_FALSE(IsBlocking(o));
  }
}

TEST_CASE("outcome: a fix applies to failures of known values, blocking or advisory", "[report]") {
  CHECK(IsFailure(Outcome::kBlocking));
  CHECK(IsFailure(Outcome::kAdvisory));
  for (Outcome o : {Outcome::kPass, Outcome::kBlockingUnknown, Outcome::kUnknown, Outcome::kWaived}) {
    CHECK_FALSE(IsFailure(o));
  }
}

TEST_CASE("outcome: a waived result is classified as it was before the waiver when asked", "[report]") {
  policy::Policy soft;
  policy::Finding f;
  f.policy = &soft;
  f.verdict = Verdict::kWaived;
  f.waived_verdict = Verdict::kUnknown;
  CHECK(Classify(f, GateRules{true}) == Outcome::kWaived);
  CHECK(ClassifyUnwaived(f, GateRules{true}) == Outcome::kBlockingUnknown);
  CHECK(ClassifyUnwaived(f, GateRules{}) == Outcome::kUnknown);
  f.waived_verdict = Verdict::kFail;
  CHECK(ClassifyUnwaived(f, GateRules{}) == Outcome::kBlocking);
  f.verdict = Verdict::kPass;  // not waived: the waived verdict is not read
  CHECK(ClassifyUnwaived(f, GateRules{}) == Outcome::kPass);
}

TEST_CASE("outcome: severities rank as kSeverities lists them - an unknown name above them all", "[report]") {
  CHECK(SeverityRank("low") == 0);
  CHECK(SeverityRank("medium") == 1);
  CHECK(SeverityRank("high") == 2);
  CHECK(SeverityRank("critical") == 3);
  CHECK(SeverityRank("urgent") == 4);
}

TEST_CASE("outcome: below --fail-severity a failure is advisory and an unknown never blocks", "[report]") {
  policy::Policy medium, high, hard_medium;
  medium.severity = hard_medium.severity = "medium";
  high.severity = "high";
  hard_medium.enforcement = Enforcement::kHardMandatory;
  policy::Finding f;
  const GateRules from_high{true, SeverityRank("high")};
  for (const policy::Policy* p : {&medium, &hard_medium}) {
    f.policy = p;
    f.verdict = Verdict::kFail;
    CHECK(Classify(f, from_high) == Outcome::kAdvisory);
    CHECK(HeldBelowFailSeverity(f, from_high));
    CHECK(Classify(f, GateRules{true}) == Outcome::kBlocking);
    f.verdict = Verdict::kUnknown;
    CHECK(Classify(f, from_high) == Outcome::kUnknown);
    CHECK(HeldBelowFailSeverity(f, from_high));
    CHECK_FALSE(HeldBelowFailSeverity(f, GateRules{false, SeverityRank("high")}));  // it would not block anyway
  }
  f.policy = &high;
  f.verdict = Verdict::kFail;
  CHECK(Classify(f, from_high) == Outcome::kBlocking);
  CHECK_FALSE(HeldBelowFailSeverity(f, from_high));
  f.verdict = Verdict::kUnknown;
  CHECK(Classify(f, from_high) == Outcome::kBlockingUnknown);
  f.verdict = Verdict::kWaived;
  f.policy = &medium;
  CHECK(Classify(f, from_high) == Outcome::kWaived);
  CHECK_FALSE(HeldBelowFailSeverity(f, from_high));
  CHECK(ClassifyUnwaived(f, from_high) == Outcome::kAdvisory);
}

}  // namespace
}  // namespace plangate::report
