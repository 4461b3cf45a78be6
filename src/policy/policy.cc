#include "policy/policy.h"

#include <algorithm>

namespace plangate::policy {

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
      const std::string& root = p->condition.attribute.root();
      if (std::find(keys.begin(), keys.end(), root) == keys.end()) keys.push_back(root);
    }
  }
  return out;
}

}  // namespace plangate::policy
