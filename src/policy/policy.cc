#include "policy/policy.h"

#include <algorithm>

namespace plangate::policy {
namespace {

void CollectRoots(const Condition& c, std::vector<std::string>& out) {
  if (c.kind == Condition::Kind::kTest) {
    const std::string& root = c.attribute.root();
    if (std::find(out.begin(), out.end(), root) == out.end()) out.push_back(root);
  }
  for (const Condition& child : c.children) CollectRoots(child, out);
}

}  // namespace

const char* EnforcementName(Enforcement e) {
  switch (e) {
    case Enforcement::kAdvisory: return "advisory";
    case Enforcement::kSoftMandatory: return "soft-mandatory";
    case Enforcement::kHardMandatory: return "hard-mandatory";
  }
  return "soft-mandatory";
}

const char* OnUnknownName(OnUnknown u) {
  switch (u) {
    case OnUnknown::kFail: return "fail";
    case OnUnknown::kWarn: return "warn";
    case OnUnknown::kPass: return "pass";
  }
  return "warn";
}

std::vector<std::string> Policy::RootAttributes() const {
  std::vector<std::string> roots;
  if (where) CollectRoots(*where, roots);
  CollectRoots(condition, roots);
  return roots;
}

bool Policy::IsNamed(std::string_view name) const {
  return id == name || std::find(aliases.begin(), aliases.end(), name) != aliases.end();
}

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
  std::sort(policies_.begin(), policies_.end(),
            [](const Policy& a, const Policy& b) { return a.id < b.id; });
  for (const Policy& p : policies_) {
    for (const std::string& type : p.resource_types) by_type_[type].push_back(&p);
  }
}

const std::vector<const Policy*>& PolicySet::ForType(const std::string& type) const {
  static const std::vector<const Policy*> kNone;
  auto it = by_type_.find(type);
  return it == by_type_.end() ? kNone : it->second;
}

std::map<std::string, std::vector<std::string>, std::less<>> PolicySet::AttributesByType() const {
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  for (const auto& [type, policies] : by_type_) {
    std::vector<std::string>& keys = out[type];
    for (const Policy* p : policies) {
      for (const std::string& root : p->RootAttributes()) {
        if (std::find(keys.begin(), keys.end(), root) == keys.end()) keys.push_back(root);
      }
    }
  }
  return out;
}

}  // namespace plangate::policy
