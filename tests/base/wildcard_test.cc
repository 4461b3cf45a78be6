#include "base/wildcard.h"

#include "catch.h"
#include <string>

namespace plangate {
namespace {

TEST_CASE("without question marks (AWS Backup), * matches any run of characters and nothing else is special", "[base]") {
  CHECK(WildcardMatch("*", "", false));
  CHECK(WildcardMatch("*", "arn:aws:dynamodb:eu-west-1:1:table/x", false));
  CHECK(WildcardMatch("arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", false));
  CHECK_FALSE(WildcardMatch("arn:aws:dynamodb:*:*:table/*", "arn:aws:s3:::bucket", false));
  CHECK(WildcardMatch("arn:aws:dynamodb:*:*:table/ledger-*", "arn:aws:dynamodb:eu-west-1:1:table/ledger-2026", false));
  CHECK_FALSE(WildcardMatch("arn:aws:dynamodb:*:*:table/ledger-*", "arn:aws:dynamodb:eu-west-1:1:table/ledgers", false));
  CHECK(WildcardMatch("a*b*c", "aXbYbZc", false));
  CHECK_FALSE(WildcardMatch("a*b*c", "aXbYbZ", false));
  CHECK(WildcardMatch("exact", "exact", false));
  CHECK_FALSE(WildcardMatch("exact", "exactly", false));
  CHECK_FALSE(WildcardMatch("a?c", "abc", false));  // ? is a character like any other
  CHECK(WildcardMatch("a?c", "a?c", false));
  // Backtracking stays linear: a long text of near misses ends.
  CHECK_FALSE(WildcardMatch("*a*a*a*a*a*b", std::string(5000, 'a'), false));
}

TEST_CASE("with question marks, ? matches any one character (waivers)", "[base]") {
  CHECK(WildcardMatch("aws_dynamodb_table.t[?]", "aws_dynamodb_table.t[0]", true));
  CHECK_FALSE(WildcardMatch("aws_dynamodb_table.t[?]", "aws_dynamodb_table.t[10]", true));
  CHECK(WildcardMatch("module.*.aws_*", "module.a.aws_s3_bucket.b", true));
}

}  // namespace
}  // namespace plangate
