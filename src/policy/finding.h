#pragma once
// Findings: the result of one policy on one resource. Plain data for the reports.

#include <string>
#include <vector>

#include "policy/policy.h"

namespace plangate::policy {

enum class Status { kPass, kFail, kUnknown };

/// "pass", "fail" or "unknown".
const char* StatusName(Status s);

/// One policy's verdict on one resource. Never holds a sensitive value.
struct Finding {
  std::string input;    ///< The input as given on the command line (`<stdin>` for -).
  std::string address;  ///< The plan's address, byte for byte.
  std::string type;
  std::vector<std::string> actions;  ///< The plan's actions; empty for a state.
  const Policy* policy = nullptr;    ///< Points into the PolicySet, which outlives findings.
  Status status = Status::kPass;
  std::string attribute;  ///< The attribute path the policy tested.
  /// A sentence that explains the verdict: the value (unless sensitive), or why it
  /// is absent and which default applied, or what it depends on.
  std::string message;
  std::vector<std::string> depends_on;  ///< For unknown results.
  bool sensitive = false;               ///< The tested value is sensitive (not shown).
};

/// Sorts by (input, address, policy id): reports are byte-stable.
void SortFindings(std::vector<Finding>& findings);

}  // namespace plangate::policy
