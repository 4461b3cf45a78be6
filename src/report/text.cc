#include <fmt/format.h>

#include "report/report.h"

namespace plangate::report {

bool IsBlocking(const policy::Finding& f, bool fail_on_unknown) {
  if (f.policy->enforcement == policy::Enforcement::kAdvisory) return false;
  return f.status == policy::Status::kFail || (fail_on_unknown && f.status == policy::Status::kUnknown);
}

Counts Count(const Report& report) {
  Counts c;
  for (const policy::Finding& f : report.findings) {
    switch (f.status) {
      case policy::Status::kPass: ++c.pass; break;
      case policy::Status::kFail:
        ++c.fail;
        c.advisory += f.policy->enforcement == policy::Enforcement::kAdvisory;
        break;
      case policy::Status::kUnknown: ++c.unknown; break;
    }
    c.blocking += IsBlocking(f, report.fail_on_unknown);
  }
  return c;
}

bool Blocks(const Report& report) { return Count(report).blocking > 0; }

namespace {

std::string Plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  const char* red = options.color ? "\x1b[31m" : "";
  const char* yellow = options.color ? "\x1b[33m" : "";
  const char* bold = options.color ? "\x1b[1m" : "";
  const char* reset = options.color ? "\x1b[0m" : "";
  const bool many_inputs = report.inputs.size() > 1;

  std::string out;
  for (const InputSummary& in : report.inputs) {
    if (in.errored) {
      out += fmt::format("{}WARN{}     {}: the plan is partial (errored: true): Terraform stopped "
                         "planning; results cover only what it planned\n",
                         yellow, reset, in.source);
    }
  }
  for (const policy::Finding& f : report.findings) {
    if (f.status == policy::Status::kPass) continue;
    bool fail = f.status == policy::Status::kFail;
    bool advisory = f.policy->enforcement == policy::Enforcement::kAdvisory;
    std::string label = !fail ? "UNKNOWN" : advisory ? "ADVISORY" : "FAIL";
    out += fmt::format("{}{:<8}{} {}{}{}{}  [{}] {}\n", fail && !advisory ? red : yellow, label, reset,
                       many_inputs ? f.input + ": " : "", bold, f.address, reset, f.policy->id,
                       f.message);
    if (fail && !f.policy->resolution.empty()) {
      out += fmt::format("         fix: {}\n", f.policy->resolution);
    }
  }
  Counts c = Count(report);
  std::size_t resources = 0;
  for (const InputSummary& in : report.inputs) resources += in.resources;
  bool blocked = Blocks(report);
  out += fmt::format(
      "{}plangate: {} in {}: {} failed{}, {} unknown, {} passed; gate {}{}{}\n", bold,
      Plural(resources, "resource", "resources"), Plural(report.inputs.size(), "input", "inputs"),
      c.fail, c.advisory > 0 ? fmt::format(" ({} advisory)", c.advisory) : "", c.unknown, c.pass,
      blocked ? "closed" : "open",
      (!blocked && c.unknown > 0) ? " (unknown results do not block; --fail-on-unknown makes them)"
                                  : "",
      reset);
  return out;
}

}  // namespace plangate::report
