#include "policy/waivers.h"

#include <unistd.h>

#include "catch.h"
#include <cstdio>
#include <fstream>

#include "policy/loader.h"

namespace plangate::policy {
namespace {

std::string Temp(const std::string& text) {
  static int n = 0;
  std::string path = std::string(P_tmpdir) + "/plangate-waivers-" + std::to_string(::getpid()) + "-" +
                     std::to_string(++n) + ".yaml";
  std::ofstream(path) << text;
  return path;
}

const PolicySet& Builtin() {
  static const PolicySet set = [] {
    LoadOptions o;
    o.skip = {"aws-dynamodb-table-customer-key"};  // known to waivers, though not run
    return LoadPolicySet(o).value();
  }();
  return set;
}

std::string ErrorOf(const std::string& text) {
  std::string path = Temp(text);
  Result<std::vector<Waiver>> r = LoadWaivers(path, Builtin());
  std::remove(path.c_str());
  if (r) return "(loaded)";
  std::string msg = r.error().message();
  return msg.substr(msg.find(".yaml") + 5);  // drop the temporary path
}

const std::string kOne = R"(waivers:
  - policy: aws-dynamodb-enable-recovery
    address: module.legacy.*
    reason: Scratch tables, dropped with the legacy module
    owner: data-platform@example.com
    expires: 2027-03-31
)";

TEST_CASE("glob: * and ? over the whole address, brackets and quotes literal", "[waivers]") {
  CHECK(GlobMatch("module.legacy.*", "module.legacy.aws_dynamodb_table.t"));
  CHECK(GlobMatch("*", ""));
  CHECK(GlobMatch("aws_dynamodb_table.t[?]", "aws_dynamodb_table.t[0]"));
  CHECK_FALSE(GlobMatch("aws_dynamodb_table.t[?]", "aws_dynamodb_table.t[10]"));
  CHECK(GlobMatch(R"(module.svc["a.b"].*)", R"(module.svc["a.b"].aws_dynamodb_table.this)"));
  CHECK_FALSE(GlobMatch(R"(module.svc["a.b"].*)", R"(module.svc["a-b"].aws_dynamodb_table.this)"));
  CHECK(GlobMatch("*.orders", "module.x.aws_dynamodb_table.orders"));
  CHECK_FALSE(GlobMatch("*.orders", "module.x.aws_dynamodb_table.orders2"));
  CHECK(GlobMatch("a*b*c", "a-xx-b-yy-c"));
  CHECK_FALSE(GlobMatch("a*b*c", "a-xx-c-yy-b"));
  CHECK_FALSE(GlobMatch("module.legacy", "module.legacy.aws_dynamodb_table.t"));  // whole address
}

TEST_CASE("a waiver file loads with every field", "[waivers]") {
  std::string path = Temp(kOne);
  Result<std::vector<Waiver>> r = LoadWaivers(path, Builtin());
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 1);
  const Waiver& w = r.value()[0];
  CHECK(w.policy_id == "aws-dynamodb-enable-recovery");
  CHECK(w.address == "module.legacy.*");
  CHECK(w.owner == "data-platform@example.com");
  CHECK(w.expires == "2027-03-31");
  CHECK(w.location.ToString() == path + ":2:5");
  std::remove(path.c_str());
}

TEST_CASE("a waiver file holds at most kMaxWaivers waivers", "[waivers][bad]") {
  std::string one = kOne.substr(kOne.find("  - "));
  std::string full = "waivers:\n";
  for (std::size_t i = 0; i < kMaxWaivers; ++i) full += one;
  CHECK(ErrorOf(full) == "(loaded)");
  CHECK(ErrorOf(full + one) == ":2:3: 1001 waivers: more than plangate reads from one file (1000); waive many "
                               "resources at once with an address glob, e.g. module.legacy.*");
}

TEST_CASE("each result is waived by the first matching waiver of its own policy", "[waivers]") {
  // Waivers of other policies in between do not change which one waives.
  std::vector<Waiver> ws(3);
  ws[0].policy_id = "other";
  ws[1].policy_id = "p";
  ws[2].policy_id = "p";
  for (Waiver& w : ws) {
    w.address = "*";
    w.expires = "2099-01-01";
  }
  Policy p;
  p.id = "p";
  std::vector<Finding> findings(2);
  for (Finding& f : findings) {
    f.policy = &p;
    f.verdict = Verdict::kFail;
    f.address = "aws_dynamodb_table.t";
  }
  std::vector<WaiverStatus> st = ApplyWaivers(ws, "2026-01-01", findings);
  CHECK(findings[0].waiver == 1);
  CHECK(findings[1].waiver == 1);
  CHECK(st[0].state == WaiverStatus::State::kUnused);
  CHECK(st[1].waived == 2);
  CHECK(st[2].state == WaiverStatus::State::kUnused);
}

