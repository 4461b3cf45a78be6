#include "cli/cli.h"
#include "cli/check.h"

#include "catch.h"
#include <set>
#include <sstream>

#include "test_util.h"

namespace plangate::cli {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Run(std::vector<std::string> args) {
  args.insert(args.begin(), "plangate");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

std::string Fixture(const std::string& name) {
  return testing::SourceDir() + "/fixtures/" + name + "/plan.json";
}

TEST_CASE("exit 1 when a result fails, 0 when none does", "[cli]") {
  CHECK(Run({"check", Fixture("seed-insecure")}).code == 1);
  CHECK(Run({"check", Fixture("seed-secure")}).code == 0);
}

TEST_CASE("unknown results block only with --fail-on-unknown", "[cli]") {
  CHECK(Run({"check", Fixture("pitr-unknown-from-resource")}).code == 0);
  CHECK(Run({"check", "--fail-on-unknown", Fixture("pitr-unknown-from-resource")}).code == 1);
}

TEST_CASE("several inputs give one report", "[cli]") {
  Outcome o = Run({"check", "--format", "json", Fixture("seed-secure"), Fixture("pitr-disabled")});
  CHECK(o.code == 1);
  CHECK(o.out.rfind('{', 0) == 0);
  CHECK(o.out.find(R"("inputs": [)") != std::string::npos);
  CHECK(o.out.find("seed-secure/plan.json") < o.out.find("\"results\""));
  CHECK(o.out.find("pitr-disabled/plan.json") < o.out.find("\"results\""));
  // Results sorted by input: pitr-disabled sorts before seed-secure.
  CHECK(o.out.find(R"("address": "aws_dynamodb_table.orders")") <
        o.out.find(R"("address": "aws_dynamodb_table.good_example")"));
}

TEST_CASE("input errors exit 2 with the message on stderr and nothing on stdout", "[cli]") {
  Outcome o = Run({"check", "/nonexistent/plan.json"});
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(o.err == "plangate: error: /nonexistent/plan.json: no such file; check the path\n");
  CHECK(Run({"check", testing::SourceDir() + "/fixtures"}).code == 2);
}

TEST_CASE("an error in any input fails the run: no partial report", "[cli]") {
  Outcome o = Run({"check", Fixture("seed-insecure"), "/nonexistent/plan.json"});
  CHECK(o.code == 2);
  CHECK(o.out.empty());
}

TEST_CASE("an input whose results would pass the limit is refused before it is evaluated", "[cli]") {
  CheckOptions options;
  options.inputs = {Fixture("actions")};
  options.max_results = 3;
  std::ostringstream diagnostics;
  Result<report::Report> r = Check(options, diagnostics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() == Fixture("actions") +
                                   ": 9 resources and 7 policies would give 46 results, more than plangate reports "
                                   "for one input (3); run fewer policies (--policy, --skip-policy), or gate each "
                                   "root module's plan on its own");
  options.max_results = 46;  // exactly at the limit
  CHECK(Check(options, diagnostics).ok());
}

TEST_CASE("only_changes leaves out no-ops but never a table the plan destroys", "[cli]") {
  CheckOptions options;
  options.inputs = {Fixture("data-loss-actions")};
  options.only_changes = true;
  options.policies.select = {"aws-dynamodb-table-destroy", "aws-dynamodb-recovery-disabled"};
  std::ostringstream diagnostics;
  Result<report::Report> r = Check(options, diagnostics);
  REQUIRE(r.ok());
  std::set<std::string> destroyed, judged;
  for (const policy::Finding& f : r.value().findings) {
    (f.policy->id == "aws-dynamodb-table-destroy" ? destroyed : judged).insert(f.address);
  }
  CHECK(destroyed.size() == 12);  // deletes (two deposed), replaces of both orders
  CHECK(destroyed.count("aws_dynamodb_table.rebuilt") == 1);  // its deposed object
  CHECK(judged.count("aws_dynamodb_table.unchanged_pitr_on") == 0);  // a no-op
  CHECK(judged.count("aws_dynamodb_table.imported_pitr_off") == 1);
}

TEST_CASE("more policy files than the limit are refused", "[cli]") {
  policy::LoadOptions o;
  o.paths = {testing::SourceDir() + "/policies"};
  o.max_policies = 5;  // four built-in policies and four shipped files
  Result<policy::PolicySet> set = policy::LoadPolicySet(o);
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().message() == testing::SourceDir() +
                                     "/policies: more than 5 policy files in all; plangate loads at most 5; pass the "
                                     "folders of the policies this gate needs");
  o.max_policies = 8;
  CHECK_FALSE(policy::LoadPolicySet(o).ok());  // loads, then the shipped ids clash with the built-in ones
}

TEST_CASE("a broken policy exits 2 and never lets a plan pass", "[cli]") {
  std::string dir = testing::SourceDir() + "/tests/cli/broken-policy";
  Outcome o = Run({"check", "--policies", dir, Fixture("seed-secure")});
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(o.err.find("broken-policy/typo.yaml:") != std::string::npos);
  CHECK(o.err.find("unknown operator 'equal'; did you mean 'equals'?") != std::string::npos);
}

TEST_CASE("usage errors exit 2, help and version exit 0", "[cli]") {
  CHECK(Run({}).code == 2);
  CHECK(Run({"check"}).code == 2);
  CHECK(Run({"check", "--format", "yaml", Fixture("seed-secure")}).code == 2);
  CHECK(Run({"check", "--bogus", Fixture("seed-secure")}).code == 2);
  CHECK(Run({"check", "-", "-"}).err == "plangate: error: standard input (-) can be given only once\n");
  CHECK(Run({"--help"}).code == 0);
  Outcome v = Run({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out.find("0.1.0") != std::string::npos);
}

TEST_CASE("a run with --no-builtin-policies and no other policy is a usage error", "[cli]") {
  Outcome o = Run({"check", "--no-builtin-policies", Fixture("seed-insecure")});
  CHECK(o.code == 2);
  CHECK(o.err == "plangate: error: no policies to evaluate; drop --no-builtin-policies or add --policies PATH\n");
}

TEST_CASE("colour: --color always colours the text report, never and json do not", "[cli]") {
  CHECK(Run({"check", "--color", "always", Fixture("seed-insecure")}).out.find('\x1b') != std::string::npos);
  CHECK(Run({"check", "--color", "never", Fixture("seed-insecure")}).out.find('\x1b') == std::string::npos);
  CHECK(Run({"check", "--color", "always", "--format", "json", Fixture("seed-insecure")}).out.find('\x1b') ==
        std::string::npos);
}

}  // namespace
}  // namespace plangate::cli
