#include "resolve/resolver.h"

#include <algorithm>

#include "plan/address.h"
#include "resolve/references.h"

namespace plangate::resolve {
namespace {

using plan::Value;

// The action lists Terraform writes, what each is in plangate's words, and its name.
struct ActionKind {
  std::vector<std::string> actions;
  Change change;
  const char* name;
};

const std::vector<ActionKind>& KnownActions() {
  static const std::vector<ActionKind> kinds = {
      {{"no-op"}, Change::kNoOp, "no-op"},
      {{"create"}, Change::kCreate, "create"},
      {{"update"}, Change::kUpdate, "update"},
      {{"delete", "create"}, Change::kDeleteThenCreate, "delete-then-create"},
      {{"create", "delete"}, Change::kCreateThenDelete, "create-then-delete"},
      {{"create", "forget"}, Change::kCreateThenForget, "create-then-forget"},
      {{"read"}, Change::kRead, "read"},
      {{"delete"}, Change::kDelete, "delete"},
      {{"forget"}, Change::kForget, "forget"},
  };
  return kinds;
}

// A replace path as written (keys and indexes) in plangate's path syntax; "" when it
// does not start with a key.
std::string ReplacePathText(const Value& path) {
  std::vector<PathSegment> segments;
  if (!path.is_array()) return "";
  for (const Value& step : path.items()) {
    if (step.is_string()) {
      segments.push_back({PathSegment::Kind::kKey, std::string(step.text()), 0});
    } else if (step.is_number() && !step.text().empty() && step.text().size() <= 18 &&
               step.text().find_first_not_of("0123456789") == std::string_view::npos) {
      // At most 18 digits: an index that fits, never an exception.
      segments.push_back({PathSegment::Kind::kIndex, "", std::stoul(std::string(step.text()))});
    } else {
      return "";
    }
  }
  if (segments.empty() || segments.front().kind != PathSegment::Kind::kKey) return "";
  return AttrPath::FromSegments(std::move(segments)).text();
}

// What `of: change` conditions read of `r` (resolver.h: ResolvedResource::change_values).
Value ChangeValues(const plan::Resource& r, Change change) {
  Value::Members m;
  if (change != Change::kNone) {
    m.emplace_back("action", Value::String(ChangeName(change)));
    std::vector<Value> actions;
    for (const std::string& a : r.actions) actions.push_back(Value::String(a));
    m.emplace_back("actions", Value::Array(std::move(actions)));
  }
  if (!r.action_reason.empty()) m.emplace_back("action_reason", Value::String(r.action_reason));
  if (r.replace_paths.is_array()) {
    std::vector<Value> paths;
    for (const Value& p : r.replace_paths.items()) {
      std::string text = ReplacePathText(p);
      paths.push_back(text.empty() ? Value::String(p.ToJson()) : Value::String(text));
    }
    m.emplace_back("replace_paths", Value::Array(std::move(paths)));
  }
  if (change != Change::kNone) m.emplace_back("importing", Value::Bool(r.importing));
  if (!r.previous_address.empty()) m.emplace_back("previous_address", Value::String(r.previous_address));
  m.emplace_back("deposed", Value::Bool(r.deposed));
  return Value::Object(std::move(m));
}

std::string JoinActions(const std::vector<std::string>& actions) {
  std::string out = "[";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    out += (i ? ", \"" : "\"") + actions[i] + "\"";
  }
  return out + "]";
}

const plan::ConfigResource* FindConfig(const plan::Plan& plan, const plan::Resource& r,
                                       const std::vector<std::string>& calls) {
  if (!plan.has_configuration) return nullptr;
  const plan::ConfigModule* m = FindModule(plan.configuration, calls, calls.size());
  if (m == nullptr) return nullptr;
  auto by_type = m->index.find(r.type);
  if (by_type == m->index.end()) return nullptr;
  auto hit = by_type->second.find(r.name);
  if (hit == by_type->second.end()) return nullptr;
  const plan::ConfigResource& c = m->resources[hit->second];
  return c.mode.empty() || c.mode == r.mode ? &c : nullptr;
}

const Value* Step(const Value* v, const PathSegment& s) {
  if (v == nullptr) return nullptr;
  return s.kind == PathSegment::Kind::kKey ? v->Find(s.key) : v->At(s.index);
}

// The most dependencies one unknown names: a whole module's outputs can fan out.
constexpr std::size_t kMaxDependsOn = 64;
// Module hops followed: a cycle goes no further.
constexpr int kMaxTraceDepth = 32;

// Appends what `ref`, written in module instance `at` (where `each` means `each`),
// depends on, named where it comes from: followed (Follow) through module inputs,
// module outputs and for_each to the references that lead nowhere further (a
// resource's attribute, a root variable, a local), each qualified with its module
// path (instance keys dropped) as written, once.
void Trace(const plan::Plan& plan, std::string_view ref, const std::vector<plan::ModuleStep>& at, const Value* each,
           int depth, std::vector<std::string>& out) {
  if (out.size() >= kMaxDependsOn) return;
  auto name = [&] {
    std::vector<std::string> calls;
    for (const plan::ModuleStep& s : at) calls.push_back(s.name);
    std::string q = calls.empty() ? std::string(ref) : plan::ModulePathText(calls) + "." + std::string(ref);
    if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(std::move(q));
  };
  if (depth >= kMaxTraceDepth) return name();
  Hop hop = Follow(plan, ref, at, each);
  if (hop.kind != Hop::Kind::kInput && hop.kind != Hop::Kind::kOutput && hop.kind != Hop::Kind::kEach) return name();
  bool followed = false;
  for (const Hop::Expression& e : hop.expressions) {
    if (e.value == nullptr) continue;
    for (const std::string& next : ReferencesIn(*e.value)) {
      followed = true;
      Trace(plan, next, hop.at, hop.each_of, depth + 1, out);
    }
  }
  if (!followed) name();  // set from no reference: named as written
}

// The attribute is unknown in the plan from its first `unknown_at` segments on. The configuration
// tells why: an expression with references (truly unknown), or nothing at all (the
// provider computes it, so its default applies).
Resolution ClassifyUnknown(const ResolvedResource& r, const AttrPath& path, std::size_t unknown_at) {
  Resolution res;
  if (r.config == nullptr) {
    // Terraform always writes the configuration; a document without it is trimmed.
    // Not knowing whether it is set, the gate takes the provider default (fails closed).
    res.state = Resolution::State::kAbsent;
    res.reason = path.Prefix(unknown_at) + " is known only after apply and the plan has no "
                 "configuration for this resource; taken as not set";
    return res;
  }
  // In `expressions`, a key leads to an expression object or to a list of blocks;
  // an index leads to a block (an object of attribute name -> expression or blocks).
  const Value* node = &r.config->expressions;
  const auto& segs = path.segments();
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Value* child = Step(node, segs[i]);
    if (child == nullptr || child->is_null()) {
      res.state = Resolution::State::kAbsent;
      res.reason = path.Prefix(i + 1) + " is not set in the configuration";
      return res;
    }
    if (segs[i].kind == PathSegment::Kind::kKey && child->is_object()) {
      res.state = Resolution::State::kUnknown;
      std::vector<std::string> refs = LongestReferences(child->Find("references"));
      const Value* each = r.config->for_each.is_null() ? nullptr : &r.config->for_each;
      for (const std::string& ref : refs) Trace(*r.plan, ref, r.module_path, each, 0, res.depends_on);
      return res;
    }
    node = child;
  }
  res.state = Resolution::State::kUnknown;  // the path names a block the provider computes
  return res;
}

}  // namespace