TEST_CASE("bad waiver files: each error located, nothing loaded", "[waivers][bad]") {
  CHECK(ErrorOf("- a\n") == ":1:1: expected a mapping with one key, 'waivers': a list of waivers; see the README's waivers section");
  std::string missing = kOne;
  missing.erase(missing.find("    owner:"), missing.find("    expires:") - missing.find("    owner:"));
  CHECK(ErrorOf(missing) == ":2:5: waiver: missing 'owner'; every waiver names policy, address, reason, owner and expires");
  std::string typo = kOne;
  typo.replace(typo.find("reason:"), 7, "reasn:");
  CHECK(ErrorOf(typo) == ":4:5: unknown key 'reasn' in waiver; did you mean 'reason'?");
  std::string date = kOne;
  date.replace(date.find("2027-03-31"), 10, "2027-02-30");
  CHECK(ErrorOf(date) == ":6:14: expires: '2027-02-30' is not a date; write YYYY-MM-DD, e.g. 2027-03-31");
  std::string policy = kOne;
  policy.replace(policy.find("aws-dynamodb-enable-recovery"), 28, "aws-dynamodb-enable-recovry");
  CHECK(ErrorOf(policy) == ":2:13: policy: no policy has the id or alias 'aws-dynamodb-enable-recovry'; did you mean 'aws-dynamodb-enable-recovery'?");
  std::string empty_reason = kOne;
  empty_reason.replace(empty_reason.find("Scratch tables, dropped with the legacy module"), 46, "\"\"");
  CHECK(ErrorOf(empty_reason) == ":4:13: reason: expected a non-empty string");
  CHECK(ErrorOf("waivers: [\n") .find("YAML syntax error") != std::string::npos);
  CHECK(LoadWaivers("/nonexistent/w.yaml", Builtin()).error().message() ==
        "/nonexistent/w.yaml: no such file; check the path; check --waivers");
}

TEST_CASE("a waiver may name a policy not run this time, by alias", "[waivers]") {
  std::string text = kOne;
  text.replace(text.find("aws-dynamodb-enable-recovery"), 28, "AVD-AWS-0025");
  std::string path = Temp(text);
  Result<std::vector<Waiver>> r = LoadWaivers(path, Builtin());
  std::remove(path.c_str());
  REQUIRE(r.ok());
  CHECK(r.value()[0].policy_id.empty());  // skipped this run: it can waive nothing, and shows unused
}

// Findings for one policy with the given enforcement.
struct Run {
  Policy policy;
  std::vector<Finding> findings;
  explicit Run(Enforcement e) {
    policy.id = "aws-dynamodb-enable-recovery";
    policy.enforcement = e;
    for (const char* addr : {"module.legacy.aws_dynamodb_table.a", "module.legacy.aws_dynamodb_table.b",
                             "aws_dynamodb_table.c"}) {
      Finding f;
      f.address = addr;
      f.policy = &policy;
      f.verdict = Verdict::kFail;
      findings.push_back(f);
    }
    findings[1].verdict = Verdict::kUnknown;
  }
};

Waiver MakeWaiver(const std::string& address, const std::string& expires) {
  Waiver w;
  w.policy = w.policy_id = "aws-dynamodb-enable-recovery";
  w.address = address;
  w.reason = "r";
  w.owner = "o";
  w.expires = expires;
  return w;
}

TEST_CASE("a waiver waives matching failing and unknown results", "[waivers]") {
  Run run(Enforcement::kSoftMandatory);
  std::vector<WaiverStatus> s = ApplyWaivers({MakeWaiver("module.legacy.*", "2027-03-31")}, "2026-11-26", run.findings);
  CHECK(run.findings[0].verdict == Verdict::kWaived);
  CHECK(run.findings[0].waived_verdict == Verdict::kFail);
  CHECK(run.findings[0].waiver == 0);
  CHECK(run.findings[1].verdict == Verdict::kWaived);
  CHECK(run.findings[1].waived_verdict == Verdict::kUnknown);
  CHECK(run.findings[2].verdict == Verdict::kFail);
  CHECK(s[0].state == WaiverStatus::State::kActive);
  CHECK(s[0].waived == 2);
}

TEST_CASE("a waiver is valid through its expiry day, expired after", "[waivers]") {
  Run on_day(Enforcement::kSoftMandatory);
  CHECK(ApplyWaivers({MakeWaiver("*", "2026-11-26")}, "2026-11-26", on_day.findings)[0].state ==
        WaiverStatus::State::kActive);
  Run after(Enforcement::kSoftMandatory);
  std::vector<WaiverStatus> s = ApplyWaivers({MakeWaiver("*", "2026-11-25")}, "2026-11-26", after.findings);
  CHECK(s[0].state == WaiverStatus::State::kExpired);
  CHECK(s[0].waived == 0);
  CHECK(after.findings[0].verdict == Verdict::kFail);
}

