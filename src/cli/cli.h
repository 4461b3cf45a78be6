#pragma once
// The command line. CLI11 lives here only.

#include <ostream>

namespace plangate::cli {

/// Exit codes, documented in the README.
inline constexpr int kExitOk = 0;        ///< No blocking result.
inline constexpr int kExitBlocked = 1;   ///< At least one blocking result.
inline constexpr int kExitError = 2;     ///< Usage, input or policy error.

/// Runs plangate with `argv`; the report goes to `out`, diagnostics to `err`.
/// `out_is_terminal` decides colour under `--color auto`.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        bool out_is_terminal = false);

/// Runs with the process's streams (std::cout, std::cerr).
int Run(int argc, char** argv);

}  // namespace plangate::cli
