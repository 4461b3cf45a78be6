#include "explain/explain.h"

#include <algorithm>

#include "policy/operators.h"

namespace plangate::explain {
namespace {

using policy::Condition;
using resolve::AttrPath;
using resolve::PathSegment;
using resolve::Resolution;
using resolve::Side;

// Whether `concrete` (keys and indexes) is a path `pattern` covers: each [*] stands
// for any index.
bool Covers(const AttrPath& pattern, const AttrPath& concrete) {
  const auto& p = pattern.segments();
  const auto& c = concrete.segments();
  if (p.size() != c.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i].kind == PathSegment::Kind::kEach && c[i].kind == PathSegment::Kind::kIndex) continue;
    if (p[i].kind != c[i].kind || p[i].key != c[i].key || p[i].index != c[i].index) return false;
  }
  return true;
}

std::string SidePrefix(Side side) {
  return side == Side::kBefore ? "before." : side == Side::kChange ? "change." : "";
}

void AddRead(Side side, const AttrPath& path, std::vector<Read>& out) {
  for (const Read& r : out) {
    if (r.side == side && r.path.text() == path.text()) return;
  }
  out.push_back({side, path});
}

AttrPath Root(const std::string& name) { return AttrPath::FromSegments({{PathSegment::Kind::kKey, name, 0}}); }

// The reads of `c` on the resource it is evaluated on (a related resource's are its own).
void CollectReads(const Condition& c, const std::string& type, std::vector<Read>& out) {
  switch (c.kind) {
    case Condition::Kind::kTest: AddRead(c.side, c.attribute, out); return;
    case Condition::Kind::kRelated:
      for (const std::string& root : c.related->OwnRoots()) AddRead(Side::kAfter, Root(root), out);
      return;
    case Condition::Kind::kByType:
      for (std::size_t i = 0; i < c.names.size(); ++i) {
        if (c.names[i] == type) CollectReads(c.children[i], type, out);
      }
      return;
    default:
      for (const Condition& child : c.children) CollectReads(child, type, out);
  }
}

// The first condition under `c` (for `type`) that `want` accepts, with the `not`s above it.
template <typename Want>
const Condition* FindCondition(const Condition& c, const std::string& type, const Want& want, int& nots) {
  if (want(c)) return &c;
  for (std::size_t i = 0; i < c.children.size(); ++i) {
    if (c.kind == Condition::Kind::kByType && c.names[i] != type) continue;
    const Condition* hit = FindCondition(c.children[i], type, want, nots);
    if (hit != nullptr) {
      nots += c.kind == Condition::Kind::kNot;
      return hit;
    }
  }
  return nullptr;
}

// The condition of `policy` that decided `f` (PolicyExplanation::decided_by).
const Condition* DecidedBy(const policy::Policy& policy, const policy::Finding& f, const std::string& type,
                           int& nots) {
  nots = 0;
  if (!f.attribute.empty()) {
    // The evaluator names the attribute as messages show it: `before.`/`change.` first,
    // [*]s replaced by indexes, or the list itself when the list decided.
    Side side = Side::kAfter;
    std::string text = f.attribute;
    for (Side s : {Side::kBefore, Side::kChange}) {
      const std::string prefix = SidePrefix(s);
      if (text.compare(0, prefix.size(), prefix) == 0) side = s, text.erase(0, prefix.size());
    }
    Result<AttrPath> decided = AttrPath::Parse(text);
    if (decided) {
      auto test = [&](const Condition& c) {
        if (c.kind != Condition::Kind::kTest || c.side != side) return false;
        if (Covers(c.attribute, decided.value())) return true;
        for (std::size_t i = 0; i < c.attribute.segments().size(); ++i) {
          bool each = c.attribute.segments()[i].kind == PathSegment::Kind::kEach;
          if (each && Covers(c.attribute.Head(i), decided.value())) return true;
        }
        return false;
      };
      if (const Condition* hit = FindCondition(policy.condition, type, test, nots)) return hit;
    }
  }
  auto other = [](const Condition& c) {
    return c.kind == Condition::Kind::kRelated || c.kind == Condition::Kind::kAction ||
           c.kind == Condition::Kind::kType;
  };
  nots = 0;
  if (const Condition* hit = FindCondition(policy.condition, type, other, nots)) return hit;
  nots = 0;
  return &policy.condition;
}

