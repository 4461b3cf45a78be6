#pragma once
// Waivers: accepted, owned, expiring exceptions to policy results (--waivers FILE).
//
//   waivers:
//     - policy: aws-dynamodb-enable-recovery      # id or alias
//       address: module.legacy.*                  # glob over the full address: * and ?
//       reason: Scratch tables, dropped with the legacy module in Q1
//       owner: data-platform@example.com
//       expires: 2027-03-31                       # valid through that day (UTC)

#include <string>
#include <vector>

#include "base/error.h"
#include "policy/finding.h"
#include "policy/policy.h"

namespace plangate::policy {

/// The most waivers one file holds: each failing result is matched against its
/// policy's waivers, so many thousands would make a run slow. Globs cover many
/// resources with one waiver.
inline constexpr std::size_t kMaxWaivers = 1000;

/// One waiver as written.
struct Waiver {
  std::string policy;   ///< As written: an id or an alias.
  std::string policy_id;  ///< The id it names, "" when no policy of this run has that name.
  std::string address;  ///< Glob over the full address.
  std::string reason;
  std::string owner;
  std::string expires;  ///< YYYY-MM-DD.
  SourceLocation location;
  /// A waiver written in a `.tf` file (`# plangate:waive`): the block it waives every
  /// instance of, by its file and header line (as Finding::source_file and
  /// block_line); "" and 0 for a waiver of the waivers file, which `address` matches.
  std::string block_file;
  std::size_t block_line = 0;
};

/// What became of a waiver in one run.
struct WaiverStatus {
  enum class State {
    kActive,         ///< Waived at least one result.
    kUnused,         ///< Matched no failing or unknown result: the exception may be obsolete.
    kExpired,        ///< Past its date: waives nothing.
    kHardMandatory,  ///< Matched only results of hard-mandatory policies, which no waiver overrides.
  };
  Waiver waiver;
  State state = State::kUnused;
  std::size_t waived = 0;  ///< Results it waived.
};

/// "active", "unused", "expired", "hard-mandatory".
const char* WaiverStateName(WaiverStatus::State s);

/// Reads a waiver file. Every field is required; `policy` must name a policy plangate
/// knows (`known`: ids and aliases, including policies not selected for this run);
/// `expires` must be a real date. Errors are `file:line:col` and exit 2.
Result<std::vector<Waiver>> LoadWaivers(const std::string& path, const PolicySet& set);

/// LoadWaivers on text already read; `source` names it in diagnostics.
Result<std::vector<Waiver>> ParseWaivers(const std::string& source, const std::string& text,
                                         const PolicySet& set);

/// The waiver a `.tf` comment writes: `text` is what follows `plangate:`, e.g.
/// `waive ID expires=2027-03-31 owner=team@example.com reason="a scratch table"`;
/// `location` is where `plangate:` begins, `block_name` (TYPE.NAME), `block_file` and
/// `block_line` name the block it is in or above. The fields mean what they mean in a
/// waivers file, and all three are required; a value holding spaces is quoted, with
/// \" and \\ for a quote and a backslash. Errors point at the field (`file:line:col`).
Result<Waiver> ParseInlineWaiver(std::string_view text, const SourceLocation& location,
                                 const std::string& block_name, const std::string& block_file,
                                 std::size_t block_line, const PolicySet& set);

/// Whether `address` matches `glob` (`*`: any run of characters, `?`: one character;
/// everything else, brackets and quotes included, matches itself).
bool GlobMatch(std::string_view glob, std::string_view address);

/// Applies the waivers that have not expired by `today` (YYYY-MM-DD) to failing and
/// unknown findings: each matching one becomes kWaived with `waiver` set to the
/// waiver's index, except for hard-mandatory policies. Returns each waiver's status.
std::vector<WaiverStatus> ApplyWaivers(const std::vector<Waiver>& waivers, const std::string& today,
                                       std::vector<Finding>& findings);

}  // namespace plangate::policy
