#include "cli/cli.h"

int main(int argc, char** argv) { return plangate::cli::Run(argc, argv); }