// Why a policy in scope of `r`'s type does not judge it.
std::string OutOfScope(const policy::Policy& p, const resolve::ResolvedResource& r) {
  switch (p.judges) {
    case resolve::Scope::kAfterApply:
      if (r.resource->deposed) return "it judges what exists after apply, and a deposed object does not";
      return "it judges what exists after apply, and this plan " + std::string(resolve::ChangeName(r.change)) +
             "s it";
    case resolve::Scope::kDestroyed:
      return "it judges objects whose data the plan destroys, and this plan does not destroy it";
    case resolve::Scope::kChanges:
      return "it judges changes, and a state has none";
  }
  return "";
}

// Expands `path`'s [*]s on `r` into `out`: each element's path, or the list's own when
// it has no elements or is not a known list.
void Expand(const resolve::ResolvedResource& r, Side side, const AttrPath& path, std::vector<AttrPath>& out) {
  const std::size_t each = path.FirstEach();
  if (each == std::string::npos) {
    out.push_back(path);
    return;
  }
  AttrPath list = path.Head(each);
  Resolution res = resolve::Resolve(r, list, side);
  const std::size_t n = res.state == Resolution::State::kKnown && res.value->is_array() ? res.value->items().size() : 0;
  if (n == 0) out.push_back(std::move(list));
  for (std::size_t i = 0; i < n; ++i) Expand(r, side, path.WithIndex(each, i), out);
}

// Whether `mirror` (after_unknown) is true at `path` or at a block holding it.
bool MarkedAt(const plan::Value& mirror, const AttrPath& path) {
  const plan::Value* at = &mirror;
  for (const PathSegment& s : path.segments()) {
    if (at->is_true()) return true;
    at = s.kind == PathSegment::Kind::kKey ? at->Find(s.key) : at->At(s.index);
    if (at == nullptr) return false;
  }
  return at->is_true();
}

bool SameResolution(const Resolution& a, const Resolution& b) {
  if (a.state != b.state || a.sensitive != b.sensitive) return false;
  return a.state != Resolution::State::kKnown || *a.value == *b.value;
}

}  // namespace

std::string AttributeExplanation::Shown() const { return SidePrefix(side) + path.text(); }

std::vector<Read> ReadsOf(const policy::Policy& policy, const std::string& type) {
  std::vector<Read> out;
  if (policy.where) CollectReads(*policy.where, type, out);
  CollectReads(policy.condition, type, out);
  for (const policy::Note& note : policy.explain) {
    if (note.when) CollectReads(*note.when, type, out);
    for (const policy::NotePart& part : note.parts) {
      if (part.field) AddRead(part.side, part.path, out);
    }
  }
  return out;
}

