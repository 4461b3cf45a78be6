#include "policy/evaluator.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "policy/operators.h"

namespace plangate::policy {
namespace {

using resolve::Resolution;

// Evaluation runs in two steps. Decide walks a condition and settles its truth,
// keeping what it found (resolutions, the children that settled it) but writing no
// text; it alone decides, for a `where` and a `condition` alike. Explain then words
// a decision, reading only what Decide kept: it is run for the results a finding
// reports, and words only the parts of them that the message shows.

// What `not` makes of a truth.
Truth Flip(Truth t) {
  return t == Truth::kPass ? Truth::kFail : t == Truth::kFail ? Truth::kPass : Truth::kUnknown;
}

// What a decision rests on.
enum class Ground {
  kValue,        // a test on one attribute path: `resolution` and `fallback`
  kUnknownList,  // the list a [*] walks is known only after apply: `resolution`
  kNotAList,     // the list a [*] walks is something else
  kNoElements,   // the list a [*] walks is empty or absent: `resolution`
  kElements,     // the list's elements, decided in order: `parts`
  kChildren,     // the children of an all or an any, decided in order: `parts`
  kAction,       // the plan action
  kType,         // the resource type
  kNoBranch,     // a by_type without a child for the type (the compiler prevents it)
  kRelated,      // a related resource: `said`, `depends_on`
};

// A condition decided, with what the decision rests on.
struct Decision {
  Truth truth = Truth::kPass;  // after the `not`s
  int nots = 0;                // the `not`s above, innermost applied first
  Ground ground = Ground::kValue;
  const Condition* condition = nullptr;  // the test, all, any, action, type or by_type
  // kValue and the list grounds: the condition's attribute with its leading [*]s
  // replaced by element indices; empty when that is the attribute itself.
  resolve::AttrPath path;
  // kValue: the attribute's resolution; the list grounds: the list's.
  Resolution resolution;
  // kValue, absent: the provider default that was tested, or null.
  const plan::Value* fallback = nullptr;
  // kValue under compare_to: before: the value before the change the operator was
  // given (or its default), whether it is sensitive, or null when there was none.
  const plan::Value* before = nullptr;
  bool before_sensitive = false;
  // kElements, kChildren: every part decided, none of them decisive (the first
  // decisive part is the decision itself).
  std::vector<Decision> parts;
  // kRelated: the related resource that decided, and how, in words (a relation names
  // its related resource's values as it finds them); what an unknown depends on.
  std::string said;
  std::vector<std::string> depends_on;

