#pragma once
// Related resources: how a resource of another type relates to the one judged
// (`related:` conditions), and the per-plan index that finds, for each resource
// judged, the few related resources worth deciding. Pure: reads only the plan model.

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/policy.h"
#include "resolve/references.h"
#include "resolve/resolver.h"

namespace plangate::policy {

/// Kleene three-valued truth: what every condition and relation decides.
enum class Truth { kPass, kFail, kUnknown };

/// What one relation says of a related resource and the resource judged.
struct Link {
  Truth truth = Truth::kFail;
  /// In words, naming only the related resource's values (never a sensitive one):
  /// "resources refers to this resource (aws_dynamodb_table.orders)".
  std::string why;
  /// Unknown: the references it depends on.
  std::vector<std::string> depends_on;
};

/// Which list of a `related:` a relation is in. A selector that selects nothing
/// (an empty or absent list of values, tags or conditions) relates nothing in `by`
/// and `except`, and asks nothing in `require`.
enum class Role { kBy, kRequire, kExcept };

/// `rel` between `related` (the other resource) and `judged`.
Link Relate(const Relation& rel, Role role, const resolve::ResolvedResource& related,
            const resolve::ResolvedResource& judged);

/// The resources of one `related:`'s type in one plan, indexed by what its `by`
/// relations read: reference targets, known values, value patterns, tag pairs. For a
/// resource judged, For() gives every related resource a `by` relation may hold for
/// (each one a lookup, never a scan of the others); every other one it certainly
/// does not hold for.
class RelatedIndex {
 public:
  /// `resources`: every resource of the plan (the index keeps pointers into it).
  RelatedIndex(const Related& related, const std::vector<resolve::ResolvedResource>& resources);

  struct Candidates {
    /// Related resources some `by` relation may hold for: each is decided.
    std::vector<std::size_t> sure;
    /// Lists of related resources whose `by` relations hold at best unknown for this
    /// resource (what they compare with is known only after apply): deciding one
    /// that is not a failure is enough. They may repeat, include `sure` ones, and the
    /// resource judged itself: skip those. Lists, not copies: they may be long.
    std::vector<const std::vector<std::size_t>*> at_most_unknown;
    /// Whether `t` is in one of the at_most_unknown lists.
    bool MaybeUnknown(std::size_t t) const;
  };
  /// `sure` ascending (document order), without the resource judged.
  Candidates For(const resolve::ResolvedResource& judged) const;

  /// The related type's resources, in document order: those that exist after apply,
  /// and those this plan deletes or forgets (gone(): never related, but named when
  /// they would have been).
  const std::vector<const resolve::ResolvedResource*>& related() const { return related_; }
  bool gone(std::size_t i) const { return gone_[i]; }

 private:
  void IndexBy(const Relation& rel, std::size_t t);
  // `data.TYPE`: each data source block of the configuration, as a resource whose
  // values are its constant arguments.
  void AddDataSources(const plan::Plan& plan, std::string_view type);

  std::deque<plan::Resource> data_;                    // what related_ points to for
  std::deque<resolve::ResolvedResource> data_resolved_;  // data sources

  const Related& rel_;
  std::vector<const resolve::ResolvedResource*> related_;
  std::vector<bool> gone_;
  // Reference targets (and the targets of values known only after apply), by base text.
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, resolve::RefTarget>>> by_target_;
  // Every related resource by its base text (referenced_by).
  std::unordered_map<std::string, std::vector<std::size_t>> by_base_;
  std::unordered_map<std::string, std::vector<std::size_t>> exact_;  // known values without `*`
  // Patterns, each by the rarest of its literal runs (the text between two `*`s) among
  // all the patterns; a value is looked up by each of its substrings of a length
  // some run has. Runs view into pattern_text_.
  std::deque<std::string> pattern_text_;
  std::vector<std::pair<std::size_t, std::string_view>> pending_patterns_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> runs_;
  std::vector<std::size_t> run_lengths_;
  void IndexPatterns();
  std::unordered_map<std::string, std::vector<std::size_t>> tag_pairs_;  // key '\0' value
  std::vector<std::size_t> all_;            // every position
  std::vector<std::size_t> always_;         // may relate to anything
  std::vector<std::size_t> value_holders_;  // hold known values (equals, glob)
  std::vector<std::size_t> tag_holders_;    // hold tag selectors or conditions
  // Values known only after apply that refer only to resources of the key type.
  std::map<std::string, std::vector<std::size_t>> typed_unknown_;
};

}  // namespace plangate::policy
