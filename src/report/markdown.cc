// Markdown for pull-request comments and $GITHUB_STEP_SUMMARY (GitHub-flavoured).

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "report/report.h"

namespace plangate::report {
namespace {

// Where Markdown text goes: in a table cell a pipe ends the cell unless escaped (`\|`,
// in code spans too); elsewhere a backslash before it would show in a code span.
enum class Where { kTable, kText };

// Text, one line: markup and HTML characters escaped.
std::string Text(std::string_view s, Where where) {
  std::string out;
  for (char c : OneLine(s)) {
    switch (c) {
      case '|': out += where == Where::kTable ? "\\|" : "|"; break;
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

// An address or id as code: inside a code span nothing is markup, but in a table the
// pipe still needs escaping; the fence is one backtick longer than any run inside.
std::string Code(std::string_view s, Where where) {
  std::string text;
  std::size_t run = 0, longest = 0;
  for (char c : OneLine(s)) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    text += c == '|' && where == Where::kTable ? std::string("\\|") : std::string(1, c);
  }
  // A space inside each fence keeps a backtick at either end, or a space at both, as written.
  bool pad = longest > 0 || (text.size() > 1 && text.front() == ' ' && text.back() == ' ');
  std::string fence(longest + 1, '`');
  return fence + (pad ? " " + text + " " : text) + fence;
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
    if (!in.errored) continue;
    out += "> ⚠️ " + Text(in.source, Where::kText) + " " + Text(PartialPlanNote(), Where::kText) + ".\n\n";
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
                   [](const auto& a, const auto& b) { return ListingRank(a.second) < ListingRank(b.second); });
  // A policy's fix is said once, under the table, for the failures shown: not on each row.
  std::string table, fixes;
  std::set<const policy::Policy*> fixed;
  std::size_t shown = 0, not_shown = 0;
  for (const auto& [row_finding, outcome] : rows) {
    const policy::Finding& f = *row_finding;
    std::string why = Text(f.message, Where::kTable);
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& w = WaiverOf(report, f);
      why += "<br>**Waived** until " + Text(w.expires, Where::kTable) + " by " + Text(w.owner, Where::kTable) +
             ": " + Text(w.reason, Where::kTable) + " (" + Code(w.location.ToString(), Where::kTable) + ")";
    }
    std::string where = many ? "<br>" + Code(f.input, Where::kTable) : "";
    if (!f.source_file.empty()) {  // --source-dir: the .tf line that writes it
      where += "<br>" + Code(f.source_file + ":" + std::to_string(f.source_line), Where::kTable);
    }
    std::string row = fmt::format("| {} | {}{} | {} ({}) | {} |\n", Label(outcome), Code(f.address, Where::kTable),
                                  where,
                                  Code(f.policy->id, Where::kTable), f.policy->severity, why);
    std::string fix;
    if (IsFailure(outcome) && !f.policy->resolution.empty() && fixed.count(f.policy) == 0) {
      fix = "- " + Code(f.policy->id, Where::kText) + ": " + Text(f.policy->resolution, Where::kText) + "\n";
    }
    if (out.size() + table.size() + fixes.size() + row.size() + fix.size() > budget) {
      ++not_shown;
      continue;
    }
    table += row;
    fixes += fix;
    if (!fix.empty()) fixed.insert(f.policy);
    ++shown;
  }
  if (shown > 0) {
    out += "| Result | Resource | Policy | Why |\n|---|---|---|---|\n" + table + "\n";
  }
  if (!fixes.empty()) out += "**How to fix**\n\n" + fixes + "\n";
  if (not_shown > 0) {
    out += fmt::format("> {} more result{} not shown: a comment holds at most {} characters. The JSON "
                       "or SARIF report has every result.\n\n",
                       not_shown, not_shown == 1 ? "" : "s", kMarkdownLimit);
  }
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    out += fmt::format("> ⚠️ Waiver {} for {} on {} is {}.\n", Text(ws.waiver.location.ToString(), Where::kText),
                       Code(ws.waiver.policy, Where::kText), Code(ws.waiver.address, Where::kText),
                       policy::WaiverStateName(ws.state));
  }
  if (c.pass > 0) {
    std::string passes;
    std::size_t listed = 0;
    for (const policy::Finding& f : report.findings) {
      if (Classify(f, report.gate) != Outcome::kPass) continue;
      std::string line = "- " + Code(f.address, Where::kText) + " " + Code(f.policy->id, Where::kText) +
                         (many ? " in " + Code(f.input, Where::kText) : "") + "\n";
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