  // The truth before the `not`s.
  Truth BaseTruth() const { return nots % 2 == 0 ? truth : Flip(truth); }
  // Whether `part`, one of `parts`, explains this decision: the parts that agree with
  // the result do; the others are neither worded nor reported as read.
  bool Explains(const Decision& part) const { return part.truth == BaseTruth(); }
  const resolve::AttrPath& Path() const { return path.segments().empty() ? condition->attribute : path; }
  // The path as messages show it: `before.` or `change.` first when read there.
  std::string Shown(const std::string& text) const {
    switch (condition->side) {
      case resolve::Side::kAfter: return text;
      case resolve::Side::kBefore: return "before." + text;
      case resolve::Side::kChange: return "change." + text;
    }
    return text;
  }
  std::string PathText() const { return Shown(Path().text()); }
  // The list grounds: the list's path, e.g. `replica` for `replica[*].point_in_time_recovery`.
  std::string ListName() const { return Shown(Path().Prefix(Path().FirstEach())); }
};

// The one provider default a test of an absent attribute uses, or null. Defaults are
// keyed by the path as written (with [*]), so they cover every element; presence
// operators test the attribute itself and take none.
const plan::Value* DefaultFor(const Condition& c, const Policy& policy) {
  if (c.op->presence) return nullptr;
  auto def = policy.defaults.find(c.attribute.text());
  return def == policy.defaults.end() ? nullptr : &def->second;
}

// The truth of a test on a resolved attribute.
Truth TestTruth(const Condition& c, const Resolution& res, const plan::Value* fallback, const plan::Value& argument) {
  switch (res.state) {
    case Resolution::State::kUnknown: return Truth::kUnknown;
    case Resolution::State::kKnown:
      return c.op->holds(*res.value, argument, c.regex.get()) ? Truth::kPass : Truth::kFail;
    case Resolution::State::kAbsent: {
      bool holds = fallback != nullptr ? c.op->holds(*fallback, argument, c.regex.get()) : c.op->absent_holds;
      return holds ? Truth::kPass : Truth::kFail;
    }
  }
  return Truth::kUnknown;
}

// Whether an `action:` name covers `change`: its own name, or `replace` for every
// kind of replace.
bool ActionCovers(std::string_view name, resolve::Change change) {
  if (name == "replace") {
    return change == resolve::Change::kDeleteThenCreate || change == resolve::Change::kCreateThenDelete ||
           change == resolve::Change::kCreateThenForget;
  }
  return name == resolve::ChangeName(change);
}

Decision Grounded(Ground ground, Truth truth, const Condition& c) {
  Decision d;
  d.ground = ground;
  d.truth = truth;
  d.condition = &c;
  return d;
}

// Whether the parts of `c` combine as every (Kleene AND: the elements of an every,
// the children of an all) or as some (Kleene OR).
bool Every(const Condition& c) {
  return c.kind == Condition::Kind::kTest ? c.quantifier == Quantifier::kEvery : c.kind == Condition::Kind::kAll;
}

// Combines `n` parts, decided in order by `decide_part(i)`, into `whole`: the first
// decisive part (a failure of an every, a pass of a some) settles it and is the
// decision; otherwise `whole` keeps them all, unknown when one is. No parts: every
// passes, some fails.
template <class DecidePart>
Decision Combine(Decision& whole, std::size_t n, DecidePart decide_part) {
  const bool every = Every(*whole.condition);
  const Truth decisive = every ? Truth::kFail : Truth::kPass;
  whole.truth = every ? Truth::kPass : Truth::kFail;
  for (std::size_t i = 0; i < n; ++i) {
    Decision part = decide_part(i);
    if (part.truth == decisive) return part;
    if (part.truth == Truth::kUnknown) whole.truth = Truth::kUnknown;
    whole.parts.push_back(std::move(part));
  }
  return std::move(whole);
}

// A test of `c` on `path` (c.attribute with its leading [*]s replaced by indices;
// empty: c.attribute itself). A remaining [*] has each element tested, then combined.
Decision DecideTest(const Condition& c, resolve::AttrPath path, const Policy& policy,
                    const resolve::ResolvedResource& r) {
  Decision d = Grounded(Ground::kValue, Truth::kPass, c);
  d.path = std::move(path);
  const resolve::AttrPath& at = d.Path();
  const std::size_t each = at.FirstEach();
  if (each == std::string::npos) {
    d.resolution = resolve::Resolve(r, at, c.side);
    if (d.resolution.state == Resolution::State::kAbsent) d.fallback = DefaultFor(c, policy);
    if (c.compare_to_before) {
      Resolution before = resolve::Resolve(r, at, resolve::Side::kBefore);
      d.before = before.state == Resolution::State::kKnown    ? before.value
                 : before.state == Resolution::State::kAbsent ? DefaultFor(c, policy)
                                                              : nullptr;
      d.before_sensitive = before.sensitive;
      // No object before this change (a create), or no value and no default: nothing
      // to compare with, so it passes.
      if (r.resource->before.is_null()) d.before = nullptr;
      if (d.before == nullptr) return d;
    }
    d.truth = TestTruth(c, d.resolution, d.fallback, d.before != nullptr ? *d.before : c.argument);
    return d;
  }
  d.resolution = resolve::Resolve(r, at.Head(each), c.side);
  const Resolution& list = d.resolution;
  if (list.state == Resolution::State::kUnknown) {
    d.ground = Ground::kUnknownList;
    d.truth = Truth::kUnknown;
    return d;
  }
  if (list.state == Resolution::State::kKnown && !list.value->is_array()) {
    d.ground = Ground::kNotAList;
    d.truth = Truth::kFail;
    return d;
  }
  const std::size_t n = list.state == Resolution::State::kKnown ? list.value->items().size() : 0;
  d.ground = n == 0 ? Ground::kNoElements : Ground::kElements;
  return Combine(d, n, [&](std::size_t i) { return DecideTest(c, at.WithIndex(each, i), policy, r); });
}

Decision DecideRelated(const Condition& c, const Policy& policy, const resolve::ResolvedResource& r,
                       const Context* ctx);

Decision Decide(const Condition& c, const Policy& policy, const resolve::ResolvedResource& r, const Context* ctx) {
  switch (c.kind) {
    case Condition::Kind::kTest:
      return DecideTest(c, resolve::AttrPath(), policy, r);
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      Decision d = Grounded(Ground::kChildren, Truth::kPass, c);
      d.parts.reserve(c.children.size());
      return Combine(d, c.children.size(), [&](std::size_t i) { return Decide(c.children[i], policy, r, ctx); });
    }
    case Condition::Kind::kNot: {
      Decision d = Decide(c.children.front(), policy, r, ctx);
      d.truth = Flip(d.truth);
      ++d.nots;
      return d;
    }
    case Condition::Kind::kAction: {
      bool hit = std::any_of(c.names.begin(), c.names.end(),
                             [&](const std::string& name) { return ActionCovers(name, r.change); });
      return Grounded(Ground::kAction, hit ? Truth::kPass : Truth::kFail, c);
    }
    case Condition::Kind::kType: {
      bool hit = std::find(c.names.begin(), c.names.end(), r.resource->type) != c.names.end();
      return Grounded(Ground::kType, hit ? Truth::kPass : Truth::kFail, c);
    }
    case Condition::Kind::kByType:
      for (std::size_t i = 0; i < c.names.size(); ++i) {
        if (c.names[i] == r.resource->type) return Decide(c.children[i], policy, r, ctx);
      }
      return Grounded(Ground::kNoBranch, Truth::kFail, c);
    case Condition::Kind::kRelated:
      return DecideRelated(c, policy, r, ctx);
  }
  return Grounded(Ground::kNoBranch, Truth::kUnknown, c);
}

// A decision in words.
struct Explanation {
  std::vector<std::string> reasons;  // sentences from the parts that decided
  std::vector<std::string> depends_on;
  std::string attribute;  // the first deciding test's attribute
  bool sensitive = false;
  // Kept only when a `not` is to word its own failure from them: what a test saw
  // ("x is true") and what its operator expects ("true").
  std::string observed;
  std::string expectation;
  bool hide_expectation = false;  // a sensitive value: the argument is not shown either
  std::string op_name;
};

// The concatenation of `parts`, allocated once: messages are built for every result.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view p : parts) size += p.size();
  std::string out(size, '\0');
  char* at = out.data();
  for (std::string_view p : parts) at = std::copy(p.begin(), p.end(), at);
  return out;
}

