// Markdown for pull-request comments and $GITHUB_STEP_SUMMARY (GitHub-flavoured).

#include <fmt/format.h>

#include <algorithm>

#include "report/report.h"

namespace plangate::report {
namespace {

// Text in a table cell: markup and HTML characters escaped, one line.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : OneLine(s)) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '*': case '_': case '`': case '[': case ']': case '\\':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// An address or id as code: only the table's pipe needs escaping inside a code span;
// a backtick in the text lengthens the fence.
std::string Code(std::string_view s) {
  std::string text;
  for (char c : OneLine(s)) text += c == '|' ? std::string("\\|") : std::string(1, c);
  std::string fence = text.find('`') == std::string::npos ? "`" : "``";
  return fence + (fence.size() > 1 ? " " + text + " " : text) + fence;
}

// The Result cell. A blocking unknown is a failure (❌) that says it is unknown.
const char* Label(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "✅ pass";
    case Outcome::kBlocking: return "❌ fail";
    case Outcome::kBlockingUnknown: return "❌ unknown";
    case Outcome::kAdvisory: return "ℹ️ advisory";
    case Outcome::kUnknown: return "❔ unknown";
    case Outcome::kWaived: return "💤 waived";
  }
  return "❌ fail";
}

// The table's order: what blocks first, then unknowns, advisories and waived results.
int Rank(Outcome o) {
  switch (o) {
    case Outcome::kBlocking: case Outcome::kBlockingUnknown: return 0;
    case Outcome::kUnknown: return 1;
    case Outcome::kAdvisory: return 2;
    case Outcome::kWaived: case Outcome::kPass: return 3;
  }
  return 3;
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  Counts c = Count(report);
  bool blocked = c.blocking > 0;
  bool many = report.inputs.size() > 1;

  std::string out = fmt::format("### plangate: {}\n\n", blocked ? "❌ gate closed" : "✅ gate open");
  out += fmt::format("{} blocking. {} resource{} in {} input{}: {} failed ({} advisory), {} unknown, {} waived, {} passed.\n\n",
                     c.blocking == 0 ? "Nothing" : fmt::format("**{} result{}**", c.blocking, c.blocking == 1 ? "" : "s"),
                     c.resources, c.resources == 1 ? "" : "s", report.inputs.size(),
                     report.inputs.size() == 1 ? "" : "s", c.fail, c.advisory, c.unknown, c.waived, c.pass);
  for (const InputSummary& in : report.inputs) {
    if (in.errored) out += "> ⚠️ " + Cell(in.source) + " is a partial plan (errored: true): results cover only what Terraform planned.\n\n";
  }

  // Rows are added while they fit; the note and the folded passes are budgeted for.
  const std::size_t budget = kMarkdownLimit - 1000;
  // Within a rank, the report's order (input, address, policy).
  std::vector<std::pair<const policy::Finding*, Outcome>> rows;
  for (const policy::Finding& f : report.findings) {
    Outcome o = Classify(f, report.gate);
    if (o != Outcome::kPass) rows.emplace_back(&f, o);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return Rank(a.second) < Rank(b.second); });
  std::string table;
  std::size_t shown = 0, not_shown = 0;
  for (const auto& [row_finding, outcome] : rows) {
    const policy::Finding& f = *row_finding;
    std::string why = Cell(f.message);
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& w = WaiverOf(report, f);
      why += "<br>**Waived** until " + Cell(w.expires) + " by " + Cell(w.owner) + ": " + Cell(w.reason);
    } else if (IsFailure(outcome) && !f.policy->resolution.empty()) {
      why += "<br>**Fix:** " + Cell(f.policy->resolution);
    }
    std::string row = fmt::format("| {} | {}{} | {} ({}) | {} |\n", Label(outcome),
                                  Code(f.address), many ? "<br>" + Code(f.input) : "",
                                  Code(f.policy->id), f.policy->severity, why);
    if (out.size() + table.size() + row.size() > budget) {
      ++not_shown;
      continue;
    }
    table += row;
    ++shown;
  }
  if (shown > 0) {
    out += "| Result | Resource | Policy | Why |\n|---|---|---|---|\n" + table + "\n";
  }
  if (not_shown > 0) {
    out += fmt::format("> {} more result{} not shown: a comment holds at most {} characters. The JSON "
                       "or SARIF report has every result.\n\n",
                       not_shown, not_shown == 1 ? "" : "s", kMarkdownLimit);
  }
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    out += fmt::format("> ⚠️ Waiver {} for {} on {} is {}.\n", Cell(ws.waiver.location.ToString()),
                       Code(ws.waiver.policy), Code(ws.waiver.address), policy::WaiverStateName(ws.state));
  }
  if (c.pass > 0) {
    std::string passes;
    std::size_t listed = 0;
    for (const policy::Finding& f : report.findings) {
      if (Classify(f, report.gate) != Outcome::kPass) continue;
      std::string line = "- " + Code(f.address) + " " + Code(f.policy->id) + "\n";
      if (out.size() + passes.size() + line.size() + 200 > kMarkdownLimit) break;
      passes += line;
      ++listed;
    }
    out += fmt::format("\n<details><summary>{} passed</summary>\n\n{}{}\n</details>\n", c.pass, passes,
                       listed < c.pass ? fmt::format("- … and {} more\n", c.pass - listed) : "");
  }
  return out;
}

}  // namespace plangate::report
