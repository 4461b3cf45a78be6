#pragma once
// The plan model: what the loader extracts from `terraform show -json` output.
// Plain data; no JSON library types leak out of plan/.

#include <map>
#include <string>
#include <vector>

#include "plan/value.h"

namespace plangate::plan {

/// What kind of document an input is.
enum class DocumentKind { kPlan, kState };

/// One resource instance as the document describes it: a `resource_changes` entry
/// for a plan, a `values.root_module` (or child module) resource for a state.
struct Resource {
  std::string address;         ///< Byte for byte as the document writes it.
  std::string module_address;  ///< "" in the root module.
  std::string mode;            ///< "managed" or "data".
  std::string type;
  std::string name;
  std::string index_json;      ///< The `index` as JSON text ("0", "\"a.b\""), "" when absent.
  std::vector<std::string> actions;  ///< Plan change actions; empty for a state.
  bool deposed = false;        ///< A deposed object (`deposed` / `deposed_key` present).
  /// Attributes after apply (a state's `values`), only the top-level keys that
  /// policies read for this type. Unknown attributes are missing here.
  Value after;
  /// `change.after_unknown` (same keys); null for a state or when absent.
  Value after_unknown;
  /// `change.after_sensitive` / `sensitive_values` (same keys); may be `false` or null.
  Value after_sensitive;
  /// `change.before`, the object before the change (same keys as `after`); null for
  /// a create, a state, or a plan that does not say.
  Value before;
  /// `change.before_sensitive` (same keys); may be `false` or null.
  Value before_sensitive;
  /// `change.replace_paths` as written: an array of paths, each an array of keys
  /// (strings) and indexes (numbers); null when absent.
  Value replace_paths;
  /// `action_reason` as written ("replace_because_cannot_update", ...; Terraform adds
  /// new ones, kept as they are); "" when absent.
  std::string action_reason;
  /// `previous_address`: the address before a `moved` block; "" when absent.
  std::string previous_address;
  /// `change.importing` is present: this plan imports the object.
  bool importing = false;
  /// The line (from 1) of the input that its object (the `resource_changes` entry, or
  /// the state's resource) begins on: where reports point. 0 unless LoadOptions::lines.
  std::size_t line = 0;
};

/// A resource block in the `configuration` section (module-relative).
struct ConfigResource {
  std::string mode;
  std::string type;
  std::string name;
  Value expressions;  ///< `expressions`, only the keys policies read; null when absent.
  /// `for_each_expression` (what `each.key` and `each.value` come from); null when absent.
  Value for_each;
};

struct ConfigModule;

/// A `module_calls` entry: the input expressions and the called module.
struct ModuleCall {
  Value expressions;  ///< Input name → expression object (`references`, `constant_value`).
  Value for_each;     ///< `for_each_expression`; null when absent.
  std::string source; ///< `source` as written (`./modules/store`, a registry address); "" when absent.
  std::vector<ConfigModule> module;  ///< Zero or one element (a vector breaks the type cycle).
};

/// One module of the `configuration` section.
struct ConfigModule {
  std::vector<ConfigResource> resources;
  /// Managed resources by type, then name → their position in `resources` (built by the loader).
  std::map<std::string, std::map<std::string, std::size_t, std::less<>>, std::less<>> index;
  std::map<std::string, ModuleCall> module_calls;
  /// `outputs`: output name → its `expression` (`references`, `constant_value`).
  std::map<std::string, Value, std::less<>> outputs;
};

/// Everything plangate needs from one input document.
struct Plan {
  std::string source;  ///< Display name of the input (path as given, or `<stdin>`).
  DocumentKind kind = DocumentKind::kPlan;
  std::string format_version;
  std::string terraform_version;  ///< "" when the document does not say.
  bool errored = false;           ///< `errored: true`: the plan is partial.
  bool has_configuration = false;
  std::vector<Resource> resources;  ///< In document order.
  /// Every managed resource's type, kept in `resources` or not, and how many resources
  /// of it the document holds: a plan's `resource_changes` entries, a state's
  /// resources. What the summary says was not judged, and the types a policy's
  /// misspelt type may have meant.
  std::map<std::string, std::size_t, std::less<>> resource_types;
  /// `resource_drift`: what Terraform found changed outside its control, entries of
  /// the types policies read, in the shape of `resources` (before: the last state
  /// Terraform wrote; after: what it found).
  std::vector<Resource> drift;
  ConfigModule configuration;
};

}  // namespace plangate::plan