Explanation Said(std::string reason, std::string attribute) {
  Explanation o;
  o.reasons.push_back(std::move(reason));
  o.attribute = std::move(attribute);
  return o;
}

// Folds `from` into `into` (reasons, dependencies, sensitivity).
void Absorb(Explanation& into, Explanation&& from) {
  for (std::string& r : from.reasons) {
    if (std::find(into.reasons.begin(), into.reasons.end(), r) == into.reasons.end()) {
      into.reasons.push_back(std::move(r));
    }
  }
  for (std::string& d : from.depends_on) {
    if (std::find(into.depends_on.begin(), into.depends_on.end(), d) == into.depends_on.end()) {
      into.depends_on.push_back(std::move(d));
    }
  }
  if (into.attribute.empty()) into.attribute = std::move(from.attribute);
  into.sensitive = into.sensitive || from.sensitive;
}

std::string Expectation(const Condition& c, const plan::Value* before = nullptr) {
  std::string out(c.op->expected);
  std::size_t at = out.find("{value}");
  if (at != std::string::npos) {
    out.replace(at, 7, before != nullptr ? before->ToJson() + " (its value before this change)" : c.argument.ToJson());
  }
  return out;
}

// "name is known only after apply; depends on a, b" (or computed by the provider).
Explanation Unknown(const std::string& name, const Resolution& res) {
  std::string reason = Cat({name, " is known only after apply"});
  if (res.depends_on.empty()) {
    reason += " (computed by the provider)";
  } else {
    reason += "; depends on ";
    for (std::size_t i = 0; i < res.depends_on.size(); ++i) {
      if (i > 0) reason += ", ";
      reason += res.depends_on[i];
    }
  }
  Explanation o = Said(std::move(reason), name);
  o.depends_on = res.depends_on;
  return o;
}