TEST_CASE("a waiver that matches nothing is reported unused", "[waivers]") {
  Run run(Enforcement::kSoftMandatory);
  CHECK(ApplyWaivers({MakeWaiver("module.other.*", "2027-01-01")}, "2026-11-26", run.findings)[0].state ==
        WaiverStatus::State::kUnused);
  Run passing(Enforcement::kSoftMandatory);
  for (Finding& f : passing.findings) f.verdict = Verdict::kPass;  // passes need no waiver
  CHECK(ApplyWaivers({MakeWaiver("*", "2027-01-01")}, "2026-11-26", passing.findings)[0].state ==
        WaiverStatus::State::kUnused);
}

TEST_CASE("a waiver never overrides a hard-mandatory policy", "[waivers]") {
  Run run(Enforcement::kHardMandatory);
  std::vector<WaiverStatus> s = ApplyWaivers({MakeWaiver("*", "2027-01-01")}, "2026-11-26", run.findings);
  CHECK(s[0].state == WaiverStatus::State::kHardMandatory);
  for (const Finding& f : run.findings) CHECK(f.verdict != Verdict::kWaived);
}

Result<Waiver> Inline(const std::string& text) {
  return ParseInlineWaiver(text, {"main.tf", 7, 3}, "aws_dynamodb_table.t", "main.tf", 8, Builtin());
}

std::string InlineError(const std::string& text) {
  Result<Waiver> r = Inline(text);
  REQUIRE_FALSE(r.ok());
  return r.error().message();
}

TEST_CASE("an inline waiver: the fields of a waiver file, in one comment", "[waivers]") {
  Result<Waiver> r = Inline("waive CKV_AWS_28 expires=2027-03-31 owner=data@example.com reason=\"rebuilt \\\"nightly\\\"\"");
  REQUIRE(r.ok());
  const Waiver& w = r.value();
  CHECK(w.policy == "CKV_AWS_28");
  CHECK(w.policy_id == "aws-dynamodb-enable-recovery");
  CHECK(w.expires == "2027-03-31");
  CHECK(w.owner == "data@example.com");
  CHECK(w.reason == "rebuilt \"nightly\"");
  CHECK(w.address == "aws_dynamodb_table.t");
  CHECK(w.block_file == "main.tf");
  CHECK(w.block_line == 8);
  CHECK(w.location.ToString() == "main.tf:7:3");
}

TEST_CASE("a malformed inline waiver: the column of what is wrong", "[waivers][bad]") {
  // Columns count from `plangate:` at column 3: the text begins at column 12.
  CHECK(InlineError("waive x expires=2027-01-01 owner=o reason=r").find("main.tf:7:18: waive: no policy has") == 0);
  CHECK(InlineError("waive CKV_AWS_28 expires=2027-02-30 owner=o reason=r")
            .find("main.tf:7:37: waive: expires: '2027-02-30' is not a date") == 0);
  CHECK(InlineError("waive CKV_AWS_28 owner=o reason=r").find("main.tf:7:3: waive: missing expires=") == 0);
  CHECK(InlineError("waive CKV_AWS_28 expires=2027-01-01 owner=o owner=p reason=r")
            .find("main.tf:7:56: waive: owner is written twice") == 0);
  CHECK(InlineError("waive CKV_AWS_28 expires=2027-01-01 owner=o reason=\"open")
            .find("main.tf:7:63: a quoted value is not closed") == 0);
  CHECK(InlineError("waiver CKV_AWS_28").find("did you mean 'waive'") != std::string::npos);
  CHECK(InlineError("waive expires=2027-01-01").find("waive: expected the id of the policy it waives") !=
        std::string::npos);
  CHECK(InlineError("waive CKV_AWS_28 expires=2027-01-01 ownr=o reason=r").find("did you mean 'owner'") !=
        std::string::npos);
}

TEST_CASE("an inline waiver waives the results of its block only, every instance", "[waivers]") {
  Run run(Enforcement::kSoftMandatory);
  for (Finding& f : run.findings) f.source_file = "main.tf", f.block_line = 8;
  run.findings[2].block_line = 20;  // another block of the same file
  Waiver w = MakeWaiver("aws_dynamodb_table.c", "2027-01-01");  // its address is shown, not matched
  w.block_file = "main.tf";
  w.block_line = 8;
  std::vector<WaiverStatus> s = ApplyWaivers({w}, "2026-11-26", run.findings);
  CHECK(run.findings[0].verdict == Verdict::kWaived);
  CHECK(run.findings[1].verdict == Verdict::kWaived);
  CHECK(run.findings[2].verdict == Verdict::kFail);
  CHECK(s[0].waived == 2);
}

}  // namespace
}  // namespace plangate::policy
