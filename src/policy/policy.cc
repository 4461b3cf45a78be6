#include "policy/policy.h"

#include <algorithm>

namespace plangate::policy {
namespace {

void CollectRoots(const Condition& c, std::vector<std::string>& out) {
  if (c.kind == Condition::Kind::kTest && c.side != resolve::Side::kChange) {  // a change's are not the plan's
    const std::string& root = c.attribute.root();
    if (std::find(out.begin(), out.end(), root) == out.end()) out.push_back(root);
  }
  for (const Condition& child : c.children) CollectRoots(child, out);
}

// The name `value` has in `table`. The names are literals, so data() ends in a NUL.
template <typename E, std::size_t N>
const char* NameIn(const Named<E> (&table)[N], E value) {
  for (const Named<E>& entry : table) {
    if (entry.value == value) return entry.name.data();
  }
  return table[0].name.data();  // unreachable: every value is in its table
}

}  // namespace

const char* EnforcementName(Enforcement e) { return NameIn(kEnforcements, e); }

const char* OnUnknownName(OnUnknown u) { return NameIn(kOnUnknowns, u); }

std::vector<std::string> Policy::RootAttributes() const {
  std::vector<std::string> roots;
  if (where) CollectRoots(*where, roots);
  CollectRoots(condition, roots);
  for (const Note& note : explain) {
    if (note.when) CollectRoots(*note.when, roots);
    for (const NotePart& part : note.parts) {
      if (!part.field || part.side == resolve::Side::kChange) continue;
      if (std::find(roots.begin(), roots.end(), part.path.root()) == roots.end()) roots.push_back(part.path.root());
    }
  }
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
