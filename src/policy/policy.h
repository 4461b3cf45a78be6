#pragma once
// The compiled policy model: immutable after loading.

#include <map>
#include <string>
#include <vector>

#include "plan/value.h"
#include "resolve/attr_path.h"

namespace plangate::policy {

struct Operator;

/// One test on one attribute: `attribute` `operator` [`value`].
struct Condition {
  resolve::AttrPath attribute;
  const Operator* op = nullptr;  ///< Points into the static operator table.
  plan::Value argument;          ///< Null for operators that take none.
};

/// A policy as loaded from YAML and checked.
struct Policy {
  std::string id;            ///< Unique, kebab-case.
  std::string title;
  std::string severity;      ///< low, medium, high or critical.
  std::vector<std::string> aliases;  ///< Ids of the same rule in other tools.
  std::string category;
  std::string description;
  std::string impact;
  std::string resolution;
  std::vector<std::string> links;
  std::vector<std::string> resource_types;
  /// Attribute path text → the value the provider sets when the configuration
  /// leaves the attribute out.
  std::map<std::string, plan::Value> defaults;
  Condition condition;
  std::string source;  ///< `file:line:col` of the policy's first key.
};

/// The loaded policies, sorted by id, and what they need from a plan.
class PolicySet {
 public:
  PolicySet() = default;
  /// REQUIRES: ids are unique (the loader checks).
  explicit PolicySet(std::vector<Policy> policies);

  const std::vector<Policy>& policies() const { return policies_; }
  /// Policies targeting `type`, in id order (empty when none).
  const std::vector<const Policy*>& ForType(const std::string& type) const;
  /// Resource type → top-level attributes the policies read (for the plan loader).
  std::map<std::string, std::vector<std::string>, std::less<>> AttributesByType() const;

 private:
  std::vector<Policy> policies_;
  std::map<std::string, std::vector<const Policy*>> by_type_;
};

}  // namespace plangate::policy
