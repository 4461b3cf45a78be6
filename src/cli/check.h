#pragma once
// The check pipeline: inputs → plan model → resolved resources → findings → report.

#include <ostream>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/loader.h"
#include "report/report.h"

namespace plangate::cli {

/// What `plangate check` was asked to do.
struct CheckOptions {
  std::vector<std::string> inputs;  ///< Paths, or "-" for standard input (once).
  policy::LoadOptions policies;     ///< Default: the built-in policies only.
  /// Unknown results close the gate. Default: false (reported, not blocking).
  bool fail_on_unknown = false;
};

/// Loads the policies, then reads and evaluates every input in turn, releasing each
/// plan before the next. Warnings (partial plans) go to `diagnostics`. Any input or
/// policy error fails the whole run: no report from a partial evaluation.
Result<report::Report> Check(const CheckOptions& options, std::ostream& diagnostics);

}  // namespace plangate::cli
