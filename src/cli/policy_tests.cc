#include "cli/policy_tests.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "base/file.h"
#include "cli/check.h"
#include "cli/cli.h"
#include "policy/yaml_ast.h"

namespace plangate::cli {
namespace {

namespace fs = std::filesystem;
using policy::YamlNode;

const std::vector<std::string> kStatuses = {"pass", "fail", "unknown", "none"};

struct Case {
  std::string policy;
  std::string name;
  std::string plan;  // resolved path
  std::vector<policy::ParamOverride> params;  // typed as written in the case
  std::map<std::string, std::string> expect;  // address → status
};

Error Bad(const YamlNode& n, const std::string& what) {
  return Error::Policy(n.Where(), "", what, "see 'plangate policies test --help' for the format");
}

Result<std::vector<Case>> ReadCases(const std::string& file) {
  Result<std::string> text = ReadTextFile(file);
  if (!text) return text.error();
  Result<YamlNode> doc = policy::ParseYaml(file, text.value());
  if (!doc) return doc.error();
  const YamlNode& root = doc.value();
  const YamlNode* policy = root.is_map() ? root.Find("policy") : nullptr;
  const YamlNode* cases = root.is_map() ? root.Find("cases") : nullptr;
  if (policy == nullptr || !policy->is_scalar() || cases == nullptr || !cases->is_sequence()) {
    return Bad(root, "expected a mapping with 'policy' (an id) and 'cases' (a list)");
  }
  std::vector<Case> out;
  fs::path dir = fs::path(file).parent_path();
  for (const YamlNode& c : cases->items) {
    const YamlNode* name = c.is_map() ? c.Find("name") : nullptr;
    const YamlNode* plan = c.is_map() ? c.Find("plan") : nullptr;
    const YamlNode* expect = c.is_map() ? c.Find("expect") : nullptr;
    if (name == nullptr || plan == nullptr || expect == nullptr || !name->is_scalar() ||
        !plan->is_scalar() || !expect->is_map()) {
      return Bad(c, "a case needs 'name', 'plan' (a path) and 'expect' (address: status)");
    }
    Case tc{policy->scalar, name->scalar, (dir / plan->scalar).string(), {}, {}};
    if (const YamlNode* params = c.Find("params")) {
      if (!params->is_map()) return Bad(*params, "params: expected a mapping of name to value");
      for (const auto& [k, v] : params->entries) {
        tc.params.push_back({policy->scalar, k.scalar, v.ToValue(), v.Where()});
      }
    }
    for (const auto& [address, status] : expect->entries) {
      if (!status.is_scalar() ||
          std::find(kStatuses.begin(), kStatuses.end(), status.scalar) == kStatuses.end()) {
        return Bad(status, "expected status pass, fail, unknown or none");
      }
      tc.expect[address.scalar] = status.scalar;
    }
    out.push_back(std::move(tc));
  }
  return out;
}

// Runs one case; returns the mismatches (empty: passed).
Result<std::vector<std::string>> RunCase(const std::string& folder, const Case& tc) {
  CheckOptions options;
  options.inputs = {tc.plan};
  options.policies.builtin = false;
  options.policies.paths = {folder};
  options.policies.select = {tc.policy};
  options.policies.param_values = tc.params;
  std::ostringstream diagnostics;
  Result<report::Report> report = Check(options, diagnostics);
  if (!report) return report.error();
  std::map<std::string, std::string> got;
  std::map<std::string, std::string> messages;
  for (const policy::Finding& f : report.value().findings) {
    got[f.address] = policy::VerdictName(f.verdict);
    messages[f.address] = f.message;
  }
  std::vector<std::string> problems;
  for (const auto& [address, want] : tc.expect) {
    auto it = got.find(address);
    std::string have = it == got.end() ? "none" : it->second;
    if (have != want) {
      problems.push_back(address + ": expected " + want + ", got " + have +
                         (it == got.end() ? "" : " (" + messages[address] + ")"));
    }
  }
  for (const auto& [address, have] : got) {
    if (tc.expect.count(address) == 0) {
      problems.push_back(address + ": reported " + have + " but not listed in expect");
    }
  }
  return problems;
}

}  // namespace

int RunPolicyTests(const std::vector<std::string>& folders, std::ostream& out, std::ostream& err) {
  int passed = 0, failed = 0;
  for (const std::string& folder : folders) {
    if (!fs::is_directory(folder)) {
      err << "plangate: error: " << folder << ": not a folder; pass a policy folder (its tests/ holds the cases)\n";
      return kExitError;
    }
    Result<std::vector<std::string>> files = ExpandPath((fs::path(folder) / "tests").string(), {".yaml", ".yml"});
    if (!files || files.value().empty()) {
      err << "plangate: error: " << folder << ": no test cases in " << folder << "/tests/*.yaml\n";
      return kExitError;
    }
    for (const std::string& file : files.value()) {
      Result<std::vector<Case>> cases = ReadCases(file);
      if (!cases) {
        err << "plangate: error: " << cases.error().message() << "\n";
        return kExitError;
      }
      for (const Case& tc : cases.value()) {
        Result<std::vector<std::string>> problems = RunCase(folder, tc);
        if (!problems) {
          err << "plangate: error: " << file << ": case '" << tc.name << "': " << problems.error().message() << "\n";
          return kExitError;
        }
        bool ok = problems.value().empty();
        (ok ? passed : failed) += 1;
        out << (ok ? "PASS  " : "FAIL  ") << tc.policy << ": " << tc.name << "\n";
        for (const std::string& p : problems.value()) out << "      " << p << "\n";
      }
    }
  }
  out << "policies: " << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitBlocked;
}

}  // namespace plangate::cli