const plan::ConfigModule* FindModule(const plan::ConfigModule& root,
                                     const std::vector<std::string>& calls, std::size_t depth) {
  const plan::ConfigModule* m = &root;
  for (std::size_t i = 0; i < depth && i < calls.size(); ++i) {
    auto it = m->module_calls.find(calls[i]);
    if (it == m->module_calls.end() || it->second.module.empty()) return nullptr;
    m = &it->second.module.front();
  }
  return m;
}

std::vector<std::string> LongestReferences(const Value* refs) {
  std::vector<std::string> all;
  if (refs == nullptr || !refs->is_array()) return all;
  for (const Value& r : refs->items()) {
    if (r.is_string()) all.emplace_back(r.text());
  }
  std::vector<std::string> out;
  for (const std::string& r : all) {
    bool is_prefix = std::any_of(all.begin(), all.end(), [&](const std::string& other) {
      return other.size() > r.size() && other.compare(0, r.size(), r) == 0 &&
             (other[r.size()] == '.' || other[r.size()] == '[');
    });
    if (!is_prefix && std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
  return out;
}

std::string ReasonInWords(std::string_view code) {
  for (const ActionReason& reason : kActionReasons) {
    if (reason.code == code) return std::string(reason.words) + " (" + std::string(code) + ")";
  }
  return std::string(code);
}

std::string ListInWords(const Value& list) {
  std::string out;
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    if (i > 0) out += i + 1 == list.items().size() ? " and " : ", ";
    out += list.items()[i].text();
  }
  return out;
}

std::string ChangeInWords(const ResolvedResource& r) {
  std::string what;
  switch (r.change) {
    case Change::kDelete: what = r.resource->deposed ? "this plan deletes this deposed object" : "this plan deletes it"; break;
    case Change::kDeleteThenCreate: what = "this plan replaces it, deleting it first"; break;
    case Change::kCreateThenDelete: what = "this plan replaces it, creating the new one first"; break;
    case Change::kCreateThenForget: what = "this plan replaces it and forgets the old one, which is not destroyed"; break;
    case Change::kForget: what = "this plan forgets it, which does not destroy it"; break;
    default: break;
  }
  const Value* paths = r.change_values.Find("replace_paths");
  const std::string& reason = r.resource->action_reason;
  if (paths != nullptr && paths->is_array() && !paths->items().empty()) {
    // The paths say why: the reason's code is enough after them.
    if (what.empty()) what = "this plan replaces it";
    what += ", because " + ListInWords(*paths);
    what += paths->items().size() == 1 ? " changes" : " change";
    if (!reason.empty()) what += " (" + reason + ")";
  } else if (!reason.empty()) {
    if (what.empty()) what = "this plan changes it";
    what += ": " + ReasonInWords(reason);
  }
  return what;
}

const char* ChangeName(Change c) {
  for (const ActionKind& k : KnownActions()) {
    if (k.change == c) return k.name;
  }
  return "";
}

bool ExistsAfterApply(const ResolvedResource& r) {
  if (r.resource->deposed) return false;
  switch (r.change) {
    case Change::kDelete:
    case Change::kForget:
    case Change::kRead:
      return false;
    default:
      return true;
  }
}

bool Destroys(const ResolvedResource& r) {
  return r.change == Change::kDelete || r.change == Change::kDeleteThenCreate ||
         r.change == Change::kCreateThenDelete;
}

bool InScope(const ResolvedResource& r, Scope s) {
  switch (s) {
    case Scope::kAfterApply: return ExistsAfterApply(r);
    case Scope::kDestroyed: return Destroys(r);
    case Scope::kChanges: return r.change != Change::kNone;
  }
  return false;
}

Result<std::vector<ResolvedResource>> SelectResources(const plan::Plan& plan,
                                                      const SelectOptions& options) {
  std::vector<ResolvedResource> out;
  if (plan.kind != plan::DocumentKind::kPlan && options.only_changes) return out;  // a state changes nothing
  for (const plan::Resource& r : plan.resources) {
    if (r.mode != "managed") continue;
    Change change = Change::kNone;
    if (plan.kind == plan::DocumentKind::kPlan) {
      const auto& kinds = KnownActions();
      auto kind = std::find_if(kinds.begin(), kinds.end(),
                               [&](const ActionKind& k) { return k.actions == r.actions; });
      if (kind == kinds.end()) {
        return Error::Input(plan.source, r.address,
                            "unknown change actions " + JoinActions(r.actions),
                            "this plan is from a newer Terraform than plangate knows; upgrade plangate");
      }
      change = kind->change;
      if (change == Change::kNoOp && options.only_changes) continue;
    } else if (r.deposed) {
      continue;  // a state's deposed object is on its way out: nothing judges it
    }
    ResolvedResource rr;
    rr.plan = &plan;
    rr.resource = &r;
    rr.change = change;
    if (plan.kind == plan::DocumentKind::kPlan) {
      Result<std::vector<plan::ModuleStep>> steps = plan::ModuleInstancePath(r.module_address);
      if (!steps) {
        return Error::Input(plan.source, r.address, steps.error().message(),
                            "expected module_address as Terraform writes it");
      }
      rr.module_path = std::move(steps).value();
      for (const plan::ModuleStep& s : rr.module_path) rr.module_calls.push_back(s.name);
      rr.config = FindConfig(plan, r, rr.module_calls);
      for (const plan::Resource& d : plan.drift) {
        if (d.address == r.address && d.deposed == r.deposed) rr.drift = &d;
      }
    }
    rr.change_values = ChangeValues(r, change);
    out.push_back(std::move(rr));
  }
  return out;
}

Resolution Resolve(const ResolvedResource& r, const AttrPath& path, Side side) {
  static const Value kNothing;
  const Value* after = side == Side::kAfter ? &r.resource->after
                     : side == Side::kBefore ? &r.resource->before : &r.change_values;
  const Value* unknown = side == Side::kAfter ? &r.resource->after_unknown : &kNothing;
  const Value* sensitive = side == Side::kAfter ? &r.resource->after_sensitive
                         : side == Side::kBefore ? &r.resource->before_sensitive : &kNothing;
  if (side == Side::kBefore && after->is_null()) {
    Resolution res;
    res.state = Resolution::State::kAbsent;
    res.reason = r.change == Change::kNone ? "a state has no object before a change"
                                           : "there is no object before this change (the plan " +
                                                 std::string(ChangeName(r.change)) + "s it)";
    return res;
  }
  bool is_sensitive = false;
  const auto& segs = path.segments();
  std::size_t depth = 0;  // segments walked
  for (std::size_t i = 0; i < segs.size(); ++i, depth = i) {
    // Marks on an enclosing value cover everything inside it.
    if (sensitive != nullptr && sensitive->is_true()) is_sensitive = true;
    if (unknown != nullptr && unknown->is_true()) break;
    after = Step(after, segs[i]);
    unknown = Step(unknown, segs[i]);
    sensitive = Step(sensitive, segs[i]);
    if ((after == nullptr || after->is_null()) && !(unknown != nullptr && unknown->is_true())) {
      Resolution res;
      res.state = Resolution::State::kAbsent;
      res.sensitive = is_sensitive;
      if (segs[i].kind == PathSegment::Kind::kIndex) {
        res.reason = path.Prefix(i) + " is empty";  // a block list `[]`
      } else {
        res.reason = path.Prefix(i + 1) + (after != nullptr ? " is null" : " is not set");
      }
      return res;
    }
  }
  if (sensitive != nullptr && sensitive->is_true()) is_sensitive = true;
  if (unknown != nullptr && unknown->is_true()) {
    Resolution res = ClassifyUnknown(r, path, depth);
    res.sensitive = is_sensitive;
    return res;
  }
  Resolution res;
  res.state = Resolution::State::kKnown;
  res.value = after;
  res.sensitive = is_sensitive;
  res.sensitive_parts = sensitive;
  return res;
}

const char* StateName(Resolution::State s) {
  switch (s) {
    case Resolution::State::kKnown: return "known";
    case Resolution::State::kAbsent: return "absent";
    case Resolution::State::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace plangate::resolve
