#include "explain/render.h"

#include <fmt/format.h>

#include "report/json_writer.h"
#include "report/outcome.h"
#include "report/report.h"

namespace plangate::explain {
namespace {

using resolve::Hop;
using resolve::Resolution;

constexpr const char* kSensitive = "(sensitive)";

// Which parts of a resolution may be shown.
enum class Display { kValue, kSensitive, kParts };

Display DisplayOf(const Resolution& res) {
  if (res.sensitive) return Display::kSensitive;
  if (res.state == Resolution::State::kKnown && res.sensitive_parts != nullptr && res.sensitive_parts->MarksAny()) {
    return Display::kParts;
  }
  return Display::kValue;
}

const char* SideName(resolve::Side s) {
  for (const auto& named : policy::kSides) {
    if (named.value == s) return named.name.data();
  }
  return "after";
}

// A known value as text: whole, with its sensitive parts hidden, or "(sensitive)".
std::string ValueText(const Resolution& res) {
  switch (DisplayOf(res)) {
    case Display::kSensitive: return kSensitive;
    case Display::kParts: return res.value->ToJson(res.sensitive_parts) + " (sensitive parts hidden)";
    case Display::kValue: break;
  }
  return res.value->ToJson();
}

// A resolution in a few words: for drift, where there is no room for the whole story.
std::string Briefly(const Resolution& res) {
  switch (res.state) {
    case Resolution::State::kKnown: return ValueText(res);
    case Resolution::State::kAbsent: return "not set";
    case Resolution::State::kUnknown: return "known only after apply";
  }
  return "";
}

std::string Joined(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// ---------------------------------------------------------------- text

// One step of a trace, as a link of a chain.
std::string StepText(const TraceStep& s) {
  const std::string in = s.module.empty() ? "" : " in " + s.module;
  std::string text;
  switch (s.kind) {
    case Hop::Kind::kTarget:
      text = s.module.empty() ? s.reference : s.module + "." + s.reference;
      break;
    case Hop::Kind::kInput: text = s.reference + " (input " + s.name + " of " + s.of + ")"; break;
    case Hop::Kind::kUnsetInput:
      text = s.reference + " (input " + s.name + " of " + s.of + ", not set: the variable's default)";
      break;
    case Hop::Kind::kOutput:
      text = s.reference + (s.name.empty() ? " (every output of " + s.of + ")"
                                           : " (output " + s.name + " of " + s.of + ")");
      break;
    case Hop::Kind::kEach: text = s.reference + " (the for_each of " + s.of + ")"; break;
    case Hop::Kind::kRootVariable: text = s.reference + " (a root module variable: known when planning)"; break;
    case Hop::Kind::kNoObject: text = s.reference + in + " (names no object)"; break;
    case Hop::Kind::kLocal: text = s.reference + in + " (a local value: the plan does not describe locals)"; break;
    case Hop::Kind::kOpaque: text = s.reference + in + " (plangate cannot follow it)"; break;
  }
  if (s.cut) text += " <- ... (trace cut short)";
  return text;
}

// Each chain from an attribute to where its references end: one line each.
void Chains(const std::vector<TraceStep>& steps, const std::string& so_far, std::vector<std::string>& out) {
  for (const TraceStep& s : steps) {
    std::string chain = so_far.empty() ? StepText(s) : so_far + " <- " + StepText(s);
    if (s.from.empty()) {
      out.push_back(std::move(chain));
    } else {
      Chains(s.from, chain, out);
    }
  }
}

// How many chains one attribute shows; the JSON has the whole trace.
constexpr std::size_t kMaxChains = 20;

void AttributeText(const AttributeExplanation& a, std::string& out) {
  const Resolution& res = a.resolution;
  const std::string marked = res.sensitive && res.state != Resolution::State::kKnown ? " (marked sensitive)" : "";
  switch (res.state) {
    case Resolution::State::kKnown: out += fmt::format("    {} = {}\n", a.Shown(), ValueText(res)); break;
    case Resolution::State::kAbsent:
      out += fmt::format("    {}: absent: {}{}\n", a.Shown(), res.reason, marked);
      if (a.after_unknown) {
        out += "      after_unknown marks it, yet the configuration sets nothing behind it: the provider's default "
               "applies\n";
      }
      break;
    case Resolution::State::kUnknown: {
      out += fmt::format("    {}: known only after apply{}\n", a.Shown(), marked);
      std::vector<std::string> chains;
      Chains(a.trace, "", chains);
      for (std::size_t i = 0; i < chains.size() && i < kMaxChains; ++i) out += "      from: " + chains[i] + "\n";
      if (chains.size() > kMaxChains) {
        out += fmt::format("      ... and {} more (--format json has them all)\n", chains.size() - kMaxChains);
      }
      if (!res.depends_on.empty()) out += "      check says it depends on: " + Joined(res.depends_on) + "\n";
      if (chains.empty() && res.depends_on.empty()) out += "      computed by the provider\n";
      break;
    }
  }
  for (const auto& [id, value] : a.defaults) out += fmt::format("      default: {} (declared by {})\n", value->ToJson(), id);
  if (a.drifted) {
    out += fmt::format("      outside Terraform: was {}, found {} (resource_drift)\n", Briefly(a.drift_before),
                       Briefly(a.drift_after));
  }
  out += "      read by: " + Joined(a.read_by) + "\n";
}

std::string VerdictText(const policy::Finding& f) {
  switch (report::Classify(f, {})) {
    case report::Outcome::kPass: return "pass";
    case report::Outcome::kBlocking: return "fail (closes the gate)";
    case report::Outcome::kAdvisory: return "fail (advisory: reported, never blocking)";
    case report::Outcome::kUnknown:
    case report::Outcome::kBlockingUnknown: return "unknown (known only after apply)";
    case report::Outcome::kWaived: return "waived";
  }
  return policy::VerdictName(f.verdict);
}

std::string DecidedByText(const PolicyExplanation& pe) {
  std::string text;
  for (int i = 0; i < pe.nots; ++i) text += "not ";
  return text + ConditionText(*pe.decided_by, pe.finding->sensitive) + "  (" + pe.decided_by->location.ToString() + ")";
}

void PolicyText(const PolicyExplanation& pe, std::string& out) {
  const policy::Policy& p = *pe.policy;
  if (!pe.finding) {
    out += fmt::format("    {}: not judged: {}\n", p.id, pe.not_judged);
    return;
  }
  const policy::Finding& f = *pe.finding;
  out += fmt::format("    {}: {}  [{}, {}]\n", p.id, VerdictText(f), p.severity, policy::EnforcementName(p.enforcement));
  out += "      decided by: " + DecidedByText(pe) + "\n";
  out += "      " + f.message + "\n";
}

// ---------------------------------------------------------------- json

void ResolutionJson(const Resolution& res, report::JsonWriter& w) {
  w.BeginObject();
  w.Field("state", resolve::StateName(res.state));
  const Display shown = DisplayOf(res);
  w.Field("sensitive", res.sensitive);
  if (res.state == Resolution::State::kKnown) {
    w.Field("sensitive_parts", shown == Display::kParts);
    if (shown == Display::kValue) {
      w.Key("value");
      w.Raw(res.value->ToJson());
    } else if (shown == Display::kParts) {
      w.Field("shown", res.value->ToJson(res.sensitive_parts));
    }
  }
  if (res.state == Resolution::State::kAbsent) w.Field("reason", res.reason);
  if (res.state == Resolution::State::kUnknown) w.Field("depends_on", res.depends_on);
  w.EndObject();
}

void StepJson(const TraceStep& s, report::JsonWriter& w) {
  w.BeginObject();
  w.Field("kind", StepKindName(s.kind));
  w.Field("reference", s.reference);
  w.Field("module", s.module);
  if (!s.name.empty()) w.Field("name", s.name);
  if (!s.of.empty()) w.Field("of", s.of);
  if (s.cut) w.Field("cut", true);
  w.Key("from");
  w.BeginArray();
  for (const TraceStep& f : s.from) StepJson(f, w);
  w.EndArray();
  w.EndObject();
}

void AttributeJson(const AttributeExplanation& a, report::JsonWriter& w) {
  w.BeginObject();
  w.Field("attribute", a.path.text());
  w.Field("of", SideName(a.side));
  if (a.side == resolve::Side::kAfter) w.Field("after_unknown", a.after_unknown);
  w.Key("resolved");
  ResolutionJson(a.resolution, w);
  if (a.resolution.state == Resolution::State::kUnknown) {
    w.Key("trace");
    w.BeginArray();
    for (const TraceStep& s : a.trace) StepJson(s, w);
    w.EndArray();
  }
  if (a.resolution.state == Resolution::State::kAbsent) {
    w.Key("defaults");
    w.BeginArray();
    for (const auto& [id, value] : a.defaults) {
      w.BeginObject();
      w.Field("policy", id);
      w.Key("value");
      w.Raw(value->ToJson());
      w.EndObject();
    }
    w.EndArray();
  }
  if (a.drifted) {
    w.Key("drift");
    w.BeginObject();
    w.Key("before");
    ResolutionJson(a.drift_before, w);
    w.Key("after");
    ResolutionJson(a.drift_after, w);
    w.EndObject();
  }
  w.Field("read_by", a.read_by);
  w.EndObject();
}

void PolicyJson(const PolicyExplanation& pe, report::JsonWriter& w) {
  const policy::Policy& p = *pe.policy;
  w.BeginObject();
  w.Field("id", p.id);
  w.Field("title", p.title);
  w.Field("severity", p.severity);
  w.Field("enforcement", policy::EnforcementName(p.enforcement));
  w.Field("on_unknown", policy::OnUnknownName(p.on_unknown));
  w.Field("source", p.location.ToString());
  if (!pe.finding) {
    w.Field("verdict", "not_judged");
    w.Field("not_judged", pe.not_judged);
    w.EndObject();
    return;
  }
  const policy::Finding& f = *pe.finding;
  w.Field("verdict", policy::VerdictName(f.verdict));
  w.Field("blocking", report::IsBlocking(report::Classify(f, {})));
  w.Field("unknown", f.unknown);
  w.Field("attribute", f.attribute);
  w.Key("decided_by");
  w.BeginObject();
  std::string condition;
  for (int i = 0; i < pe.nots; ++i) condition += "not ";
  w.Field("condition", condition + ConditionText(*pe.decided_by, f.sensitive));
  w.Field("location", pe.decided_by->location.ToString());
  w.EndObject();
  w.Field("message", f.message);
  w.Field("depends_on", f.depends_on);
  w.Field("sensitive", f.sensitive);
  w.Field("drift", f.drift);
  w.EndObject();
}

}  // namespace

std::string RenderText(const std::vector<ResourceExplanation>& explained) {
  std::string out;
  for (const ResourceExplanation& e : explained) {
    const resolve::ResolvedResource& r = *e.resource;
    const plan::Resource& res = *r.resource;
    if (!out.empty()) out += "\n";
    out += res.address + "\n";
    out += fmt::format("  input: {} ({})\n", r.plan->source, r.plan->kind == plan::DocumentKind::kPlan ? "plan" : "state");
    if (r.plan->errored) out += fmt::format("  {} {}\n", r.plan->source, report::PartialPlanNote());
    out += "  type: " + res.type + "\n";
    if (r.change != resolve::Change::kNone) {
      out += "  change: " + std::string(resolve::ChangeName(r.change));
      out += res.actions.size() > 1 ? " [" + Joined(res.actions) + "]\n" : "\n";
    }
    if (res.deposed) out += "  a deposed object (left by an earlier replace), not the current one of this address\n";
    if (std::string words = resolve::ChangeInWords(r); !words.empty()) out += "  " + words + "\n";
    if (!res.previous_address.empty()) out += "  moved from " + res.previous_address + "\n";
    if (res.importing) out += "  this plan imports it\n";
    if (r.drift != nullptr && r.drift->after.is_null()) out += "  outside Terraform, the object was deleted (resource_drift)\n";
    if (e.policies.empty()) {
      out += "  no selected policy targets " + res.type + "\n";
      continue;
    }
    out += "\n  attributes the policies read:\n";
    for (const AttributeExplanation& a : e.attributes) AttributeText(a, out);
    out += "\n  policies:\n";
    for (const PolicyExplanation& pe : e.policies) PolicyText(pe, out);
  }
  return out;
}

std::string RenderJson(const std::vector<ResourceExplanation>& explained) {
  report::JsonWriter w;
  w.BeginObject();
  w.Key("explained");
  w.BeginArray();
  for (const ResourceExplanation& e : explained) {
    const resolve::ResolvedResource& r = *e.resource;
    const plan::Resource& res = *r.resource;
    w.BeginObject();
    w.Field("input", r.plan->source);
    w.Field("kind", r.plan->kind == plan::DocumentKind::kPlan ? "plan" : "state");
    w.Field("errored", r.plan->errored);
    w.Field("address", res.address);
    w.Field("type", res.type);
    w.Field("change", resolve::ChangeName(r.change));
    w.Field("actions", res.actions);
    w.Field("change_in_words", resolve::ChangeInWords(r));
    w.Field("deposed", res.deposed);
    w.Field("action_reason", res.action_reason);
    std::vector<std::string> paths;
    if (const plan::Value* p = r.change_values.Find("replace_paths")) {
      for (const plan::Value& v : p->items()) paths.emplace_back(v.text());
    }
    w.Field("replace_paths", paths);
    w.Field("deleted_outside_terraform", r.drift != nullptr && r.drift->after.is_null());
    w.Key("attributes");
    w.BeginArray();
    for (const AttributeExplanation& a : e.attributes) AttributeJson(a, w);
    w.EndArray();
    w.Key("policies");
    w.BeginArray();
    for (const PolicyExplanation& pe : e.policies) PolicyJson(pe, w);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

const std::vector<std::string>& FormatNames() {
  static const std::vector<std::string> names = {"text", "json"};
  return names;
}

std::string Render(const std::string& format, const std::vector<ResourceExplanation>& explained) {
  return format == "json" ? RenderJson(explained) : RenderText(explained);
}

}  // namespace plangate::explain
