// What every report format shares: counts, the gate's verdict, line safety, dispatch.

#include <fmt/format.h>

#include <algorithm>

#include "report/report.h"

namespace plangate::report {

const policy::Waiver& WaiverOf(const Report& report, const policy::Finding& f) {
  return report.waivers.at(static_cast<std::size_t>(f.waiver)).waiver;
}

bool IsBlocking(const policy::Finding& f, const GateRules& rules) {
  return IsBlocking(Classify(f, rules));
}

Counts Count(const Report& report) {
  Counts c;
  for (const policy::Finding& f : report.findings) {
    switch (Classify(f, report.gate)) {
      case Outcome::kPass: ++c.pass; break;
      case Outcome::kBlocking: ++c.fail; ++c.blocking; break;
      case Outcome::kAdvisory: ++c.fail; ++c.advisory; break;
      case Outcome::kBlockingUnknown: ++c.unknown; ++c.blocking; break;
      case Outcome::kUnknown: ++c.unknown; break;
      case Outcome::kWaived: ++c.waived; break;
    }
    c.held += HeldBelowFailSeverity(f, report.gate);
  }
  for (const InputSummary& in : report.inputs) {
    c.resources += in.resources;
    c.resources_in_inputs += in.resources_in_input;
    c.resources_of_policy_types += in.resources_of_policy_types;
  }
  return c;
}

bool Blocks(const Report& report) { return Count(report).blocking > 0; }

namespace {

std::string Plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string SummaryLine(const Report& report) {
  Counts c = Count(report);
  bool blocked = c.blocking > 0;
  std::string left_out;
  if (report.below_min_severity > 0) {
    left_out = fmt::format(", {} below --min-severity {} left out", Plural(report.below_min_severity, "result", "results"),
                           policy::kSeverities[report.min_severity]);
  }
  std::string notes;  // why what failed leaves the gate open
  if (c.held > 0) {
    notes = fmt::format("{} below --fail-severity {} {} not block", Plural(c.held, "result", "results"),
                        policy::kSeverities[report.gate.fail_severity], c.held == 1 ? "does" : "do");
  }
  if (!blocked && c.unknown > 0) {
    notes += (notes.empty() ? "" : "; ") + std::string("unknown results do not block; --fail-on-unknown makes them");
  }
  // What was not judged, so that no result never reads as a clean bill: resources of
  // types no policy reads, or that no policy judges; policies that matched nothing.
  std::string judged = fmt::format("{} in {}, {} of a type any policy reads", Plural(c.resources_in_inputs, "resource", "resources"),
                                   Plural(report.inputs.size(), "input", "inputs"), c.resources_of_policy_types);
  if (c.resources != c.resources_of_policy_types) judged += fmt::format(", {} judged", c.resources);
  std::string unjudging;
  const std::size_t unmatched = report.policies_unmatched.size(), excluded = report.policies_excluded.size();
  if (unmatched > 0) {
    unjudging = fmt::format("; {} of {} matched no resource", unmatched, Plural(report.policies_run, "policy", "policies"));
  }
  if (excluded > 0) {
    unjudging += unmatched > 0 ? fmt::format(", {}", excluded)
                               : fmt::format("; {} of {} matched", excluded, Plural(report.policies_run, "policy", "policies"));
    unjudging += excluded == 1 ? " only resources its where excludes" : " only resources their where excludes";
  }
  return fmt::format("plangate: {}: {} failed{}, {} unknown, {}{} passed{}{}; gate {}{}", judged, c.fail,
                     c.advisory > 0 ? fmt::format(" ({} advisory)", c.advisory) : "", c.unknown,
                     c.waived > 0 ? fmt::format("{} waived, ", c.waived) : "", c.pass, left_out, unjudging,
                     blocked ? "closed" : "open", notes.empty() ? "" : " (" + notes + ")");
}

std::string_view PartialPlanNote() {
  return "is a partial plan (errored: true): Terraform stopped planning, so results cover only what it planned";
}

std::string WaiverNote(const policy::WaiverStatus& ws) {
  const policy::Waiver& w = ws.waiver;
  std::string what;
  switch (ws.state) {
    case policy::WaiverStatus::State::kActive: return "";
    case policy::WaiverStatus::State::kExpired:
      what = "expired on " + w.expires + ": it waives nothing; renew or remove it";
      break;
    case policy::WaiverStatus::State::kUnused:
      what = "matches no failing or unknown result; remove it if the exception is over";
      break;
    case policy::WaiverStatus::State::kHardMandatory:
      what = "names a hard-mandatory policy, which no waiver overrides";
      break;
  }
  return fmt::format("waiver {} ({} on {}) {}", w.location.ToString(), w.policy, OneLine(w.address), what);
}


void AppendOneLine(std::string& out, std::string_view s) {
  // Nearly every string has no control character: append it whole. The test runs
  // over every byte without an early exit, so the compiler can vectorise it.
  unsigned char control = 0;
  for (unsigned char c : s) control |= static_cast<unsigned char>((c < 0x20) | (c == 0x7f));
  if (control == 0) {
    out.append(s);
    return;
  }
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
}

std::string OneLine(std::string_view s) {
  std::string out;
  AppendOneLine(out, s);
  return out;
}

const std::vector<std::string>& FormatNames() {
  static const std::vector<std::string> names = {"text",     "json",     "sarif",  "junit",
                                                 "markdown", "atlantis", "github", "html"};
  return names;
}

bool PointsAtLines(std::string_view format) { return format == "sarif" || format == "github"; }

bool ShowsReads(std::string_view format) { return format == "html"; }

std::string Render(const std::string& format, const Report& report, const TextOptions& text) {
  if (format == "json") return RenderJson(report);
  if (format == "sarif") return RenderSarif(report);
  if (format == "junit") return RenderJunit(report);
  if (format == "markdown") return RenderMarkdown(report);
  if (format == "atlantis") return RenderAtlantis(report);
  if (format == "github") return RenderGithub(report);
  if (format == "html") return RenderHtml(report);
  return RenderText(report, text);
}

}  // namespace plangate::report
