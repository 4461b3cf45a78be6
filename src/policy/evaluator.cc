#include "policy/evaluator.h"

#include <algorithm>
#include <tuple>

#include "policy/operators.h"

namespace plangate::policy {
namespace {

using resolve::Resolution;

// Describes a value for a message; a sensitive one is never shown.
std::string Shown(const plan::Value& v, bool sensitive) {
  return sensitive ? std::string("a sensitive value (not shown)") : v.ToJson();
}

std::string Expectation(const Condition& c) {
  std::string out(c.op->expected);
  std::size_t at = out.find("{value}");
  if (at != std::string::npos) out.replace(at, 7, c.argument.ToJson());
  return out;
}

}  // namespace

const char* StatusName(Status s) {
  switch (s) {
    case Status::kPass: return "pass";
    case Status::kFail: return "fail";
    case Status::kUnknown: return "unknown";
  }
  return "unknown";
}

void SortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.input, a.address, a.policy->id) < std::tie(b.input, b.address, b.policy->id);
  });
}

Finding Evaluate(const Policy& policy, const resolve::ResolvedResource& r) {
  const Condition& c = policy.condition;
  Finding f;
  f.input = r.plan->source;
  f.address = r.resource->address;
  f.type = r.resource->type;
  f.actions = r.resource->actions;
  f.policy = &policy;
  f.attribute = c.attribute.text();

  Resolution res = resolve::Resolve(r, c.attribute);
  f.sensitive = res.sensitive;
  const std::string& attr = f.attribute;
  switch (res.state) {
    case Resolution::State::kUnknown: {
      f.status = Status::kUnknown;
      f.depends_on = res.depends_on;
      f.message = attr + " is known only after apply";
      if (res.depends_on.empty()) {
        f.message += " (computed by the provider)";
      } else {
        f.message += "; depends on ";
        for (std::size_t i = 0; i < res.depends_on.size(); ++i) {
          f.message += (i ? ", " : "") + res.depends_on[i];
        }
      }
      return f;
    }
    case Resolution::State::kAbsent: {
      auto def = policy.defaults.find(attr);
      if (def != policy.defaults.end()) {
        bool holds = c.op->holds(def->second, c.argument);
        f.status = holds ? Status::kPass : Status::kFail;
        f.message = res.reason + ", so the provider default " + attr + " = " +
                    def->second.ToJson() + " applies" +
                    (holds ? "" : "; expected " + Expectation(c));
      } else {
        bool holds = c.op->holds(plan::Value(), c.argument);
        f.status = holds ? Status::kPass : Status::kFail;
        f.message = res.reason + (holds ? "" : "; expected " + Expectation(c));
      }
      return f;
    }
    case Resolution::State::kKnown: {
      bool holds = c.op->holds(res.value, c.argument);
      f.status = holds ? Status::kPass : Status::kFail;
      f.message = attr + " is " + Shown(res.value, res.sensitive) +
                  (holds ? "" : "; expected " + Expectation(c));
      return f;
    }
  }
  return f;
}

void EvaluateAll(const PolicySet& set, const std::vector<resolve::ResolvedResource>& resources,
                 std::vector<Finding>& out) {
  for (const resolve::ResolvedResource& r : resources) {
    for (const Policy* p : set.ForType(r.resource->type)) out.push_back(Evaluate(*p, r));
  }
}

}  // namespace plangate::policy
