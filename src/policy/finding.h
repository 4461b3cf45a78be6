#pragma once
// Findings: the result of one policy on one resource. Plain data for the reports.

#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"
#include "resolve/resolver.h"

namespace plangate::policy {

enum class Verdict {
  kPass,
  kFail,
  kUnknown,
  kWaived,  ///< A failing or unknown result that a waiver accepts: never blocking.
};

/// "pass", "fail", "unknown" or "waived".
const char* VerdictName(Verdict v);

/// An attribute whose value decided a policy's verdict, as plangate resolved it: the
/// attributes the message words. Never holds a sensitive value.
struct Read {
  /// kKnown: `value`, or `sensitive`; kAbsent: `reason`, and the provider default in
  /// `value` ("" when none applies); kUnknown: known only after apply, `depends_on`.
  using State = resolve::Resolution::State;
  /// The attribute as the message names it: element indices filled in, `before.` or
  /// `change.` first when read there.
  std::string path;
  State state = State::kKnown;
  /// kKnown: the value is sensitive, and `value` is "".
  bool sensitive = false;
  /// kKnown: the value as JSON, any sensitive part inside it as <sensitive>. kAbsent:
  /// the provider default the policy applies, as JSON; "" when none does.
  std::string value;
  /// kAbsent: why, e.g. "point_in_time_recovery is not set in the configuration".
  std::string reason;
  /// kUnknown: the references that make it unknown; empty when the provider computes it.
  std::vector<std::string> depends_on;
};

/// One policy's verdict on one resource. Never holds a sensitive value.
struct Finding {
  std::string input;    ///< The input as given on the command line (`<stdin>` for -).
  std::string address;  ///< The plan's address, byte for byte.
  std::string type;
  std::vector<std::string> actions;  ///< The plan's actions; empty for a state.
  const Policy* policy = nullptr;    ///< Points into the PolicySet, which outlives findings.
  /// After the policy's on_unknown: an unknown counted as fail or pass shows so here.
  Verdict verdict = Verdict::kPass;
  /// The value was known only after apply (whatever on_unknown made of it).
  bool unknown = false;
  /// The attribute that decided the verdict (the first, when several did).
  std::string attribute;
  /// Sentences that explain the verdict: the value (unless sensitive), or why it is
  /// absent and which default applied, or what it depends on.
  std::string message;
  std::vector<std::string> depends_on;  ///< For unknown values.
  bool sensitive = false;               ///< A tested value is sensitive (not shown).
  /// kWaived: the index of the waiver in the report's waivers; -1 otherwise.
  int waiver = -1;
  /// kWaived: the verdict the result had before the waiver (fail or unknown).
  Verdict waived_verdict = Verdict::kFail;
  /// The change's action_reason as the plan writes it; "" when it has none.
  std::string action_reason;
  /// The change's replace_paths, in attribute-path syntax (`hash_key`, `attribute[1].name`).
  std::vector<std::string> replace_paths;
  /// The attributes this policy reads that resource_drift shows changed outside
  /// Terraform; empty when none did.
  std::vector<std::string> drift;
  /// The line of the input that the resource's entry begins on (plan::Resource::line);
  /// 0 when not counted.
  std::size_t line = 0;
  /// --source-dir: the `.tf` file the resource's block is written in (relative to the
  /// working directory), and the line and column of the attribute that decided the
  /// verdict when the block writes it, else of the block's header; "" and 0 when the
  /// block was not found (the reports then point at the plan).
  std::string source_file;
  std::size_t source_line = 0, source_column = 0;
  /// The line of the block's header in `source_file`: names the block, for the
  /// waivers written in it.
  std::size_t block_line = 0;
  /// The attributes whose values decided the verdict, each once, in the order the
  /// message words them; filled only when EvaluateOptions::reads asks.
  std::vector<Read> reads;
};

/// The order of inputs in a report, by name, the documents of a stream (NAME#1,
/// NAME#2, ..., NAME#10) in their order: findings are sorted by it, and so is the
/// report's list of inputs.
bool InputBefore(std::string_view a, std::string_view b);

/// Sorts by (input, address, policy id): reports are byte-stable.
void SortFindings(std::vector<Finding>& findings);

/// Appends to `out` the findings of several inputs, each group sorted by SortFindings
/// already: the groups in input order, without sorting the whole. For distinct
/// inputs that is the order SortFindings gives them all; an input given twice keeps
/// a group per occurrence, in the order given. The groups are left empty.
void AppendSortedGroups(std::vector<std::vector<Finding>*> groups, std::vector<Finding>& out);

}  // namespace plangate::policy