// A test on one attribute path, decided `truth`; `for_not`: a `not` will word it again.
Explanation ExplainValue(const Decision& d, Truth truth, bool for_not) {
  const Condition& c = *d.condition;
  const Resolution& res = d.resolution;
  const std::string attr = d.PathText();
  const bool holds = truth == Truth::kPass;
  // A value with sensitive parts, or compared with a sensitive value before the change:
  // neither the argument nor the parts are shown.
  const bool partly_sensitive = res.state == Resolution::State::kKnown &&
                                ((res.sensitive_parts != nullptr && res.sensitive_parts->MarksAny()) ||
                                 d.before_sensitive);
  Explanation o;
  switch (res.state) {
    case Resolution::State::kUnknown:
      o = Unknown(attr, res);
      break;
    case Resolution::State::kAbsent: {
      std::string observed = d.fallback == nullptr ? res.reason
                                                   : Cat({res.reason, ", so the provider default ", attr, " = ",
                                                          d.fallback->ToJson(), " applies"});
      if (holds && !for_not) {
        o = Said(std::move(observed), attr);
        break;
      }
      std::string expectation = Expectation(c, d.before);
      // Name the attribute when the reason speaks of an enclosing block.
      if (d.fallback == nullptr && res.reason.compare(0, attr.size(), attr) != 0) {
        expectation += " for ";
        expectation += attr;
      }
      o = Said(holds ? observed : Cat({observed, "; expected ", expectation}), attr);
      if (for_not) {
        o.observed = std::move(observed);
        o.expectation = std::move(expectation);
      }
      break;
    }
    case Resolution::State::kKnown: {
      if (res.sensitive || partly_sensitive) {
        // The policy's argument is not shown either: with the verdict it could give
        // the value away (a failing `not equals "x"` says the value is "x"). A value
        // with sensitive parts inside is shown with those parts hidden.
        std::string observed = res.sensitive ? Cat({attr, " is a sensitive value (not shown)"})
                                             : Cat({attr, " is ", res.value->ToJson(res.sensitive_parts)});
        o = Said(holds ? observed : Cat({observed, "; it does not satisfy ", c.op->name}), attr);
        if (for_not) {
          o.observed = std::move(observed);
          o.hide_expectation = true;
          o.op_name = std::string(c.op->name);
        }
      } else if (holds) {
        o = Said(Cat({attr, " is ", res.value->ToJson()}), attr);
        if (for_not) {
          o.observed = o.reasons.front();
          o.expectation = Expectation(c, d.before);
        }
      } else {
        o = Said(Cat({attr, " is ", res.value->ToJson(), "; expected ", Expectation(c, d.before)}), attr);
      }
      break;
    }
  }
  o.sensitive = res.sensitive || partly_sensitive;
  return o;
}

Explanation Explain(const Decision& d, const resolve::ResolvedResource& r);

