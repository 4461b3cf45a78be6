// Output for Atlantis's custom policy check (custom_policy_check: true). Atlantis
// marks a check failed when the output matches `([1-9][0-9]* failure|failures": \[)`
// or starts with FAIL; it discards the output of a step that exits non-zero, so the
// CLI exits 0 in this format and the lines carry the verdict.

#include <fmt/format.h>

#include "report/report.h"

namespace plangate::report {

std::string RenderAtlantis(const Report& report) {
  std::string fails, others;
  for (const InputSummary& in : report.inputs) {
    if (in.errored) others += fmt::format("WARN - {} {}\n", OneLine(in.source), PartialPlanNote());
  }
  std::size_t passed = 0, warnings = 0, failures = 0, exceptions = 0;
  for (const policy::Finding& f : report.findings) {
    std::string line = fmt::format("{} - {} - {} [{}]\n", OneLine(f.input), OneLine(f.address),
                                   OneLine(f.message), f.policy->id);
    switch (Classify(f, report.gate)) {
      case Outcome::kPass: ++passed; break;
      case Outcome::kBlocking:
      case Outcome::kBlockingUnknown:  // the message says the value is known only after apply
        ++failures;
        fails += "FAIL - " + line;
        break;
      case Outcome::kAdvisory:
      case Outcome::kUnknown:
        ++warnings;
        others += "WARN - " + line;
        break;
      case Outcome::kWaived: {
        ++exceptions;
        const policy::Waiver& w = WaiverOf(report, f);
        others += fmt::format("WAIVED - {} - {} - waived until {} by {}: {} ({}) [{}]\n", OneLine(f.input),
                              OneLine(f.address), w.expires, OneLine(w.owner), OneLine(w.reason),
                              OneLine(w.location.ToString()), f.policy->id);
        break;
      }
    }
  }
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    others += fmt::format("WARN - waiver {} ({} on {}) is {}\n", ws.waiver.location.ToString(),
                          ws.waiver.policy, OneLine(ws.waiver.address), policy::WaiverStateName(ws.state));
  }
  // Failures first: the output then starts with FAIL exactly when the gate is closed.
  return fails + others +
         fmt::format("{} tests, {} passed, {} warnings, {} failures, {} exceptions\n",
                     report.findings.size(), passed, warnings, failures, exceptions);
}

}  // namespace plangate::report
