#pragma once
// Policy evaluation: a pure function of (policy, resolved resource). No I/O.

#include <optional>
#include <vector>

#include "policy/finding.h"
#include "policy/policy.h"
#include "resolve/resolver.h"

namespace plangate::policy {

/// Evaluates `policy` on `resource`; nothing when the policy's `where` excludes it.
// REQUIRES: the policy targets the resource's type.
std::optional<Finding> Evaluate(const Policy& policy, const resolve::ResolvedResource& resource);

/// Every policy of `set` on every resource it targets, appended to `out` in
/// resource order, then policy id order.
void EvaluateAll(const PolicySet& set, const std::vector<resolve::ResolvedResource>& resources,
                 std::vector<Finding>& out);

}  // namespace plangate::policy
