#pragma once
// The compiled policy model: immutable once the compiler has built it.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plan/value.h"
#include "resolve/attr_path.h"
#include "resolve/resolver.h"

namespace re2 {
class RE2;
}

namespace plangate::policy {

struct Operator;

/// Where a policy element was written: `file:line:col`.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string ToString() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

/// A name a policy file writes and the value it stands for. An enum's table of
/// these is the one place its names live: the compiler parses with it, reports
/// print with it, and "expected one of" lists it, in the table's order.
template <typename E>
struct Named {
  std::string_view name;
  E value;
};

/// The name of a table entry: a Named value's name, or a name-only entry itself.
template <typename E>
constexpr std::string_view NameOf(const Named<E>& entry) { return entry.name; }
constexpr std::string_view NameOf(std::string_view name) { return name; }

/// Every name in `table`, in order: for "expected one of" and "did you mean".
template <typename Entry, std::size_t N>
std::vector<std::string> NamesOf(const Entry (&table)[N]) {
  std::vector<std::string> names;
  for (const Entry& e : table) names.emplace_back(NameOf(e));
  return names;
}

/// The entry of `table` named `name`, or nullptr.
template <typename Entry, std::size_t N>
const Entry* FindName(const Entry (&table)[N], std::string_view name) {
  for (const Entry& e : table) {
    if (NameOf(e) == name) return &e;
  }
  return nullptr;
}

/// A policy's severities, lowest first. The policy keeps the name as written.
inline constexpr std::string_view kSeverities[] = {"low", "medium", "high", "critical"};

/// How a path with `[*]` is matched against the list's elements.
enum class Quantifier {
  kNone,   ///< The path has no `[*]`.
  kEvery,  ///< Every element matches; an empty (or absent) list passes.
  kSome,   ///< At least one element matches; an empty (or absent) list fails.
};
/// `for:` names; kNone has none (it is written by leaving `for` out).
inline constexpr Named<Quantifier> kQuantifiers[] = {{"every", Quantifier::kEvery},
                                                     {"some", Quantifier::kSome}};

/// The plan actions an `action:` condition may name: resolve::ChangeName's names,
/// and `replace` for every kind of replace.
inline constexpr std::string_view kActions[] = {
    "create", "update", "replace", "no-op", "delete", "delete-then-create", "create-then-delete",
    "create-then-forget", "forget", "read"};

/// `judges:` names: which objects a policy judges.
inline constexpr Named<resolve::Scope> kScopes[] = {{"after-apply", resolve::Scope::kAfterApply},
                                                    {"destroyed", resolve::Scope::kDestroyed},
                                                    {"changes", resolve::Scope::kChanges}};

/// `of:` names: which object a test's attribute is read on.
inline constexpr Named<resolve::Side> kSides[] = {
    {"after", resolve::Side::kAfter}, {"before", resolve::Side::kBefore}, {"change", resolve::Side::kChange}};

struct Condition;

/// One way a resource of another type relates to the resource judged: an entry of a
/// `related:` condition's `by`, `require` or `except`.
struct Relation {
  enum class Kind {
    kReferences,     ///< the related resource's `attribute` refers to this resource (configuration)
    kReferencedBy,   ///< this resource's `attribute` refers to the related resource (configuration)
    kEquals,         ///< the related resource's `attribute` (a string, or a list of strings)
                     ///< holds this resource's `to`
    kGlob,           ///< the same, each string a pattern in which `*` matches any run of
                     ///< characters (AWS Backup's wildcards)
    kTags,           ///< the related resource's `attribute` is a list of tag selector blocks
                     ///< (`type` STRINGEQUALS, `key`, `value`); one matches this resource's tags
    kTagConditions,  ///< the related resource's `attribute` is a list of condition blocks
                     ///< (`string_equals`, `string_like`, `string_not_equals`,
                     ///< `string_not_like` of `key` `aws:ResourceTag/KEY` and `value`); every
                     ///< entry holds for this resource's tags
  };
  Kind kind = Kind::kReferences;
  std::string attribute_text;
  resolve::AttrPath attribute;
  /// kEquals, kGlob: this resource's attribute compared with (required). kTags,
  /// kTagConditions: its tags (default: `tags_all`, and `tags` where that says enough).
  std::string to_text;
  resolve::AttrPath to;
  SourceLocation location, attribute_location, to_location;
};
/// The names of the relation kinds, as `by`, `require` and `except` entries write them.
inline constexpr Named<Relation::Kind> kRelationKinds[] = {
    {"references", Relation::Kind::kReferences}, {"referenced_by", Relation::Kind::kReferencedBy},
    {"equals", Relation::Kind::kEquals},         {"glob", Relation::Kind::kGlob},
    {"tags", Relation::Kind::kTags},             {"tag_conditions", Relation::Kind::kTagConditions}};
/// The name kRelationKinds gives `k`.
const char* RelationKindName(Relation::Kind k);

/// How a `related:` type names a data source: `data.aws_kms_alias`.
inline constexpr std::string_view kDataPrefix = "data.";

/// `related:`: there is a resource of `type` that exists after apply, meets `where`,
/// relates to this resource by one of `by`, meets every one of `require` and none of
/// `except`. Three-valued like every condition.
struct Related {
  /// A managed resource type, or `data.TYPE`: a data source, as its configuration
  /// block's constant arguments say (what is set from a reference is unknown).
  std::string type;
  std::unique_ptr<Condition> where;  ///< On the related resource; null: any.
  std::vector<Relation> by;          ///< At least one.
  std::vector<Relation> require;
  std::vector<Relation> except;
  /// Every top-level attribute read of the related resource (where, and the relations').
  std::vector<std::string> RelatedRoots() const;
  /// Every top-level attribute read of the resource judged (`to`, `referenced_by`).
  std::vector<std::string> OwnRoots() const;
};

/// A condition tree. Three-valued: each node passes, fails or is unknown.
struct Condition {
  enum class Kind {
    kTest,    ///< `attribute` `operator` [`value` | `param`]
    kAll,     ///< every child passes
    kAny,     ///< some child passes
    kNot,     ///< the one child fails
    kAction,  ///< the plan's action is one of `names` (kActions)
    kType,    ///< the resource's type is one of `names`
    kByType,  ///< the child for the resource's type
    kRelated, ///< a related resource of another type (`related`)
  };
  Kind kind = Kind::kTest;
  SourceLocation location;