// `d` in words, before its `not`s.
Explanation ExplainBase(const Decision& d, const resolve::ResolvedResource& r) {
  const Truth truth = d.BaseTruth();
  const Condition& c = *d.condition;
  switch (d.ground) {
    case Ground::kValue:
      return ExplainValue(d, truth, d.nots > 0);
    case Ground::kUnknownList:
      return Unknown(d.ListName(), d.resolution);
    case Ground::kNotAList: {
      std::string name = d.ListName();
      return Said(name + " is not a list", name);
    }
    case Ground::kNoElements: {
      std::string name = d.ListName();
      std::string why = d.resolution.state == Resolution::State::kAbsent ? d.resolution.reason : name + " is empty";
      if (truth == Truth::kPass) return Said(why + ": no elements to check", name);
      return Said(Cat({why, "; expected at least one element with ", d.PathText(), " ", Expectation(c)}), name);
    }
    case Ground::kElements:
    case Ground::kChildren: {
      // The parts that agree with the result explain it; the others are not worded.
      Explanation o;
      for (const Decision& part : d.parts) {
        if (d.Explains(part)) Absorb(o, Explain(part, r));
      }
      if (!Every(c) && truth == Truth::kFail) {
        o.reasons.insert(o.reasons.begin(), d.ground == Ground::kChildren
                                                ? std::string("none of the alternatives holds")
                                                : Cat({"no element of ", d.ListName(), " matches"}));
      }
      return o;
    }
    case Ground::kAction: {
      std::string_view action = resolve::ChangeName(r.change);
      if (action.empty()) return Said("a state has no plan action", "");
      bool replace = ActionCovers("replace", r.change);
      return Said(Cat({"the plan action is ", replace ? "replace (" : "", action, replace ? ")" : ""}), "");
    }
    case Ground::kType:
      return Said("the type is " + r.resource->type, "");
    case Ground::kNoBranch:
      return Said(truth == Truth::kFail ? "no condition for type " + r.resource->type : "unknown condition", "");
    case Ground::kRelated: {
      Explanation o = Said(d.said, "");
      o.depends_on = d.depends_on;
      return o;
    }
  }
  return Said("unknown condition", "");
}

// `d` in words: what decided it, then what each `not` above made of it.
Explanation Explain(const Decision& d, const resolve::ResolvedResource& r) {
  Explanation o = ExplainBase(d, r);
  Truth truth = d.BaseTruth();
  for (int i = 0; i < d.nots; ++i, truth = Flip(truth)) {
    if (truth != Truth::kPass) continue;
    // A `not` whose condition holds fails: it words that from what the test saw.
    if (o.hide_expectation) {
      o.reasons = {Cat({o.observed, "; it must not satisfy ", o.op_name})};
    } else if (!o.observed.empty()) {
      o.reasons = {Cat({o.observed, "; expected anything but ", o.expectation})};
    } else if (d.ground == Ground::kRelated && i == 0) {
      o.reasons = {Cat({d.said, "; expected no such ", d.condition->related->type})};
    } else {
      o.reasons.push_back("expected the opposite (the condition under 'not' holds)");
    }
  }
  return o;
}

std::string Join(std::vector<std::string>&& reasons) {
  if (reasons.size() == 1) return std::move(reasons.front());
  std::string out;
  for (const std::string& r : reasons) {
    if (!out.empty()) out += "; ";
    out += r;
  }
  return out;
}

// `res` of the attribute the message names `path`, as a Read; `fallback`: the
// provider default that applies when it is absent, or null. A sensitive value is
// left out, and sensitive parts are hidden, as the message hides them.
Read ReadOf(std::string path, const Resolution& res, const plan::Value* fallback) {
  Read read;
  read.path = std::move(path);
  read.state = res.state;
  switch (res.state) {
    case Resolution::State::kKnown:
      read.sensitive = res.sensitive;
      if (!res.sensitive) read.value = res.value->ToJson(res.sensitive_parts);
      break;
    case Resolution::State::kAbsent:
      read.reason = res.reason;
      if (fallback != nullptr) read.value = fallback->ToJson();
      break;
    case Resolution::State::kUnknown:
      read.depends_on = res.depends_on;
      break;
  }
  return read;
}

// Appends to `out` the attributes that the explanation of `d` words (Explain): the
// tests and lists that decided it, each path once.
void AddReads(const Decision& d, std::vector<Read>& out) {
  auto add = [&](std::string path, const plan::Value* fallback) {
    for (const Read& seen : out) {
      if (seen.path == path) return;
    }
    out.push_back(ReadOf(std::move(path), d.resolution, fallback));
  };
  switch (d.ground) {
    case Ground::kValue: add(d.PathText(), d.fallback); break;
    case Ground::kUnknownList: case Ground::kNotAList: case Ground::kNoElements: add(d.ListName(), nullptr); break;
    case Ground::kElements: case Ground::kChildren:
      for (const Decision& part : d.parts) {
        if (d.Explains(part)) AddReads(part, out);
      }
      break;
    case Ground::kAction: case Ground::kType: case Ground::kNoBranch: case Ground::kRelated: break;
  }
}

