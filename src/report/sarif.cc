// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning.

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

#include "base/file.h"
#include "policy/policy.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace plangate::report {
namespace {

// GitHub's scale for properties.security-severity (critical >= 9, high >= 7, medium >= 4).
const char* SecuritySeverity(const std::string& severity) {
  if (severity == "critical") return "9.5";
  if (severity == "high") return "8.0";
  if (severity == "medium") return "5.5";
  return "3.0";
}

// FNV-1a, 64 bits: stable across runs, platforms and compilers.
std::string Fingerprint(const std::string& a, const std::string& b, const std::string& c) {
  std::uint64_t h = 1469598103934665603ull;
  for (const std::string* part : {&a, &b, &c}) {
    for (unsigned char ch : *part) {
      h ^= ch;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator: ("ab","c") differs from ("a","bc")
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string HelpText(const policy::Policy& p) {
  std::string out = p.resolution.empty() ? p.title : p.resolution;
  if (!p.impact.empty()) out += "\n\nImpact: " + p.impact;
  for (const std::string& link : p.links) out += "\n" + link;
  return out;
}

std::string HelpMarkdown(const policy::Policy& p) {
  std::string out = "**" + p.title + "**\n\n";
  if (!p.description.empty()) out += p.description + "\n\n";
  if (!p.impact.empty()) out += "**Impact:** " + p.impact + "\n\n";
  if (!p.resolution.empty()) out += "**Resolution:** " + p.resolution + "\n\n";
  for (const std::string& link : p.links) out += "- <" + link + ">\n";
  return out;
}

// A result's kind and level. A waived result keeps those it had before its waiver
// (its suppression says it is accepted). A value known only after apply is for
// review (a kind other than fail takes level none) unless it blocks.
struct KindLevel {
  const char* kind;
  const char* level;
};
KindLevel KindAndLevel(Outcome unwaived) {
  switch (unwaived) {
    case Outcome::kBlocking:
    case Outcome::kBlockingUnknown: return {"fail", "error"};
    case Outcome::kAdvisory: return {"fail", "note"};
    case Outcome::kUnknown: return {"review", "none"};
    case Outcome::kPass: return {"pass", "none"};     // not reported
    case Outcome::kWaived: return {"fail", "error"};  // not reached: unwaived
  }
  return {"fail", "error"};
}

// A location's physicalLocation member: the artifact (relative to `base`, a
// uriBaseId, when not ""), and the line and column when known (not 0).
void PhysicalLocation(JsonWriter& w, const std::string& uri, std::size_t line, std::size_t column = 0,
                      const char* base = "") {
  w.Key("physicalLocation");
  w.BeginObject();
  w.Key("artifactLocation");
  w.BeginObject();
  w.Field("uri", uri);
  if (*base != '\0') w.Field("uriBaseId", base);
  w.EndObject();
  if (line > 0) {
    w.Key("region");
    w.BeginObject();
    w.Field("startLine", line);
    if (column > 0) w.Field("startColumn", column);
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

std::string RenderSarif(const Report& report) {
  const std::vector<policy::Policy>& policies = report.policies->policies();
  JsonWriter w;
  w.BeginObject();
  w.Field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.Field("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Field("name", "plangate");
  w.Field("semanticVersion", report.version);
  w.Key("rules");
  w.BeginArray();
  for (const policy::Policy& p : policies) {
    w.BeginObject();
    w.Field("id", p.id);
    w.Key("shortDescription");
    w.BeginObject();
    w.Field("text", p.title);
    w.EndObject();
    w.Key("fullDescription");
    w.BeginObject();
    w.Field("text", p.description.empty() ? p.title : p.description);
    w.EndObject();
    if (!p.links.empty()) w.Field("helpUri", p.links.front());
    w.Key("help");
    w.BeginObject();
    w.Field("text", HelpText(p));
    w.Field("markdown", HelpMarkdown(p));
    w.EndObject();
    w.Key("defaultConfiguration");
    w.BeginObject();
    w.Field("level", p.enforcement == policy::Enforcement::kAdvisory ? "note" : "error");
    w.EndObject();
    w.Key("properties");
    w.BeginObject();
    w.Field("security-severity", SecuritySeverity(p.severity));
    w.Field("precision", "very-high");
    std::vector<std::string> tags = {"security", "terraform"};
    if (!p.category.empty()) tags.push_back(p.category);
    w.Field("tags", tags);
    if (!p.aliases.empty()) w.Field("aliases", p.aliases);
    w.Field("enforcement", policy::EnforcementName(p.enforcement));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool

  std::map<std::string, const InputSummary*> inputs;
  for (const InputSummary& in : report.inputs) inputs.emplace(in.source, &in);
  // An artifact per file, listed once: the documents of a stream are in one file, and
  // an input may be given twice.
  std::set<std::string> listed;
  w.Key("artifacts");
  w.BeginArray();
  for (const InputSummary& in : report.inputs) {
    if (!listed.insert(in.uri).second) continue;
    w.BeginObject();
    w.Key("location");
    w.BeginObject();
    w.Field("uri", in.uri);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();

  // Each result names its rule by index; findings point into report.policies.
  std::unordered_map<const policy::Policy*, std::size_t> rule_index;
  for (std::size_t i = 0; i < policies.size(); ++i) rule_index.emplace(&policies[i], i);
  w.Key("results");
  w.BeginArray();
  for (const policy::Finding& f : report.findings) {
    const Outcome outcome = Classify(f, report.gate);
    if (outcome == Outcome::kPass) continue;
    const auto [kind, level] = KindAndLevel(ClassifyUnwaived(f, report.gate));
    w.BeginObject();
    w.Field("ruleId", f.policy->id);
    w.Field("ruleIndex", rule_index.at(f.policy));
    w.Field("kind", kind);
    w.Field("level", level);
    w.Key("message");
    w.BeginObject();
    w.Field("text", f.address + ": " + f.message);
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    const InputSummary& in = *inputs.at(f.input);
    if (f.source_file.empty()) {
      PhysicalLocation(w, in.uri, f.line);  // where its resource change (or state resource) begins
    } else {
      // --source-dir: the .tf line, from the repository's root (code scanning annotates it)
      PhysicalLocation(w, PathUri(f.source_file), f.source_line, f.source_column, "%SRCROOT%");
    }
    w.Key("logicalLocations");
    w.BeginArray();
    w.BeginObject();
    w.Field("fullyQualifiedName", f.address);
    w.Field("kind", "resource");
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();
    if (!f.source_file.empty()) {  // the plan's entry, beside the .tf line
      w.Key("relatedLocations");
      w.BeginArray();
      w.BeginObject();
      w.Field("id", std::size_t{1});
      PhysicalLocation(w, in.uri, f.line);
      w.Key("message");
      w.BeginObject();
      w.Field("text", "the plan's entry for " + f.address);
      w.EndObject();
      w.EndObject();
      w.EndArray();
    }
    w.Key("partialFingerprints");
    w.BeginObject();
    // A document of a stream is told from the others of its file by its place.
    w.Field("plangate/v1", Fingerprint(f.policy->id, f.address,
                                       in.document == 0 ? in.uri : in.uri + "#" + std::to_string(in.document)));
    w.EndObject();
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& wv = WaiverOf(report, f);
      w.Key("suppressions");
      w.BeginArray();
      w.BeginObject();
      w.Field("kind", "external");
      w.Field("status", "accepted");
      w.Field("justification",
              wv.reason + " (owner " + wv.owner + ", until " + wv.expires + ", " + wv.location.ToString() + ")");
      w.EndObject();
      w.EndArray();
    }
    w.Key("properties");
    w.BeginObject();
    w.Field("status", policy::VerdictName(f.verdict));
    w.Field("blocking", IsBlocking(outcome));
    if (in.document > 0) w.Field("document", in.document);  // its place in a stream of plans
    w.Field("resourceType", f.type);
    w.Field("attribute", f.attribute);
    if (!f.depends_on.empty()) w.Field("dependsOn", f.depends_on);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  // A partial plan is a notification of the run: it succeeded, on part of the plan.
  if (std::any_of(report.inputs.begin(), report.inputs.end(), [](const InputSummary& in) { return in.errored; })) {
    w.Key("invocations");
    w.BeginArray();
    w.BeginObject();
    w.Field("executionSuccessful", true);
    w.Key("toolExecutionNotifications");
    w.BeginArray();
    for (const InputSummary& in : report.inputs) {
      if (!in.errored) continue;
      w.BeginObject();
      w.Field("level", "warning");
      w.Key("message");
      w.BeginObject();
      w.Field("text", in.source + " " + std::string(PartialPlanNote()));
      w.EndObject();
      w.Key("locations");
      w.BeginArray();
      w.BeginObject();
      PhysicalLocation(w, in.uri, 0);
      w.EndObject();
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace plangate::report
