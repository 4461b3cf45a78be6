#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "report/report.h"

namespace plangate::report {

namespace {

// The escape sequences of the report's colours: empty strings without colour.
struct Palette {
  explicit Palette(bool color)
      : red(color ? "\x1b[31m" : ""), yellow(color ? "\x1b[33m" : ""), bold(color ? "\x1b[1m" : ""),
        reset(color ? "\x1b[0m" : "") {}
  const char *red, *yellow, *bold, *reset;
};

// Findings rendered by one thread at least (below this, one part).
constexpr std::size_t kFindingsPerPart = 4096;

// Whether a result with outcome `o` gets a line: every one but a pass; when quiet,
// only those that close the gate.
bool Shown(Outcome o, const TextOptions& options) {
  return options.quiet ? IsBlocking(o) : o != Outcome::kPass;
}

// About the size of FindingLines(begin, end), for one allocation up front.
std::size_t LinesSize(const Report& report, const TextOptions& options, std::size_t begin, std::size_t end) {
  std::size_t size = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const policy::Finding& f = report.findings[i];
    if (!Shown(Classify(f, report.gate), options)) continue;
    size += 64 + f.input.size() + f.address.size() + f.policy->id.size() + f.message.size() +
            f.policy->resolution.size() + (f.source_file.empty() ? 0 : 40 + f.source_file.size());
  }
  return size;
}

// Appends the lines of findings [begin, end) to `out`: a line per result that is not
// a pass, and the waiver or the fix under it. Each finding's lines depend on nothing else.
void FindingLines(const Report& report, const TextOptions& options, std::size_t begin, std::size_t end,
                  std::string& out) {
  const auto [red, yellow, bold, reset] = Palette(options.color);
  const bool many_inputs = report.inputs.size() > 1;
  for (std::size_t i = begin; i < end; ++i) {
    const policy::Finding& f = report.findings[i];
    const Outcome outcome = Classify(f, report.gate);
    if (!Shown(outcome, options)) continue;
    const char* label = "";
    switch (outcome) {
      case Outcome::kPass: break;
      case Outcome::kBlocking: case Outcome::kBlockingUnknown: label = "FAIL    "; break;
      case Outcome::kAdvisory: label = "ADVISORY"; break;
      case Outcome::kUnknown: label = "UNKNOWN "; break;
      case Outcome::kWaived: label = "WAIVED  "; break;
    }
    out += IsBlocking(outcome) ? red : yellow;
    out += label;
    out += reset;
    out += ' ';
    if (many_inputs) {
      AppendOneLine(out, f.input);
      out += ": ";
    }
    out += bold;
    AppendOneLine(out, f.address);
    out += reset;
    out += "  [";
    out += f.policy->id;
    out += ", ";
    out += f.policy->severity;
    out += "] ";
    // A failure only because --fail-on-unknown makes it one: the line says so.
    if (outcome == Outcome::kBlockingUnknown) out += "unknown (--fail-on-unknown): ";
    AppendOneLine(out, f.message);
    out += '\n';
    if (!f.source_file.empty()) {  // --source-dir: the line of the .tf file that writes it
      out += "         at ";
      AppendOneLine(out, f.source_file);
      out += fmt::format(":{}:{}\n", f.source_line, f.source_column);
    }
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& w = WaiverOf(report, f);
      out += fmt::format("         waived until {} by {}: {} ({})\n", w.expires, OneLine(w.owner),
                         OneLine(w.reason), w.location.ToString());
    } else if (IsFailure(outcome) && !f.policy->resolution.empty()) {
      out += "         fix: ";
      out += f.policy->resolution;
      out += '\n';
    }
  }
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  const Palette colors(options.color);

  std::string out;
  for (const InputSummary& in : report.inputs) {
    if (in.errored && !options.quiet) {  // --quiet: stderr says it
      out += fmt::format("{}WARN{}     {} {}\n", colors.yellow, colors.reset, OneLine(in.source), PartialPlanNote());
    }
  }
  // Many inputs give tens of thousands of findings, rendered after every input is
  // evaluated, on one core: their lines are built in parts, one per core. The first
  // part is written in place, in the report's one allocation; the others are
  // appended to it in order.
  std::size_t n = report.findings.size();
  std::size_t parts = n < kFindingsPerPart ? 1 : std::min<std::size_t>(n / kFindingsPerPart,
                                                                      std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::size_t> begin(parts + 1), size(parts);
  std::size_t total = 0;
  for (std::size_t p = 0; p <= parts; ++p) begin[p] = n * p / parts;
  for (std::size_t p = 0; p < parts; ++p) total += size[p] = LinesSize(report, options, begin[p], begin[p + 1]);
  out.reserve(out.size() + total + 512);
  std::vector<std::string> lines(parts);
  std::vector<std::thread> threads;
  for (std::size_t p = 1; p < parts; ++p) {
    threads.emplace_back([&, p] {
      lines[p].reserve(size[p]);
      FindingLines(report, options, begin[p], begin[p + 1], lines[p]);
    });
  }
  FindingLines(report, options, begin[0], begin[1], out);
  for (std::thread& t : threads) t.join();
  for (std::size_t p = 1; p < parts; ++p) out += lines[p];
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (options.quiet) break;
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    out += fmt::format("{}WARN{}     {}\n", colors.yellow, colors.reset, WaiverNote(ws));
  }
  out += colors.bold + SummaryLine(report) + colors.reset + "\n";
  return out;
}

}  // namespace plangate::report