ResourceExplanation Explain(const std::vector<const policy::Policy*>& policies, const resolve::ResolvedResource& r,
                            const policy::Context& context) {
  ResourceExplanation out;
  out.resource = &r;
  const std::string& type = r.resource->type;
  for (const policy::Policy* p : policies) {
    PolicyExplanation pe;
    pe.policy = p;
    if (!resolve::InScope(r, p->judges)) {
      pe.not_judged = OutOfScope(*p, r);
    } else if (std::optional<policy::Finding> f = policy::Evaluate(*p, r, &context)) {
      pe.decided_by = DecidedBy(*p, *f, type, pe.nots);
      pe.finding = std::move(f);
    } else {
      pe.not_judged = "its where excludes this resource (" + p->where->location.ToString() + ")";
    }
    // What the evaluation read: nothing out of scope; only the where that excluded it.
    std::vector<Read> reads;
    if (pe.finding) {
      reads = ReadsOf(*p, type);
    } else if (resolve::InScope(r, p->judges)) {  // its where excluded it
      CollectReads(*p->where, type, reads);
    }
    out.policies.push_back(std::move(pe));

    for (const Read& read : reads) {
      std::vector<AttrPath> paths;
      Expand(r, read.side, read.path, paths);
      for (AttrPath& path : paths) {
        auto same = [&](const AttributeExplanation& a) { return a.side == read.side && a.path.text() == path.text(); };
        auto it = std::find_if(out.attributes.begin(), out.attributes.end(), same);
        if (it == out.attributes.end()) {
          AttributeExplanation a;
          a.side = read.side;
          a.path = std::move(path);
          a.resolution = resolve::Resolve(r, a.path, a.side);
          it = out.attributes.insert(out.attributes.end(), std::move(a));
        }
        if (std::find(it->read_by.begin(), it->read_by.end(), p->id) == it->read_by.end()) it->read_by.push_back(p->id);
      }
    }
  }
  std::stable_sort(out.attributes.begin(), out.attributes.end(),
                   [](const AttributeExplanation& a, const AttributeExplanation& b) { return a.side < b.side; });
  for (AttributeExplanation& a : out.attributes) {
    const Resolution::State state = a.resolution.state;
    a.after_unknown = a.side == Side::kAfter && MarkedAt(r.resource->after_unknown, a.path);
    if (state == Resolution::State::kUnknown) a.trace = TraceOf(r, a.path);
    if (state == Resolution::State::kAbsent) {
      for (const policy::Policy* p : policies) {
        if (std::find(a.read_by.begin(), a.read_by.end(), p->id) == a.read_by.end()) continue;
        for (const auto& [key, value] : p->defaults) {
          Result<AttrPath> pattern = AttrPath::Parse(key);
          if (pattern && Covers(pattern.value(), a.path)) a.defaults.emplace_back(p->id, &value);
        }
      }
    }
    // A drift that deleted the object is said once, of the resource.
    if (r.drift != nullptr && !r.drift->after.is_null() && a.side == Side::kAfter) {
      // The drift entry read as a change: before, what Terraform last wrote; after, what it found.
      resolve::ResolvedResource drift = r;
      drift.resource = r.drift;
      a.drift_before = resolve::Resolve(drift, a.path, Side::kBefore);
      a.drift_after = resolve::Resolve(drift, a.path, Side::kAfter);
      a.drifted = !SameResolution(a.drift_before, a.drift_after);
    }
  }
  return out;
}

std::string ConditionText(const Condition& c, bool hide_argument) {
  auto names = [](const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& n : list) out += (out.empty() ? "" : ", ") + n;
    return "[" + out + "]";
  };
  auto children = [&](const char* word) {
    std::string out = std::string(word) + " of (";
    for (std::size_t i = 0; i < c.children.size(); ++i) {
      out += (i ? "; " : "") + ConditionText(c.children[i], hide_argument);
    }
    return out + ")";
  };
  switch (c.kind) {
    case Condition::Kind::kTest: {
      std::string out = SidePrefix(c.side) + c.attribute.text() + " " + std::string(c.op->name);
      if (c.quantifier != policy::Quantifier::kNone) {
        out = std::string(c.quantifier == policy::Quantifier::kEvery ? "for every: " : "for some: ") + out;
      }
      if (c.op->argument == policy::ArgumentKind::kNone) return out;
      if (c.compare_to_before) return out + " its value before this change";
      if (hide_argument) return out + " (argument not shown: the value is sensitive)";
      out += " " + c.argument.ToJson();
      if (!c.param.empty()) out += " (param " + c.param + ")";
      return out;
    }
    case Condition::Kind::kAll: return children("all");
    case Condition::Kind::kAny: return children("any");
    case Condition::Kind::kNot: return "not " + ConditionText(c.children.front(), hide_argument);
    case Condition::Kind::kAction: return "action in " + names(c.names);
    case Condition::Kind::kType: return "type in " + names(c.names);
    case Condition::Kind::kByType: return "by_type " + names(c.names);
    case Condition::Kind::kRelated: return "related " + c.related->type;
  }
  return "";
}

}  // namespace plangate::explain
