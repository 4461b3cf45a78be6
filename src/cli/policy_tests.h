#pragma once
// `plangate policies test`: a policy folder's test cases, run like a test runner.
//
// A folder's tests/*.yaml files each hold cases for one policy:
//   policy: aws-dynamodb-enable-recovery
//   cases:
//     - name: block omitted on create fails
//       plan: plans/omitted.json          # relative to the test file
//       params: {min_days: 30}            # optional parameter overrides
//       expect:                           # every reported address, with its status:
//         aws_dynamodb_table.orders: fail #   pass, fail, unknown, or none (no result)

#include <ostream>
#include <string>
#include <vector>

namespace plangate::cli {

/// Runs the test cases of each policy folder in `folders`, printing one line per
/// case and a closing `policies: N passed, N failed` line to `out`. Returns kExitOk
/// when every case passes, kExitBlocked when one fails, kExitError when a folder,
/// test file or plan is broken (the message goes to `err`).
int RunPolicyTests(const std::vector<std::string>& folders, std::ostream& out, std::ostream& err);

}  // namespace plangate::cli
