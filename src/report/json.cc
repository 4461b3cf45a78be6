#include "report/json_writer.h"
#include "report/report.h"

namespace plangate::report {

std::string RenderJson(const Report& report) {
  JsonWriter w;
  w.BeginObject();
  w.Key("inputs");
  w.BeginArray();
  for (const InputSummary& in : report.inputs) {
    w.BeginObject();
    w.Field("path", in.source);
    w.Field("kind", in.kind);
    w.Field("format_version", in.format_version);
    w.Field("terraform_version", in.terraform_version);
    w.Field("errored", in.errored);
    w.Field("resources", in.resources);
    w.Field("resources_in_input", in.resources_in_input);
    w.Field("resources_of_policy_types", in.resources_of_policy_types);
    w.EndObject();
  }
  w.EndArray();
  w.Key("results");
  w.BeginArray();
  for (const policy::Finding& f : report.findings) {
    const Outcome outcome = Classify(f, report.gate);
    w.BeginObject();
    w.Field("policy", f.policy->id);
    w.Field("status", policy::VerdictName(f.verdict));
    w.Field("severity", f.policy->severity);
    w.Field("enforcement", policy::EnforcementName(f.policy->enforcement));
    w.Field("blocking", IsBlocking(outcome));
    w.Field("input", f.input);
    w.Field("address", f.address);
    w.Field("type", f.type);
    w.Field("actions", f.actions);
    w.Field("attribute", f.attribute);
    w.Field("message", f.message);
    w.Field("unknown", f.unknown);
    w.Field("depends_on", f.depends_on);
    w.Field("sensitive", f.sensitive);
    // Only when the plan says: a change's reason and replace paths, and drift.
    if (!f.action_reason.empty()) w.Field("action_reason", f.action_reason);
    if (!f.replace_paths.empty()) w.Field("replace_paths", f.replace_paths);
    if (!f.drift.empty()) w.Field("drift", f.drift);
    if (!f.source_file.empty()) {  // --source-dir found the resource's block
      w.Key("source");
      w.BeginObject();
      w.Field("file", f.source_file);
      w.Field("line", f.source_line);
      w.Field("column", f.source_column);
      w.EndObject();
    }
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& wv = WaiverOf(report, f);
      w.Key("waiver");
      w.BeginObject();
      w.Field("status_before", policy::VerdictName(f.waived_verdict));
      w.Field("reason", wv.reason);
      w.Field("owner", wv.owner);
      w.Field("expires", wv.expires);
      w.Field("location", wv.location.ToString());
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("waivers");
  w.BeginArray();
  for (const policy::WaiverStatus& ws : report.waivers) {
    w.BeginObject();
    w.Field("policy", ws.waiver.policy);
    w.Field("address", ws.waiver.address);
    w.Field("reason", ws.waiver.reason);
    w.Field("owner", ws.waiver.owner);
    w.Field("expires", ws.waiver.expires);
    w.Field("location", ws.waiver.location.ToString());
    w.Field("state", policy::WaiverStateName(ws.state));
    w.Field("waived", ws.waived);
    w.EndObject();
  }
  w.EndArray();
  Counts c = Count(report);
  w.Key("summary");
  w.BeginObject();
  w.Field("pass", c.pass);
  w.Field("fail", c.fail);
  w.Field("unknown", c.unknown);
  w.Field("waived", c.waived);
  w.Field("advisory", c.advisory);
  w.Field("fail_on_unknown", report.gate.fail_on_unknown);
  w.Field("min_severity", policy::kSeverities[report.min_severity]);
  w.Field("below_min_severity", report.below_min_severity);
  w.Field("fail_severity", policy::kSeverities[report.gate.fail_severity]);
  w.Field("below_fail_severity", c.held);
  w.Field("policies", report.policies_run);
  w.Field("policies_unmatched", report.policies_unmatched);
  w.Field("policies_excluded_by_where", report.policies_excluded);
  w.Field("blocking", c.blocking > 0);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace plangate::report
