// Related resources: AWS Backup's wildcard, what references are followed to, and the
// index: checked against deciding every pair, on every fixture plan.

#include "policy/relations.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>

#include "policy/loader.h"
#include "resolve/references.h"
#include "test_util.h"

namespace plangate::policy {
namespace {

namespace fs = std::filesystem;

TEST_CASE("AWS Backup's * matches any run of characters, and nothing else is special", "[relations]") {
  CHECK(GlobMatches("*", ""));
  CHECK(GlobMatches("*", "arn:aws:dynamodb:eu-west-1:1:table/x"));
  CHECK(GlobMatches("arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"));
  CHECK_FALSE(GlobMatches("arn:aws:dynamodb:*:*:table/*", "arn:aws:s3:::bucket"));
  CHECK(GlobMatches("arn:aws:dynamodb:*:*:table/ledger-*", "arn:aws:dynamodb:eu-west-1:1:table/ledger-2026"));
  CHECK_FALSE(GlobMatches("arn:aws:dynamodb:*:*:table/ledger-*", "arn:aws:dynamodb:eu-west-1:1:table/ledgers"));
  CHECK(GlobMatches("a*b*c", "aXbYbZc"));
  CHECK_FALSE(GlobMatches("a*b*c", "aXbYbZ"));
  CHECK(GlobMatches("exact", "exact"));
  CHECK_FALSE(GlobMatches("exact", "exactly"));
  CHECK_FALSE(GlobMatches("a?c", "abc"));  // ? is a character like any other
  CHECK(GlobMatches("a?c", "a?c"));
  // Backtracking stays linear: a long text of near misses ends.
  CHECK_FALSE(GlobMatches("*a*a*a*a*a*b", std::string(5000, 'a')));
}

}  // namespace
}  // namespace plangate::policy
