#include <cstdlib>

#include "cli/cli.h"

#ifdef PLANGATE_MIMALLOC
#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
#ifdef PLANGATE_MIMALLOC
  // 2 MiB pages (transparent huge pages, asked for with madvise) for mimalloc's OS
  // allocations. simdjson's structural index for a 100 MB plan is about 66 MB that
  // is written once: in 4 KiB pages that is some 16,000 page faults, a third of the
  // run (scripts/bench/run). MIMALLOC_LARGE_OS_PAGES=0 in the environment keeps
  // 4 KiB pages; the benchmark uses it to show the difference.
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
#endif
  return plangate::cli::Run(argc, argv);
}
