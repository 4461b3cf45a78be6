#pragma once
// The shipped policies, compiled into the binary from policies/*.yaml.

#include <string_view>
#include <vector>

namespace plangate::policy {

/// One shipped policy file: its repository path (for diagnostics) and its text.
struct BuiltinPolicyFile {
  std::string_view path;
  std::string_view text;
};

/// Every file of policies/, in name order. Generated at build time.
const std::vector<BuiltinPolicyFile>& BuiltinPolicyFiles();

}  // namespace plangate::policy