  // kTest, as written (kept for messages and later passes)
  std::string attribute_text;
  std::string op_name;
  bool has_value = false;            ///< `value:` given
  SourceLocation attribute_location, op_location, value_location;

  // kTest, compiled
  resolve::AttrPath attribute;
  /// `of:`: the object the attribute is read on. Default: after apply.
  resolve::Side side = resolve::Side::kAfter;
  /// `compare_to: before`: the operator's argument is the attribute's value before the
  /// change (or its default); with none, the test passes: nothing to compare with.
  bool compare_to_before = false;
  Quantifier quantifier = Quantifier::kNone;
  const Operator* op = nullptr;  ///< Points into the static operator table.
  plan::Value argument;          ///< Bound: a literal `value` or the parameter's value.
  std::string param;             ///< The parameter named by `param:`, or "".
  std::shared_ptr<const re2::RE2> regex;  ///< `matches`: compiled once.

  // kAll, kAny, kNot (one child), kByType (children[i] applies to names[i])
  std::vector<Condition> children;
  // kAction (each one of kActions), kType: the accepted names; kByType: the type of each child
  std::vector<std::string> names;
  // kRelated
  std::shared_ptr<Related> related;
};

/// A part of a note's text: literal text, or a field of the resource it is said of.
struct NotePart {
  std::string text;  ///< Literal text (when !field).
  bool field = false;
  resolve::Side side = resolve::Side::kAfter;  ///< A field: which object,
  resolve::AttrPath path;                       ///< and which attribute of it.
};

/// `explain:` entry: a sentence said of a failing or unknown result when `when`
/// holds. Fields `{after.PATH}`, `{before.PATH}` and `{change.NAME}` are filled in
/// from the resource (a sensitive part as <sensitive>; change.action_reason in words).
struct Note {
  std::unique_ptr<Condition> when;  ///< Null: always said.
  std::string say;                  ///< As written.
  std::vector<NotePart> parts;      ///< `say`, compiled.
  SourceLocation location;
};

/// What the gate does with a result: Sentinel's enforcement levels.
enum class Enforcement {
  kAdvisory,       ///< Reported; never closes the gate.
  kSoftMandatory,  ///< Closes the gate unless waived.
  kHardMandatory,  ///< Closes the gate even when a waiver names it.
};
/// `enforcement:` names, in the order they are documented.
inline constexpr Named<Enforcement> kEnforcements[] = {{"advisory", Enforcement::kAdvisory},
                                                       {"soft-mandatory", Enforcement::kSoftMandatory},
                                                       {"hard-mandatory", Enforcement::kHardMandatory}};
/// The name kEnforcements gives `e`.
const char* EnforcementName(Enforcement e);

/// What an unknown result (known only after apply) counts as.
enum class OnUnknown {
  kFail,  ///< A failure.
  kWarn,  ///< Reported as unknown; blocks only with --fail-on-unknown.
  kPass,  ///< A pass (the message still says it was unknown).
};
/// `on_unknown:` names, in the order they are documented.
inline constexpr Named<OnUnknown> kOnUnknowns[] = {
    {"fail", OnUnknown::kFail}, {"warn", OnUnknown::kWarn}, {"pass", OnUnknown::kPass}};
/// The name kOnUnknowns gives `u`.
const char* OnUnknownName(OnUnknown u);

/// A policy parameter: a value a team can override without copying the policy.
struct Parameter {
  plan::Value value;  ///< The default, or the override once bound.
  std::string description;
  SourceLocation location;
};

/// A policy as compiled from YAML.
struct Policy {
  std::string id;  ///< Unique, kebab-case.
  std::string title;
  std::string severity;  ///< One of kSeverities.
  std::vector<std::string> aliases;  ///< Ids of the same rule in other tools.
  std::string category;
  std::string description;
  std::string impact;
  std::string resolution;
  std::vector<std::string> links;
  std::vector<std::string> resource_types;
  /// Runs by default. Default: true; `enabled: false` policies run only when
  /// selected with --policy (or a config file's `policies:`).
  bool enabled = true;
  Enforcement enforcement = Enforcement::kSoftMandatory;
  /// `judges:`: which objects the policy judges. Default: what exists after apply.
  resolve::Scope judges = resolve::Scope::kAfterApply;
  OnUnknown on_unknown = OnUnknown::kWarn;
  std::map<std::string, Parameter> parameters;
  /// Attribute path text → the value the provider sets when the configuration leaves it out.
  std::map<std::string, plan::Value> defaults;
  /// Selects the resources to evaluate; absent: all of `resource_types`.
  std::unique_ptr<Condition> where;
  Condition condition;
  /// `explain:`: when a result fails or is unknown and one or more of these hold,
  /// its message is their sentences (in order) instead of the condition's explanation.
  std::vector<Note> explain;
  SourceLocation location;  ///< Of the policy's first key.

