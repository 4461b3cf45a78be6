// JUnit XML, as GitLab's test report and most CI servers read it.

#include <fmt/format.h>

#include <map>

#include "report/report.h"

namespace plangate::report {
namespace {

// XML 1.0 text: entities for markup, and characters XML cannot carry (control
// characters other than tab, newline, return) written as '?'.
std::string Xml(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default: out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
  }
  return out;
}

struct Suite {
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::string body;
  std::string file;  // the input's file, for each case's file attribute
  bool errored = false;  // a partial plan: said in a property
};

}  // namespace

std::string RenderJunit(const Report& report) {
  std::map<std::string, Suite> suites;
  for (const InputSummary& in : report.inputs) {
    Suite& s = suites[in.source];
    s.file = in.file.empty() ? in.source : in.file;
    s.errored = in.errored;
  }
  // A case's identity is its classname and name: GitLab keeps one case per identity,
  // whatever its suite, so each carries its input and is unique in the whole run (a
  // repeated one, from an input given twice or a deposed object, is numbered).
  std::map<std::string, std::size_t> identities;
  for (const policy::Finding& f : report.findings) {
    Suite& s = suites[f.input];
    ++s.tests;
    std::string name = f.address + " [" + f.policy->id + "]";
    if (std::size_t seen = identities[f.input + '\n' + name]++; seen > 0) name += fmt::format(" ({})", seen + 1);
    if (f.source_file.empty()) {
      s.body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n", Xml(f.input), Xml(name),
                            Xml(s.file));
    } else {  // --source-dir: the .tf file and line that write the resource
      s.body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n", Xml(f.input),
                            Xml(name), Xml(f.source_file), f.source_line);
    }
    // Blocking results are failures (of type "unknown" for a blocking unknown); the
    // others that are not passes are skipped, with why.
    std::string why;
    switch (const Outcome outcome = Classify(f, report.gate)) {
      case Outcome::kPass: break;
      case Outcome::kBlocking:
      case Outcome::kBlockingUnknown: {
        ++s.failures;
        std::string detail = f.message;
        if (!f.policy->resolution.empty()) detail += "\nfix: " + f.policy->resolution;
        s.body += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                              outcome == Outcome::kBlocking ? "fail" : "unknown", Xml(f.message), Xml(detail));
        break;
      }
      case Outcome::kAdvisory: why = "advisory (does not block)"; break;
      case Outcome::kUnknown: why = "unknown (known only after apply)"; break;
      case Outcome::kWaived: {
        const policy::Waiver& w = WaiverOf(report, f);
        why = "waived: " + w.reason + " (owner " + w.owner + ", until " + w.expires + ", " + w.location.ToString() + ")";
        break;
      }
    }
    if (!why.empty()) {
      ++s.skipped;
      s.body += fmt::format("      <skipped message=\"{}: {}\"/>\n", Xml(why), Xml(f.message));
    }
    s.body += "    </testcase>\n";
  }
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::string body;
  for (const InputSummary& in : report.inputs) {
    auto it = suites.find(in.source);
    if (it == suites.end()) continue;  // an input given twice: one suite holds both
    Suite s = std::move(it->second);
    suites.erase(it);
    tests += s.tests;
    failures += s.failures;
    skipped += s.skipped;
    // A partial plan says so in the suite's properties, which come before its cases.
    const char* properties =
        s.errored ? "    <properties>\n      <property name=\"errored\" value=\"true\"/>\n    </properties>\n" : "";
    body += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}{}  </testsuite>\n",
        Xml(in.source), s.tests, s.failures, s.skipped, properties, s.body);
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"plangate\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}</testsuites>\n",
                     tests, failures, skipped, body);
}

}  // namespace plangate::report