// What one related resource makes of a `related:` for `r`: its truth, in words.
struct RelatedVerdict {
  Truth truth = Truth::kFail;
  bool near = false;  // a `by` relation holds, yet something else rules it out
  std::string said;
  std::vector<std::string> depends_on;
};

Truth And(Truth a, Truth b) {
  if (a == Truth::kFail || b == Truth::kFail) return Truth::kFail;
  return a == Truth::kUnknown || b == Truth::kUnknown ? Truth::kUnknown : Truth::kPass;
}

RelatedVerdict DecideOne(const Related& rel, const RelatedIndex& index, std::size_t t, const Policy& policy,
                         const resolve::ResolvedResource& r, const Context& ctx) {
  const resolve::ResolvedResource& other = *index.related()[t];
  const std::string& name = other.resource->address;
  RelatedVerdict v;
  Link by;
  for (const Relation& item : rel.by) {
    Link l = Relate(item, Role::kBy, other, r);
    if (l.truth == Truth::kPass || (l.truth == Truth::kUnknown && by.truth == Truth::kFail)) by = std::move(l);
    if (by.truth == Truth::kPass) break;
  }
  if (by.truth == Truth::kFail) return v;
  auto near = [&](const std::string& but) {
    v.near = true;
    v.said = Cat({name, " would relate to it (", by.why, "), but ", but});
    return v;
  };
  if (index.gone(t)) return near(Cat({"this plan ", resolve::ChangeName(other.change), "s it"}));
  Truth truth = by.truth;
  std::vector<std::string> unknowns;
  if (by.truth == Truth::kUnknown) unknowns.push_back(by.why), v.depends_on = by.depends_on;
  if (rel.where) {
    Truth w = ctx.WhereOf(rel, t, policy);
    if (w == Truth::kFail) {
      Explanation why = Explain(Decide(*rel.where, policy, other, &ctx), other);
      return near(Cat({"its where does not hold: ", Join(std::move(why.reasons))}));
    }
    if (w == Truth::kUnknown) {
      Explanation why = Explain(Decide(*rel.where, policy, other, &ctx), other);
      unknowns.push_back(Cat({"its where is unknown: ", Join(std::move(why.reasons))}));
      v.depends_on.insert(v.depends_on.end(), why.depends_on.begin(), why.depends_on.end());
      truth = And(truth, w);
    }
  }
  for (const auto& [list, role] : {std::pair{&rel.require, Role::kRequire}, std::pair{&rel.except, Role::kExcept}}) {
    for (const Relation& item : *list) {
      Link l = Relate(item, role, other, r);
      Truth t = role == Role::kExcept ? Flip(l.truth) : l.truth;
      if (t == Truth::kFail) return near(Cat({l.why, role == Role::kExcept ? " (except)" : " (require)"}));
      if (t == Truth::kUnknown) {
        unknowns.push_back(l.why);
        v.depends_on.insert(v.depends_on.end(), l.depends_on.begin(), l.depends_on.end());
      }
      truth = And(truth, t);
    }
  }
  v.truth = truth;
  if (truth == Truth::kPass) {
    v.said = Cat({name, " relates to it: ", by.why});
  } else {
    std::string all;
    for (const std::string& u : unknowns) all += (all.empty() ? "" : "; ") + u;
    v.said = Cat({name, " may relate to it: ", all});
  }
  return v;
}

// How many related resources that would relate, but do not, a failure names.
constexpr std::size_t kNearMisses = 3;

