#include "policy/evaluator.h"

#include <algorithm>

#include "policy/operators.h"

namespace plangate::policy {
namespace {

using resolve::Resolution;

// Kleene three-valued truth.
enum class Truth { kPass, kFail, kUnknown };

// What a condition decided, and why.
struct Outcome {
  Truth truth = Truth::kPass;
  std::vector<std::string> reasons;  // sentences from the leaves that decided
  std::vector<std::string> depends_on;
  std::string attribute;  // the first deciding leaf's attribute
  bool sensitive = false;
  // For a leaf: what was seen ("x is true") and what the operator expects ("true"),
  // from which `not` words its own failure.
  std::string observed;
  std::string expectation;
  bool hide_expectation = false;  // a sensitive value: the argument is not shown either
  std::string op_name;
};

Outcome Leaf(Truth t, std::string reason, const std::string& attribute) {
  Outcome o;
  o.truth = t;
  o.reasons.push_back(std::move(reason));
  o.attribute = attribute;
  return o;
}

// A leaf whose explanation nobody will read (a `where` that decides): the truth only.
Outcome Bare(Truth t) {
  Outcome o;
  o.truth = t;
  return o;
}

// Folds `from` into `into` (reasons, dependencies, sensitivity).
void Absorb(Outcome& into, const Outcome& from) {
  for (const std::string& r : from.reasons) {
    if (std::find(into.reasons.begin(), into.reasons.end(), r) == into.reasons.end()) into.reasons.push_back(r);
  }
  for (const std::string& d : from.depends_on) {
    if (std::find(into.depends_on.begin(), into.depends_on.end(), d) == into.depends_on.end()) {
      into.depends_on.push_back(d);
    }
  }
  if (into.attribute.empty()) into.attribute = from.attribute;
  into.sensitive = into.sensitive || from.sensitive;
}

// Combines outcomes: every (Kleene AND) or some (Kleene OR). The reasons kept are
// those of the children that decided.
Outcome Combine(const std::vector<Outcome>& parts, bool every) {
  Truth decisive = every ? Truth::kFail : Truth::kPass;
  Truth neutral = every ? Truth::kPass : Truth::kFail;
  Outcome out;
  out.truth = neutral;
  for (const Outcome& p : parts) {
    if (p.truth == decisive) out.truth = decisive;
    else if (p.truth == Truth::kUnknown && out.truth != decisive) out.truth = Truth::kUnknown;
  }
  for (const Outcome& p : parts) {
    if (p.truth != out.truth) continue;
    Absorb(out, p);
    // One decisive child explains a decided result (the first failure of an
    // every, the first pass of a some); unknowns and the other outcomes keep all.
    if (p.truth == decisive) break;
  }
  return out;
}

std::string Expectation(const Condition& c) {
  std::string out(c.op->expected);
  std::size_t at = out.find("{value}");
  if (at != std::string::npos) out.replace(at, 7, c.argument.ToJson());
  return out;
}

std::string Shown(const plan::Value& v, bool sensitive) {
  return sensitive ? std::string("a sensitive value (not shown)") : v.ToJson();
}

std::string DependsText(const std::vector<std::string>& deps) {
  if (deps.empty()) return " (computed by the provider)";
  std::string out = "; depends on ";
  for (std::size_t i = 0; i < deps.size(); ++i) out += (i ? ", " : "") + deps[i];
  return out;
}

// A test on one concrete path (no [*] left).
Outcome TestPath(const Condition& c, const resolve::AttrPath& path, const Policy& policy,
                 const resolve::ResolvedResource& r, bool explain) {
  Resolution res = resolve::Resolve(r, path);
  if (!explain) {
    switch (res.state) {
      case Resolution::State::kUnknown: return Bare(Truth::kUnknown);
      case Resolution::State::kKnown:
        return Bare(c.op->holds(*res.value, c.argument, c.regex.get()) ? Truth::kPass : Truth::kFail);
      case Resolution::State::kAbsent: {
        auto def = c.op->presence ? policy.defaults.end() : policy.defaults.find(c.attribute.text());
        bool holds = def != policy.defaults.end() ? c.op->holds(def->second, c.argument, c.regex.get())
                                                  : c.op->absent_holds;
        return Bare(holds ? Truth::kPass : Truth::kFail);
      }
    }
  }
  const std::string& attr = path.text();
  Outcome o;
  switch (res.state) {
    case Resolution::State::kUnknown:
      o = Leaf(Truth::kUnknown, attr + " is known only after apply" + DependsText(res.depends_on), attr);
      o.depends_on = res.depends_on;
      break;
    case Resolution::State::kAbsent: {
      // Defaults are keyed by the path as written (with [*]), so they cover every element.
      auto def = c.op->presence ? policy.defaults.end() : policy.defaults.find(c.attribute.text());
      if (def != policy.defaults.end()) {
        bool holds = c.op->holds(def->second, c.argument, c.regex.get());
        std::string observed = res.reason + ", so the provider default " + attr + " = " +
                               def->second.ToJson() + " applies";
        std::string expectation = Expectation(c);
        o = Leaf(holds ? Truth::kPass : Truth::kFail, holds ? observed : observed + "; expected " + expectation, attr);
        o.observed = std::move(observed);
        o.expectation = std::move(expectation);
      } else {
        bool holds = c.op->absent_holds;
        // Name the attribute when the reason speaks of an enclosing block.
        std::string subject = res.reason.compare(0, attr.size(), attr) == 0 ? "" : " for " + attr;
        std::string expectation = Expectation(c) + subject;
        o = Leaf(holds ? Truth::kPass : Truth::kFail,
                 holds ? res.reason : res.reason + "; expected " + expectation, attr);
        o.observed = res.reason;
        o.expectation = std::move(expectation);
      }
      break;
    }
    case Resolution::State::kKnown: {
      bool holds = c.op->holds(*res.value, c.argument, c.regex.get());
      std::string observed = attr + " is " + Shown(*res.value, res.sensitive);
      if (res.sensitive) {
        // The policy's argument is not shown either: with the verdict it could give
        // the value away (a failing `not equals "x"` says the value is "x").
        o = Leaf(holds ? Truth::kPass : Truth::kFail,
                 holds ? observed : observed + "; it does not satisfy " + std::string(c.op->name), attr);
        o.observed = std::move(observed);
        o.hide_expectation = true;
        o.op_name = std::string(c.op->name);
        break;
      }
      if (holds) {
        o = Leaf(Truth::kPass, observed, attr);
        o.observed = std::move(observed);
        o.expectation = Expectation(c);
      } else {
        o = Leaf(Truth::kFail, observed + "; expected " + Expectation(c), attr);
      }
      break;
    }
  }
  o.sensitive = res.sensitive;
  return o;
}

// A test whose path may hold [*]: each element is tested, then combined.
Outcome TestEach(const Condition& c, const resolve::AttrPath& path, const Policy& policy,
                 const resolve::ResolvedResource& r, bool explain) {
  std::size_t each = path.FirstEach();
  if (each == std::string::npos) return TestPath(c, path, policy, r, explain);
  resolve::AttrPath list_path = path.Head(each);
  Resolution list = resolve::Resolve(r, list_path);
  const bool every = c.quantifier == Quantifier::kEvery;
  const std::string& name = list_path.text();
  if (list.state == Resolution::State::kUnknown) {
    Outcome o = Leaf(Truth::kUnknown, name + " is known only after apply" + DependsText(list.depends_on), name);
    o.depends_on = list.depends_on;
    return o;
  }
  if (list.state == Resolution::State::kKnown && !list.value->is_array()) {
    return Leaf(Truth::kFail, name + " is not a list", name);
  }
  std::size_t n = list.state == Resolution::State::kKnown ? list.value->items().size() : 0;
  if (n == 0) {
    std::string why = list.state == Resolution::State::kAbsent ? list.reason : name + " is empty";
    return every ? Leaf(Truth::kPass, why + ": no elements to check", name)
                 : Leaf(Truth::kFail, why + "; expected at least one element with " + path.Prefix(path.segments().size()) +
                                         " " + Expectation(c), name);
  }
  std::vector<Outcome> parts;
  Truth decisive = every ? Truth::kFail : Truth::kPass;
  for (std::size_t i = 0; i < n; ++i) {
    parts.push_back(TestEach(c, path.WithIndex(each, i), policy, r, explain));
    // The first failing element of an every, or passing one of a some, settles it.
    if (parts.back().truth == decisive) return std::move(parts.back());
  }
  Outcome o = Combine(parts, every);
  if (!every && o.truth == Truth::kFail) {
    o.reasons.insert(o.reasons.begin(), "no element of " + name + " matches");
  }
  return o;
}

// The plan action as policies name it: create, update, replace, no-op; "" for a state.
std::string ActionName(const std::vector<std::string>& actions) {
  if (actions.size() == 2) return "replace";  // delete+create, create+delete, create+forget
  return actions.size() == 1 ? actions[0] : "";
}

Outcome Eval(const Condition& c, const Policy& policy, const resolve::ResolvedResource& r, bool explain) {
  switch (c.kind) {
    case Condition::Kind::kTest:
      return TestEach(c, c.attribute, policy, r, explain);
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      bool every = c.kind == Condition::Kind::kAll;
      Truth decisive = every ? Truth::kFail : Truth::kPass;
      std::vector<Outcome> parts;
      for (const Condition& child : c.children) {
        parts.push_back(Eval(child, policy, r, explain));
        // The first decisive child settles it and is the explanation: stop there.
        if (parts.back().truth == decisive) return std::move(parts.back());
      }
      Outcome o = Combine(parts, every);
      if (!every && o.truth == Truth::kFail) o.reasons.insert(o.reasons.begin(), "none of the alternatives holds");
      return o;
    }
    case Condition::Kind::kNot: {
      Outcome o = Eval(c.children.front(), policy, r, explain);
      if (o.truth == Truth::kPass) {
        o.truth = Truth::kFail;
        if (o.hide_expectation) {
          o.reasons = {o.observed + "; it must not satisfy " + o.op_name};
        } else if (!o.observed.empty()) {
          o.reasons = {o.observed + "; expected anything but " + o.expectation};
        } else {
          o.reasons.push_back("expected the opposite (the condition under 'not' holds)");
        }
      } else if (o.truth == Truth::kFail) {
        o.truth = Truth::kPass;
      }
      return o;
    }
    case Condition::Kind::kAction: {
      std::string action = ActionName(r.resource->actions);
      bool hit = std::find(c.names.begin(), c.names.end(), action) != c.names.end();
      return Leaf(hit ? Truth::kPass : Truth::kFail,
                  action.empty() ? "a state has no plan action" : "the plan action is " + action, "");
    }
    case Condition::Kind::kType: {
      bool hit = std::find(c.names.begin(), c.names.end(), r.resource->type) != c.names.end();
      return Leaf(hit ? Truth::kPass : Truth::kFail, "the type is " + r.resource->type, "");
    }
    case Condition::Kind::kByType:
      for (std::size_t i = 0; i < c.names.size(); ++i) {
        if (c.names[i] == r.resource->type) return Eval(c.children[i], policy, r, explain);
      }
      return Leaf(Truth::kFail, "no condition for type " + r.resource->type, "");  // compiler prevents it
  }
  return Leaf(Truth::kUnknown, "unknown condition", "");
}

std::string Join(const std::vector<std::string>& reasons) {
  std::string out;
  for (const std::string& r : reasons) out += (out.empty() ? "" : "; ") + r;
  return out;
}

}  // namespace

