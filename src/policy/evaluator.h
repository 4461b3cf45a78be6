#pragma once
// Policy evaluation: a pure function of (policy, resolved resource). No I/O.

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "policy/finding.h"
#include "policy/policy.h"
#include "policy/relations.h"
#include "resolve/resolver.h"

namespace plangate::policy {

/// What evaluating the policies on one plan's resources shares: the index of each
/// `related:` condition's resources and the truth of its `where` for each, built on
/// first use. One per plan, used by one thread.
class Context {
 public:
  /// `resources`: every resource of the plan; it must outlive the context.
  explicit Context(const std::vector<resolve::ResolvedResource>& resources);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  /// The index of `related`'s resources in this plan.
  const RelatedIndex& IndexFor(const Related& related) const;
  /// The truth of `related.where` (as `policy` evaluates it) for its `i`th resource.
  Truth WhereOf(const Related& related, std::size_t i, const Policy& policy) const;

 private:
  const std::vector<resolve::ResolvedResource>& resources_;
  mutable std::map<const Related*, std::unique_ptr<RelatedIndex>> indexes_;
  mutable std::map<std::pair<const Related*, std::size_t>, Truth> where_;
};

/// What evaluation records besides each verdict and its message.
struct EvaluateOptions {
  /// Fill Finding::reads. Default: false (only the HTML report shows them, and each
  /// copies the values it holds).
  bool reads = false;
};

/// Evaluates `policy` on `resource`; nothing when the policy's `where` excludes it.
/// `context`: the plan's (EvaluateAll makes one); without it, a `related:` condition
/// is unknown.
// REQUIRES: the policy targets the resource's type.
std::optional<Finding> Evaluate(const Policy& policy, const resolve::ResolvedResource& resource,
                                const Context* context = nullptr, const EvaluateOptions& options = {});

/// Every policy of `set` on every resource it targets, appended to `out` in
/// resource order, then policy id order.
void EvaluateAll(const PolicySet& set, const std::vector<resolve::ResolvedResource>& resources,
                 std::vector<Finding>& out, const EvaluateOptions& options = {});

}  // namespace plangate::policy
