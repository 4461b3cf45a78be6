#include "policy/policy.h"

#include <algorithm>

namespace plangate::policy {
namespace {

void AddRoot(const std::string& root, std::vector<std::string>& out) {
  if (std::find(out.begin(), out.end(), root) == out.end()) out.push_back(root);
}

// The top-level attributes `c` reads of the resource it is evaluated on; a related
// resource's are its own (Related::RelatedRoots).
void CollectRoots(const Condition& c, std::vector<std::string>& out) {
  if (c.kind == Condition::Kind::kTest && c.side != resolve::Side::kChange) {  // a change's are not the plan's
    AddRoot(c.attribute.root(), out);
  }
  if (c.kind == Condition::Kind::kRelated) {
    for (const std::string& root : c.related->OwnRoots()) AddRoot(root, out);
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

std::vector<std::string> Related::RelatedRoots() const {
  std::vector<std::string> roots;
  if (where) CollectRoots(*where, roots);
  for (const auto* list : {&by, &require, &except}) {
    for (const Relation& r : *list) {
      if (r.kind != Relation::Kind::kReferencedBy) AddRoot(r.attribute.root(), roots);
    }
  }
  return roots;
}

std::vector<std::string> Related::OwnRoots() const {
  std::vector<std::string> roots;
  for (const auto* list : {&by, &require, &except}) {
    for (const Relation& r : *list) {
      if (r.kind == Relation::Kind::kReferencedBy) {
        AddRoot(r.attribute.root(), roots);
      } else if (!r.to_text.empty()) {
        AddRoot(r.to.root(), roots);
      } else if (r.kind == Relation::Kind::kTags || r.kind == Relation::Kind::kTagConditions) {
        AddRoot("tags_all", roots);
        AddRoot("tags", roots);
      }
    }
  }
  return roots;
}

const char* EnforcementName(Enforcement e) { return NameIn(kEnforcements, e); }

const char* OnUnknownName(OnUnknown u) { return NameIn(kOnUnknowns, u); }

const char* RelationKindName(Relation::Kind k) { return NameIn(kRelationKinds, k); }

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
      for (const std::string& root : p->RootAttributes()) AddRoot(root, keys);
    }
  }
  // Resources a policy relates to are read too, for what it asks of them.
  for (const Policy& p : policies_) {
    auto add = [&](const Related& r) {
      // A data source's block is read from the configuration, keyed by its type.
      const bool data = r.type.compare(0, kDataPrefix.size(), kDataPrefix) == 0;
      std::vector<std::string>& keys = out[data ? r.type.substr(kDataPrefix.size()) : r.type];
      for (const std::string& root : r.RelatedRoots()) AddRoot(root, keys);
    };
    ForEachRelatedOf(p, add);
  }
  return out;
}

}  // namespace plangate::policy
