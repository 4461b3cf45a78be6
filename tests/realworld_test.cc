// Conformance over ../shared/realworld (80 real `terraform show -json` files). Registered
// with CTest only when that folder exists; it is never copied into the repository.

#include "catch.h"
#include <filesystem>
#include <map>
#include <sstream>

#include "cli/check.h"
#include "cli/cli.h"
#include "test_util.h"

namespace plangate {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> RealworldFiles() {
  std::vector<std::string> files;
  std::string root = testing::SharedDir() + "/realworld";
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("every real plan and state is read and evaluated (exit 0 or 1)", "[realworld]") {
  std::vector<std::string> files = RealworldFiles();
  REQUIRE(files.size() == 80);
  for (const std::string& file : files) {
    DYNAMIC_SECTION(file) {
      const char* argv[] = {"plangate", "check", "--format", "json", file.c_str()};
      std::ostringstream out, err;
      int code = cli::Run(5, argv, out, err);
      INFO(err.str());
      CHECK((code == 0 || code == 1));
      CHECK(out.str().rfind("{", 0) == 0);
    }
  }
}

TEST_CASE("every real file splits, and parsing only what is read gives the whole parse's result",
          "[realworld]") {
  std::vector<std::string> files = RealworldFiles();
  REQUIRE(files.size() == 80);
  plan::LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {};
  options.attributes_by_type["aws_dynamodb_table_replica"] = {};
  options.attributes_by_type["aws_s3_bucket"] = {};  // a common type, many real values
  for (const std::string& file : files) {
    DYNAMIC_SECTION(file) {
      Result<InputBuffer> bytes = ReadInput(file);
      REQUIRE(bytes.ok());
      auto [split, whole] = testing::LoadBothWays(file, bytes.value(), options, plan::LoadOptions::Parse::kSplit);
      CHECK(split == whole);
      CHECK(split.rfind("error", 0) != 0);
    }
  }
}

// The findings of one policy on one real file.
report::Report CheckWith(const std::string& file, const std::string& policy) {
  cli::CheckOptions options;
  options.inputs = {testing::SharedDir() + "/realworld/" + file};
  options.policies.select = {policy};
  std::ostringstream diagnostics;
  Result<report::Report> report = cli::Check(options, diagnostics);
  REQUIRE(report.ok());
  return std::move(report).value();
}

TEST_CASE("the four real DynamoDB plans give the known PITR verdicts", "[realworld]") {
  // file → (address, expected verdict)
  const std::map<std::string, std::pair<std::string, policy::Verdict>> cases = {
      {"checkov/dynamodb-pitr-enabled-with-asg_tf1.0.7.json",
       {"aws_dynamodb_table.basic-dynamodb-table", policy::Verdict::kPass}},
      {"checkov/dynamodb-pitr-omitted-unknown_tf0.13.6.json",
       {"aws_dynamodb_table.cross-environment-violations", policy::Verdict::kFail}},
      {"infracost/dynamodb-pitr-omitted-autoscaling_tf1.1.0-dev.json",
       {"aws_dynamodb_table.autoscale_dynamodb_table", policy::Verdict::kFail}},
      {"terraform-compliance/dynamodb-sse-kms-nested-unknown_tf0.12.20.json",
       {"aws_dynamodb_table.test", policy::Verdict::kFail}},
  };
  for (const auto& [file, expected] : cases) {
    DYNAMIC_SECTION(file) {
      report::Report report = CheckWith(file, "aws-dynamodb-enable-recovery");
      REQUIRE(report.findings.size() == 1);
      const policy::Finding& f = report.findings[0];
      CHECK(f.address == expected.first);
      CHECK(f.verdict == expected.second);
      if (expected.second == policy::Verdict::kFail) {
        CHECK(f.message ==
              "point_in_time_recovery is not set in the configuration, so the provider default "
              "point_in_time_recovery[0].enabled = false applies; expected true");
      }
    }
  }
}

TEST_CASE("the customer-key rule on the real DynamoDB plans", "[realworld]") {
  const std::map<std::string, policy::Verdict> cases = {
      // server_side_encryption with a KMS key ARN written in the configuration
      {"checkov/dynamodb-pitr-enabled-with-asg_tf1.0.7.json", policy::Verdict::kPass},
      // no server_side_encryption block: an AWS owned key
      {"checkov/dynamodb-pitr-omitted-unknown_tf0.13.6.json", policy::Verdict::kFail},
      {"infracost/dynamodb-pitr-omitted-autoscaling_tf1.1.0-dev.json", policy::Verdict::kFail},
      // the key is an aws_kms_key created in the same apply: its ARN is unknown, but
      // a key the configuration manages is a customer managed one
      {"terraform-compliance/dynamodb-sse-kms-nested-unknown_tf0.12.20.json", policy::Verdict::kPass},
  };
  for (const auto& [file, verdict] : cases) {
    DYNAMIC_SECTION(file) {
      report::Report report = CheckWith(file, "AVD-AWS-0025");
      REQUIRE(report.findings.size() == 1);
      CHECK(report.findings[0].verdict == verdict);
    }
  }
}

}  // namespace
}  // namespace plangate
