#pragma once
// `plangate explain`: for one resource, every attribute the policies read and how it
// resolved (the value after apply; or unknown, with the configuration behind it
// followed; or absent, with the default a policy declares), and each policy's verdict
// with the condition that decided it. Pure: reads the plan model and the policy set.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explain/trace.h"
#include "policy/evaluator.h"
#include "policy/finding.h"
#include "policy/policy.h"
#include "resolve/attr_path.h"
#include "resolve/resolver.h"

namespace plangate::explain {

/// An attribute path a policy reads, and on which object (`of:`).
struct Read {
  resolve::Side side = resolve::Side::kAfter;
  resolve::AttrPath path;  ///< As written: may hold [*].
};

/// The attributes `policy` reads of a resource of `type`: the tests of its where, its
/// condition (for `by_type`, only the branch for `type`) and its notes, the fields its
/// notes fill in, and what its related conditions compare with on this resource.
/// Each once, in the order written.
std::vector<Read> ReadsOf(const policy::Policy& policy, const std::string& type);

/// How one attribute that the policies read resolves on the resource explained.
struct AttributeExplanation {
  resolve::Side side = resolve::Side::kAfter;
  resolve::AttrPath path;          ///< Each [*] replaced by an element's index.
  resolve::Resolution resolution;  ///< Points into the plan model.
  /// kUnknown: each reference of the configuration expression behind it, followed.
  std::vector<TraceStep> trace;
  /// kAbsent: the default each policy that reads it declares for it: (policy id, value).
  std::vector<std::pair<std::string, const plan::Value*>> defaults;
  std::vector<std::string> read_by;  ///< Ids of the policies that read it, in id order.
  /// `after_unknown` marks it, or a block holding it: known only after apply in the
  /// plan's words, whatever the resolution made of it (absent, when the configuration
  /// sets nothing behind it).
  bool after_unknown = false;
  /// resource_drift shows it changed outside Terraform: the value Terraform last wrote
  /// (`drift_before`) and the one it found (`drift_after`).
  bool drifted = false;
  resolve::Resolution drift_before, drift_after;

  /// The path as explain shows it: `before.` or `change.` first when read there.
  std::string Shown() const;
};

/// One policy on the resource explained.
struct PolicyExplanation {
  const policy::Policy* policy = nullptr;
  /// Why the policy gave no result on this resource ("" when it did): out of its
  /// `judges:` scope, or excluded by its `where`.
  std::string not_judged;
  std::optional<policy::Finding> finding;  ///< Its result, as `plangate check` gives it.
  /// The condition that decided the verdict: the test of the finding's attribute, else
  /// the one related, action or type condition, else the policy's condition. Null
  /// when not judged.
  const policy::Condition* decided_by = nullptr;
  int nots = 0;  ///< The `not`s above decided_by.
};

/// One resource, explained.
struct ResourceExplanation {
  const resolve::ResolvedResource* resource = nullptr;  ///< Outlives the explanation.
  /// What the policies that judge it read (and the `where` of those it excludes): after
  /// apply first, then before the change, then the change; each in the order read.
  std::vector<AttributeExplanation> attributes;
  std::vector<PolicyExplanation> policies;       ///< In id order.
};

/// Explains `r` for `policies` (those of the set that target its type, in id order).
/// `context`: the plan's, for related conditions. A path with [*] is explained for
/// each element of the list (or for the list, when it has none or is not known).
ResourceExplanation Explain(const std::vector<const policy::Policy*>& policies, const resolve::ResolvedResource& r,
                            const policy::Context& context);

/// `c` as one line: `point_in_time_recovery[0].enabled is_true`, `related
/// aws_backup_selection`, `action in [delete]`; without a test's argument when
/// `hide_argument` (a sensitive value: the argument and verdict could give it away).
std::string ConditionText(const policy::Condition& c, bool hide_argument);

}  // namespace plangate::explain
