#include "base/suggest.h"

#include "catch.h"

namespace plangate {
namespace {

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[base]") {
  CHECK(EditDistance("equals", "equals") == 0);
  CHECK(EditDistance("equal", "equals") == 1);
  CHECK(EditDistance("sevrity", "severity") == 1);
  CHECK(EditDistance("is_ture", "is_true") == 1);  // adjacent swap
  CHECK(EditDistance("", "abc") == 3);
}

TEST_CASE("did you mean suggests only close matches", "[base]") {
  std::vector<std::string> ops = {"equals", "not_equals", "is_true", "is_false"};
  CHECK(DidYouMean("equal", ops) == "did you mean 'equals'?");
  CHECK(DidYouMean("is_ture", ops) == "did you mean 'is_true'?");
  CHECK(DidYouMean("zzzzzz", ops).empty());
  CHECK(DidYouMean("warning", {"fail", "warn", "pass"}) == "did you mean 'warn'?");
  CHECK(DidYouMean("is_", ops).empty());  // the start of two candidates: no guess
}

TEST_CASE("did you mean finds a name written in another case, however long", "[base]") {
  std::vector<std::string> names = {"aws-dynamodb-enable-recovery", "AVD-AWS-0024", "CKV_AWS_28"};
  CHECK(DidYouMean("ckv_aws_28", names) == "did you mean 'CKV_AWS_28'?");
  CHECK(DidYouMean("AWS-DYNAMODB-ENABLE-RECOVERY", names) == "did you mean 'aws-dynamodb-enable-recovery'?");
  CHECK(DidYouMean("Ckv_Aws_28", names) == "did you mean 'CKV_AWS_28'?");
}

}  // namespace
}  // namespace plangate