Decision DecideRelated(const Condition& c, const Policy& policy, const resolve::ResolvedResource& r,
                       const Context* ctx) {
  Decision d = Grounded(Ground::kRelated, Truth::kFail, c);
  const Related& rel = *c.related;
  if (ctx == nullptr) {
    d.truth = Truth::kUnknown;
    d.said = "related " + rel.type + " resources are found only when a whole plan is evaluated";
    return d;
  }
  const RelatedIndex& index = ctx->IndexFor(rel);
  RelatedIndex::Candidates candidates = index.For(r);
  std::optional<RelatedVerdict> unknown;
  std::vector<std::string> near;  // the first few that would relate, and why they do not
  auto consider = [&](std::size_t t) {
    RelatedVerdict v = DecideOne(rel, index, t, policy, r, *ctx);
    if (v.truth == Truth::kPass) return std::optional<RelatedVerdict>(std::move(v));
    if (v.truth == Truth::kUnknown && !unknown) unknown = std::move(v);
    else if (v.near && near.size() < kNearMisses) near.push_back(std::move(v.said));
    return std::optional<RelatedVerdict>();
  };
  std::optional<RelatedVerdict> pass;
  for (std::size_t t : candidates.sure) {
    if ((pass = consider(t))) break;
  }
  // These hold at best unknown: one that is not a failure says all they can.
  for (const std::vector<std::size_t>* list : candidates.at_most_unknown) {
    for (std::size_t i = 0; !pass && !unknown && i < list->size(); ++i) {
      const std::size_t t = (*list)[i];
      if (index.related()[t] == &r || std::binary_search(candidates.sure.begin(), candidates.sure.end(), t)) continue;
      pass = consider(t);
    }
  }
  if (pass) {
    d.truth = Truth::kPass;
    d.said = std::move(pass->said);
  } else if (unknown) {
    d.truth = Truth::kUnknown;
    d.said = std::move(unknown->said);
    d.depends_on = std::move(unknown->depends_on);
  } else {
    d.said = Cat({"no ", rel.type, " that exists after apply relates to it"});
    for (const std::string& n : near) d.said += "; " + n;
  }
  return d;
}

}  // namespace

Context::Context(const std::vector<resolve::ResolvedResource>& resources) : resources_(resources) {}
Context::~Context() = default;

const RelatedIndex& Context::IndexFor(const Related& related) const {
  std::unique_ptr<RelatedIndex>& index = indexes_[&related];
  if (!index) index = std::make_unique<RelatedIndex>(related, resources_);
  return *index;
}

Truth Context::WhereOf(const Related& related, std::size_t i, const Policy& policy) const {
  auto [it, added] = where_.emplace(std::pair{&related, i}, Truth::kPass);
  if (added) it->second = Decide(*related.where, policy, *IndexFor(related).related()[i], this).truth;
  return it->second;
}

// A note's field, filled in from `r`.
std::string FieldText(const NotePart& part, const resolve::ResolvedResource& r) {
  Resolution res = resolve::Resolve(r, part.path, part.side);
  if (res.state == Resolution::State::kUnknown) return "(known after apply)";
  if (res.state == Resolution::State::kAbsent) return "(not set)";
  if (res.sensitive) return plan::kSensitivePart;
  const plan::Value& v = *res.value;
  if (part.side == resolve::Side::kChange && part.path.root() == "action_reason") {
    return resolve::ReasonInWords(v.text());
  }
  if (v.is_array() && part.side == resolve::Side::kChange) return resolve::ListInWords(v);  // actions, replace_paths
  if (v.is_string()) return std::string(v.text());
  return v.ToJson(res.sensitive_parts);
}

// The sentences of the policy's notes that hold for `r`, joined; "" when none does.
std::string SayNotes(const Policy& policy, const resolve::ResolvedResource& r, const Context* ctx) {
  std::string out;
  for (const Note& note : policy.explain) {
    if (note.when && Decide(*note.when, policy, r, ctx).truth != Truth::kPass) continue;
    if (!out.empty()) out += ' ';
    for (const NotePart& part : note.parts) out += part.field ? FieldText(part, r) : part.text;
  }
  return out;
}

