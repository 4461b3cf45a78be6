// GitHub Actions workflow commands (`::error file=F,line=L,title=T::MESSAGE`): the
// runner turns each into an annotation on the run, and on the pull request's diff when
// the file is in it.

#include <fmt/format.h>

#include <map>
#include <utility>

#include "report/report.h"

namespace plangate::report {
namespace {

// GitHub's escaping, as actions/toolkit writes it (escapeData, escapeProperty) and the
// runner reads it back: '%', CR and LF everywhere; in a property value also ':' and ',',
// which would end the properties or the value. Nothing else is escaped.
void AppendEscaped(std::string& out, std::string_view s, bool property) {
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
}

// One command: `::COMMAND name=value,...::MESSAGE`; properties with an empty value
// are left out.
void Command(std::string& out, const char* command,
             std::initializer_list<std::pair<const char*, std::string>> properties, std::string_view message) {
  out += "::";
  out += command;
  char separator = ' ';
  for (const auto& [name, value] : properties) {
    if (value.empty()) continue;
    out += separator;
    out += name;
    out += '=';
    AppendEscaped(out, value, true);
    separator = ',';
  }
  out += "::";
  AppendEscaped(out, message, false);
  out += '\n';
}

}  // namespace

std::string RenderGithub(const Report& report) {
  std::map<std::string_view, const InputSummary*> inputs;
  for (const InputSummary& in : report.inputs) inputs.emplace(in.source, &in);
  const bool many = report.inputs.size() > 1;
  std::string out;
  for (const InputSummary& in : report.inputs) {
    if (!in.errored) continue;
    Command(out, "warning", {{"file", in.file}, {"title", "partial plan"}},
            in.source + " " + std::string(PartialPlanNote()));
  }
  for (const policy::Finding& f : report.findings) {
    const Outcome outcome = Classify(f, report.gate);
    const char* command = IsBlocking(outcome) ? "error"
                          : outcome == Outcome::kAdvisory || outcome == Outcome::kUnknown ? "warning"
                                                                                           : nullptr;
    if (command == nullptr) continue;  // passes and waived results
    const InputSummary* in = inputs.at(f.input);
    std::string title = fmt::format("{}{} [{}, {}]", many ? f.input + ": " : "", f.address, f.policy->id,
                                    f.policy->severity);
    std::string message = outcome == Outcome::kBlockingUnknown ? "unknown (--fail-on-unknown): "
                          : outcome == Outcome::kAdvisory     ? "advisory, does not block: "
                                                              : "";
    message += f.message;
    if (IsFailure(outcome) && !f.policy->resolution.empty()) message += "\nfix: " + f.policy->resolution;
    if (!f.source_file.empty()) {  // --source-dir: the annotation goes on the .tf line
      Command(out, command,
              {{"file", f.source_file}, {"line", std::to_string(f.source_line)},
               {"col", std::to_string(f.source_column)}, {"title", title}},
              message);
      continue;
    }
    // The line points into the file: none without one (standard input).
    std::string line = in->file.empty() || f.line == 0 ? "" : std::to_string(f.line);
    Command(out, command, {{"file", in->file}, {"line", line}, {"title", title}}, message);
  }
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    const policy::SourceLocation& at = ws.waiver.location;
    Command(out, "warning",
            {{"file", at.file}, {"line", std::to_string(at.line)}, {"col", std::to_string(at.column)},
             {"title", "waiver"}},
            WaiverNote(ws));
  }
  Command(out, "notice", {}, SummaryLine(report));
  return out;
}

}  // namespace plangate::report