  /// Every attribute path's top-level name that `where`, `condition` and `explain`
  /// read of the plan (after apply or before the change).
  std::vector<std::string> RootAttributes() const;
  /// Whether `name` is this policy's id or one of its aliases.
  bool IsNamed(std::string_view name) const;
};

/// Calls fn(Related&) on every `related` in `c`, those inside another's `where` too,
/// outermost first. `C`: Condition or const Condition.
template <typename C, typename Fn>
void ForEachRelated(C& c, const Fn& fn) {
  if (c.kind == Condition::Kind::kRelated) {
    fn(*c.related);
    if (c.related->where) ForEachRelated(*c.related->where, fn);
  }
  for (auto& child : c.children) ForEachRelated(child, fn);
}

/// The same over a whole policy: its where, its condition and its notes' when.
/// `P`: Policy or const Policy.
template <typename P, typename Fn>
void ForEachRelatedOf(P& policy, const Fn& fn) {
  if (policy.where) ForEachRelated(*policy.where, fn);
  ForEachRelated(policy.condition, fn);
  for (auto& note : policy.explain) {
    if (note.when) ForEachRelated(*note.when, fn);
  }
}

/// The compiled policies, sorted by id, and what they need from a plan.
class PolicySet {
 public:
  PolicySet() = default;
  /// REQUIRES: ids are unique (the compiler checks).
  explicit PolicySet(std::vector<Policy> policies);
  PolicySet(PolicySet&&) = default;
  PolicySet& operator=(PolicySet&&) = default;

  const std::vector<Policy>& policies() const { return policies_; }
  /// Policies targeting `type`, in id order (empty when none).
  const std::vector<const Policy*>& ForType(const std::string& type) const;
  /// Resource type → top-level attributes the policies read (for the plan loader).
  std::map<std::string, std::vector<std::string>, std::less<>> AttributesByType() const;

  /// Every id and alias of the policies compiled, selected for this run or not
  /// (waivers may name a policy skipped this time).
  const std::vector<std::string>& known_names() const { return known_names_; }
  void set_known_names(std::vector<std::string> names) { known_names_ = std::move(names); }

 private:
  std::vector<Policy> policies_;
  std::vector<std::string> known_names_;
  std::map<std::string, std::vector<const Policy*>> by_type_;
};

}  // namespace plangate::policy
