#pragma once
// plan model → resolved resources: what each resource will look like after apply.

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/model.h"
#include "resolve/attr_path.h"

namespace plangate::resolve {

/// A resource instance that will exist after apply (or exists, for a state),
/// with what is needed to resolve its attributes.
struct ResolvedResource {
  const plan::Plan* plan = nullptr;          ///< The input it came from.
  const plan::Resource* resource = nullptr;
  /// Its block in `configuration`; nullptr when the document has none for it.
  const plan::ConfigResource* config = nullptr;
  std::vector<std::string> module_calls;     ///< Module call names, instance keys dropped.
};

/// Which resource entries are evaluated.
struct SelectOptions {
  /// Only resources the plan creates, updates or replaces; no no-ops, and nothing from
  /// a state (which has no changes). Default: false (everything that exists after apply).
  bool only_changes = false;
};

/// The managed, non-deposed resources of `plan` that exist after apply: for a plan
/// those whose actions are create, update, no-op, delete+create, create+delete or
/// create+forget; never delete, forget, read, data sources or deposed objects. For a
/// state, every managed current object. Fails on an action list plangate does not know.
Result<std::vector<ResolvedResource>> SelectResources(const plan::Plan& plan,
                                                      const SelectOptions& options = {});

/// How an attribute of a resource resolves.
struct Resolution {
  enum class State {
    kKnown,    ///< `value` points at what apply will set (never null).
    kAbsent,   ///< Not set: the configuration leaves it out (or null); a provider default applies.
    kUnknown,  ///< Known only after apply; `depends_on` says from what.
  };
  State state = State::kAbsent;
  /// kKnown: the value, inside the plan model (which outlives the resolution).
  const plan::Value* value = nullptr;
  /// The value (or a block holding it) is marked sensitive: use it, never print it.
  bool sensitive = false;
  /// kKnown: the sensitivity mirror of `value` (`true` on each sensitive part inside
  /// it), or null when nothing inside is marked. Show a value only as
  /// `value->ToJson(sensitive_parts)`.
  const plan::Value* sensitive_parts = nullptr;
  /// kAbsent: why, e.g. "point_in_time_recovery is not set in the configuration".
  std::string reason;
  /// kUnknown: the references that make it unknown, qualified with their module
  /// and traced through module inputs ("aws_ssm_parameter.flag.value").
  std::vector<std::string> depends_on;
};

/// Resolves `path` on `r`. Pure: reads only the plan model.
Resolution Resolve(const ResolvedResource& r, const AttrPath& path);

}  // namespace plangate::resolve
