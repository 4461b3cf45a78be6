#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/check.h"
#include "report/report.h"

#ifndef PLANGATE_VERSION
#define PLANGATE_VERSION "0.0.0"
#endif

namespace plangate::cli {
namespace {

bool NoColorRequested() {
  const char* v = std::getenv("NO_COLOR");
  return v != nullptr && *v != '\0';
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        bool out_is_terminal) {
  CLI::App app{"plangate: gate 'terraform apply' on policies over the plan JSON"};
  app.set_version_flag("--version", PLANGATE_VERSION);
  app.require_subcommand(1);

  CheckOptions options;
  std::string format = "text";
  std::string color = "auto";
  bool no_builtin = false;
  CLI::App* check = app.add_subcommand(
      "check", "Evaluate policies on plan or state JSON ('terraform show -json' output)");
  check->add_option("INPUT", options.inputs,
                    "JSON from 'terraform show -json PLANFILE' (a plan) or 'terraform show -json' "
                    "(a state); - reads standard input")
      ->required();
  check->add_option("--policies", options.policies.paths,
                    "A policy file or folder to add to the built-in policies (repeatable)");
  check->add_flag("--no-builtin-policies", no_builtin, "Do not load the built-in policies");
  check->add_flag("--fail-on-unknown", options.fail_on_unknown,
                  "Unknown results (known only after apply) close the gate too");
  check->add_option("--format", format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check->add_option("--color", color, "Colour in the text format: auto (a terminal, no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitError;  // help and --version exit 0
  }

  options.policies.builtin = !no_builtin;
  int stdin_uses = 0;
  for (const std::string& in : options.inputs) stdin_uses += in == "-";
  if (stdin_uses > 1) {
    err << "plangate: error: standard input (-) can be given only once\n";
    return kExitError;
  }

  Result<report::Report> report = Check(options, err);
  if (!report) {
    err << "plangate: error: " << report.error().message() << "\n";
    return kExitError;
  }
  if (format == "json") {
    out << report::RenderJson(report.value());
  } else {
    report::TextOptions text;
    text.color = color == "always" || (color == "auto" && out_is_terminal && !NoColorRequested());
    out << report::RenderText(report.value(), text);
  }
  out.flush();
  return report::Blocks(report.value()) ? kExitBlocked : kExitOk;
}

int Run(int argc, char** argv) {
  return Run(argc, argv, std::cout, std::cerr, ::isatty(STDOUT_FILENO) == 1);
}

}  // namespace plangate::cli
