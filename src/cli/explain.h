#pragma once
// `plangate explain INPUT ADDRESS`: one resource, and why each policy said what it said.

#include <string>

#include "base/error.h"
#include "policy/loader.h"

namespace plangate::cli {

/// What `plangate explain` was asked.
struct ExplainOptions {
  std::string input;              ///< A path, or "-" for standard input.
  std::string address;            ///< Byte for byte as the plan writes it.
  policy::LoadOptions policies;   ///< The same as `check` takes. Default: the built-in policies.
  std::string format = "text";    ///< One of explain::FormatNames(). Default: text.
};

/// Loads the policies and the input, finds every object at `address` (in each document of
/// a stream; a deposed object beside the current one) and renders their explanation. An
/// address the input does not hold, a data source, a bad input or policy: an Error, with
/// "did you mean" from the addresses present.
Result<std::string> Explain(const ExplainOptions& options);

}  // namespace plangate::cli