std::optional<Finding> Evaluate(const Policy& policy, const resolve::ResolvedResource& r) {
  std::string note;
  if (policy.where) {
    // The filter's explanation is only shown when it is unknown: decide first, explain then.
    Outcome w = Eval(*policy.where, policy, r, /*explain=*/false);
    if (w.truth == Truth::kFail) return std::nullopt;
    // Not knowing whether the filter selects the resource, it is evaluated: a gate errs closed.
    if (w.truth == Truth::kUnknown) {
      note = "evaluated because the policy's where is unknown: " + Join(Eval(*policy.where, policy, r, true).reasons);
    }
  }
  Outcome o = Eval(policy.condition, policy, r, /*explain=*/true);
  Finding f;
  f.input = r.plan->source;
  f.address = r.resource->address;
  f.type = r.resource->type;
  f.actions = r.resource->actions;
  f.policy = &policy;
  f.attribute = o.attribute;
  f.depends_on = o.depends_on;
  f.sensitive = o.sensitive;
  f.message = Join(o.reasons);
  switch (o.truth) {
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
  if (!note.empty()) f.message += " (" + note + ")";
  return f;
}

void EvaluateAll(const PolicySet& set, const std::vector<resolve::ResolvedResource>& resources,
                 std::vector<Finding>& out) {
  for (const resolve::ResolvedResource& r : resources) {
    for (const Policy* p : set.ForType(r.resource->type)) {
      if (std::optional<Finding> f = Evaluate(*p, r)) out.push_back(std::move(*f));
    }
  }
}

}  // namespace plangate::policy
