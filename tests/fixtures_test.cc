// Golden fixtures: fixtures/<case>/plan.json with the expected verdicts beside it
// (expected.txt, written by hand). One data-driven test walks them all.

#include "catch.h"
#include <filesystem>
#include <sstream>

#include "cli/check.h"
#include "cli/cli.h"
#include "test_util.h"

namespace plangate {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

struct Expected {
  int exit_code = -1;
  std::vector<std::string> rows;
};

Expected ParseExpected(const std::string& text) {
  Expected e;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("exit ", 0) == 0) {
      e.exit_code = std::stoi(line.substr(5));
    } else {
      e.rows.push_back(line);
    }
  }
  return e;
}

std::string Row(const policy::Finding& f) {
  std::string row = std::string(policy::VerdictName(f.verdict)) + "\t" + f.address + "\t" + f.policy->id;
  if (!f.depends_on.empty()) {
    row += "\tdepends_on=";
    for (std::size_t i = 0; i < f.depends_on.size(); ++i) row += (i ? "," : "") + f.depends_on[i];
  }
  return row;
}

std::vector<fs::path> FixtureDirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(testing::SourceDir() + "/fixtures")) {
    if (fs::exists(entry.path() / "plan.json") && fs::exists(entry.path() / "expected.txt")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

TEST_CASE("every golden fixture gives its expected verdicts and exit code", "[fixtures]") {
  std::vector<fs::path> dirs = FixtureDirs();
  REQUIRE(dirs.size() >= 11);
  for (const fs::path& dir : dirs) {
    DYNAMIC_SECTION(dir.filename().string()) {
      Expected expected = ParseExpected(ReadFile((dir / "expected.txt").string()));
      REQUIRE(expected.exit_code >= 0);

      cli::CheckOptions options;
      options.inputs = {(dir / "plan.json").string()};
      std::ostringstream diagnostics;
      Result<report::Report> report = cli::Check(options, diagnostics);
      REQUIRE(report.ok());
      std::vector<std::string> rows;
      for (const policy::Finding& f : report.value().findings) rows.push_back(Row(f));
      CHECK(rows == expected.rows);

      // The binary's exit code agrees with the expectation.
      std::string input = options.inputs[0];
      const char* argv[] = {"plangate", "check", input.c_str()};
      std::ostringstream out, err;
      CHECK(cli::Run(3, argv, out, err) == expected.exit_code);
    }
  }
}

}  // namespace
}  // namespace plangate
