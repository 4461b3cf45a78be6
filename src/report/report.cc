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
  static const std::vector<std::string> names = {"text", "json", "sarif", "junit", "markdown", "atlantis"};
  return names;
}

std::string Render(const std::string& format, const Report& report, const TextOptions& text) {
  if (format == "json") return RenderJson(report);
  if (format == "sarif") return RenderSarif(report);
  if (format == "junit") return RenderJunit(report);
  if (format == "markdown") return RenderMarkdown(report);
  if (format == "atlantis") return RenderAtlantis(report);
  return RenderText(report, text);
}

}  // namespace plangate::report
