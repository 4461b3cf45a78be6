#pragma once
// plan model → resolved resources: what each resource will look like after apply.

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/address.h"
#include "plan/model.h"
#include "resolve/attr_path.h"

namespace plangate::resolve {

/// What a plan does to one object, in plangate's words.
enum class Change : unsigned char {
  kNone,              ///< a state's object: nothing changes
  kCreate,            ///< ["create"]
  kUpdate,            ///< ["update"]
  kNoOp,              ///< ["no-op"]
  kRead,              ///< ["read"]
  kDelete,            ///< ["delete"]: the object goes, and its data with it
  kDeleteThenCreate,  ///< ["delete","create"]: replaced, the old object deleted first
  kCreateThenDelete,  ///< ["create","delete"]: replaced, the new one created first
  kCreateThenForget,  ///< ["create","forget"]: replaced; the old object is only forgotten
  kForget,            ///< ["forget"]: Terraform forgets the object; it is not destroyed
};

/// Which objects a policy judges.
enum class Scope : unsigned char {
  kAfterApply,  ///< what exists after apply: current objects that are not deleted,
                ///< forgotten or read (a state: every current object)
  kDestroyed,   ///< objects whose data the plan destroys: a delete (a deposed
                ///< object's too) and a replace that deletes the old object
  kChanges,     ///< every change to a managed object, deposed ones included (a
                ///< state: none)
};

/// A managed resource instance of a plan or a state, with what is needed to judge it:
/// resolve its attributes after apply and before the change, and say what the change is.
struct ResolvedResource {
  const plan::Plan* plan = nullptr;          ///< The input it came from.
  const plan::Resource* resource = nullptr;
  /// Its block in `configuration`; nullptr when the document has none for it.
  const plan::ConfigResource* config = nullptr;
  std::vector<std::string> module_calls;     ///< Module call names, instance keys dropped.
  std::vector<plan::ModuleStep> module_path; ///< The same calls with their instance keys.
  Change change = Change::kNone;
  /// Its resource_drift entry (same address and deposed key); nullptr when none.
  const plan::Resource* drift = nullptr;
  /// What `of: change` conditions read: action (ChangeName), actions, action_reason,
  /// replace_paths (as attribute paths), importing, previous_address, deposed. Built
  /// once, at selection; keys that do not apply are left out (absent).
  plan::Value change_values;
};

/// The name policies use for `c`: create, update, no-op, read, delete,
/// delete-then-create, create-then-delete, create-then-forget, forget; "" for kNone.
const char* ChangeName(Change c);
/// The names `of: change` conditions may read, in order.
inline constexpr std::string_view kChangeAttributes[] = {
    "action", "actions", "action_reason", "replace_paths", "importing", "previous_address", "deposed"};

/// Terraform's action_reason values, and what each means in words.
struct ActionReason {
  std::string_view code;
  std::string_view words;
};
inline constexpr ActionReason kActionReasons[] = {
    {"replace_because_cannot_update", "an attribute that cannot be updated in place changes"},
    {"replace_because_tainted", "the object is tainted"},
    {"replace_by_request", "replacement was requested (-replace)"},
    {"replace_by_triggers", "replace_triggered_by fired"},
    {"delete_because_no_resource_config", "its resource block is no longer in the configuration"},
    {"delete_because_count_index", "its count index is no longer in range"},
    {"delete_because_each_key", "its for_each key is no longer in the map"},
    {"delete_because_no_module", "its module call is no longer in the configuration"},
    {"delete_because_wrong_repetition", "the resource switched between count and for_each"},
    {"delete_because_no_move_target", "its moved block's target is not in the configuration"},
};
/// The strings of `list` as a sentence lists them: "a", "a and b", "a, b and c".
// REQUIRES: list.is_array(), its items strings (change_values' actions, replace_paths).
std::string ListInWords(const plan::Value& list);

/// `code` in words, the code after them: "the object is tainted (replace_because_tainted)";
/// a code plangate does not know, as it is.
std::string ReasonInWords(std::string_view code);

/// What the plan does to `r`, in words, with why when the plan says: "this plan
/// replaces it, deleting it first, because hash_key changes (replace_because_cannot_update)",
/// "this plan deletes it: its count index is no longer in range
/// (delete_because_count_index)"; "" for a create, update, no-op, read or a state's
/// object without a reason.
std::string ChangeInWords(const ResolvedResource& r);

/// Whether `r` exists after apply (the default scope): not deleted, forgotten, read,
/// nor a deposed object.
bool ExistsAfterApply(const ResolvedResource& r);
/// Whether the plan destroys `r`'s data: a delete (a deposed object's too), or a
/// replace that deletes the old object. A forget, a move, an import and a
/// create-then-forget destroy nothing.
bool Destroys(const ResolvedResource& r);
/// Whether a policy of scope `s` judges `r`.
bool InScope(const ResolvedResource& r, Scope s);

/// Which resource entries are evaluated.
struct SelectOptions {
  /// Only resources the plan changes: no no-ops, and nothing from a state (which has
  /// no changes). Default: false (no-ops are judged too: they exist after apply).
  bool only_changes = false;
};

/// The managed resources of `plan` (deposed objects included), each with its change;
/// policies pick theirs with InScope. For a state, every managed object (kNone). Data
/// sources are left out. Fails on an action list plangate does not know.
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
  /// and traced through module inputs, module outputs and for_each
  /// ("aws_ssm_parameter.flag.value").
  std::vector<std::string> depends_on;
};

/// "known", "absent" or "unknown": how reports and `plangate explain` name a state.
const char* StateName(Resolution::State s);

/// Which object a path is resolved on.
enum class Side : unsigned char {
  kAfter,   ///< after apply (`after`, `after_unknown`, `after_sensitive`)
  kBefore,  ///< before the change (`before`, `before_sensitive`): known, absent for a
            ///< create and for a state
  kChange,  ///< the change itself: ResolvedResource::change_values
};

/// The module `depth` calls deep along `calls` from `root`, or nullptr when the
/// configuration does not hold it.
const plan::ConfigModule* FindModule(const plan::ConfigModule& root, const std::vector<std::string>& calls,
                                     std::size_t depth);

/// The longest traversals of a `references` list, each once: Terraform lists each
/// traversal and its shorter prefixes. Empty when `refs` is null or not a list.
std::vector<std::string> LongestReferences(const plan::Value* refs);

/// Resolves `path` on `r`. Pure: reads only the plan model.
Resolution Resolve(const ResolvedResource& r, const AttrPath& path, Side side = Side::kAfter);

}  // namespace plangate::resolve