// What resource_drift shows changed outside Terraform in what `policy` reads: the
// attributes in f.drift, and a sentence for the message ("" when nothing changed).
std::string DriftOf(const Policy& policy, const resolve::ResolvedResource& r, Finding& f) {
  if (r.drift == nullptr) return "";
  const plan::Resource& d = *r.drift;
  std::string said;
  for (const std::string& root : policy.RootAttributes()) {
    const plan::Value* before = d.before.Find(root);
    const plan::Value* after = d.after.Find(root);
    if (before == nullptr && after == nullptr) continue;
    if (before != nullptr && after != nullptr && *before == *after) continue;
    f.drift.push_back(root);
    if (d.after.is_null()) continue;  // deleted outside Terraform: said once, below
    auto shown = [&](const plan::Value* v, const plan::Value& mirror) {
      return v == nullptr ? std::string("(not set)") : v->ToJson(mirror.Find(root) != nullptr ? mirror.Find(root) : nullptr);
    };
    said += Cat({said.empty() ? "" : "; ", "outside Terraform, ", root, " changed from ", shown(before, d.before_sensitive),
                 " to ", shown(after, d.after_sensitive), " (resource_drift)"});
  }
  if (d.after.is_null() && !f.drift.empty()) said = "outside Terraform, the object was deleted (resource_drift)";
  return said;
}

std::optional<Finding> Evaluate(const Policy& policy, const resolve::ResolvedResource& r, const Context* ctx,
                                const EvaluateOptions& options) {
  std::string note;
  if (policy.where) {
    Decision w = Decide(*policy.where, policy, r, ctx);
    if (w.truth == Truth::kFail) return std::nullopt;
    // Not knowing whether the filter selects the resource, it is evaluated: a gate errs closed.
    if (w.truth == Truth::kUnknown) {
      note = "evaluated because the policy's where is unknown: " + Join(std::move(Explain(w, r).reasons));
    }
  }
  Decision d = Decide(policy.condition, policy, r, ctx);
  Explanation o = Explain(d, r);
  Finding f;
  f.input = r.plan->source;
  f.address = r.resource->address;
  f.type = r.resource->type;
  f.line = r.resource->line;
  f.actions = r.resource->actions;
  f.policy = &policy;
  f.attribute = std::move(o.attribute);
  f.depends_on = std::move(o.depends_on);
  f.sensitive = o.sensitive;
  f.message = Join(std::move(o.reasons));
  if (options.reads) AddReads(d, f.reads);
  switch (d.truth) {
    case Truth::kPass: f.verdict = Verdict::kPass; break;
    case Truth::kFail: f.verdict = Verdict::kFail; break;
    case Truth::kUnknown:
      f.unknown = true;
      switch (policy.on_unknown) {
        case OnUnknown::kWarn: f.verdict = Verdict::kUnknown; break;
        case OnUnknown::kFail:
          f.verdict = Verdict::kFail;
          f.message += "; the policy's on_unknown: fail counts this as a failure";
          break;
        case OnUnknown::kPass:
          f.verdict = Verdict::kPass;
          f.message += "; the policy's on_unknown: pass lets it pass";
          break;
      }
  }
  // A policy's own notes speak for a failing or unknown result when any holds;
  // otherwise the change is said in words after the explanation.
  std::string notes = f.verdict == Verdict::kPass ? "" : SayNotes(policy, r, ctx);
  if (!notes.empty()) {
    f.message = std::move(notes);
  } else if (std::string change = resolve::ChangeInWords(r); !change.empty()) {
    f.message.append("; ").append(change);
  }
  f.action_reason = r.resource->action_reason;
  if (const plan::Value* paths = r.change_values.Find("replace_paths")) {
    for (const plan::Value& p : paths->items()) f.replace_paths.emplace_back(p.text());
  }
  if (std::string drift = DriftOf(policy, r, f); !drift.empty()) f.message.append("; ").append(drift);
  if (!note.empty()) f.message.append(" (").append(note).append(")");
  return f;
}

void EvaluateAll(const PolicySet& set, const std::vector<resolve::ResolvedResource>& resources,
                 std::vector<Finding>& out, const EvaluateOptions& options) {
  Context ctx(resources);
  for (const resolve::ResolvedResource& r : resources) {
    for (const Policy* p : set.ForType(r.resource->type)) {
      if (!resolve::InScope(r, p->judges)) continue;
      if (std::optional<Finding> f = Evaluate(*p, r, &ctx, options)) out.push_back(std::move(*f));
    }
  }
}

}  // namespace plangate::policy
