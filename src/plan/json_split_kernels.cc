// Which splitter kernel runs: the kernels (json_split_<set>.cc, each compiling
// json_split_kernel.inc for one instruction set), and the CPU checks that choose one.

#include <atomic>
#include <string_view>
#include <vector>

#include "plan/json_split_kernel.h"

#if defined(__x86_64__)
#define PLANGATE_SPLIT_X86 1
#else
#define PLANGATE_SPLIT_X86 0
#endif

namespace plangate::plan {

// Each kernel's table, defined at the end of json_split_kernel.inc.
#if PLANGATE_SPLIT_X86
namespace split_avx512 {
extern const SplitKernel kKernel;
}
namespace split_avx2 {
extern const SplitKernel kKernel;
}
namespace split_sse2 {
extern const SplitKernel kKernel;
}
#endif
namespace split_scalar {
extern const SplitKernel kKernel;
}

namespace {

// Whether the CPU has `feature`, named as in a target attribute. GCC's and clang's
// cpuid checks (which, for AVX and AVX-512, also ask the OS whether it saves the
// registers). Only the names the kernels' targets use.
bool CpuHas(std::string_view feature) {
#if PLANGATE_SPLIT_X86
  __builtin_cpu_init();
  if (feature == "avx512f") return __builtin_cpu_supports("avx512f");
  if (feature == "avx512bw") return __builtin_cpu_supports("avx512bw");
  if (feature == "avx2") return __builtin_cpu_supports("avx2");
  if (feature == "bmi") return __builtin_cpu_supports("bmi");
  if (feature == "bmi2") return __builtin_cpu_supports("bmi2");
  if (feature == "popcnt") return __builtin_cpu_supports("popcnt");
  if (feature == "pclmul") return __builtin_cpu_supports("pclmul");
#endif
  (void)feature;
  return false;
}

// The kernel a test set, if any.
std::atomic<const SplitKernel*> forced_kernel{nullptr};

}  // namespace

const std::vector<const SplitKernel*>& SplitKernels() {
  static const std::vector<const SplitKernel*> kernels = {
#if PLANGATE_SPLIT_X86
      &split_avx512::kKernel, &split_avx2::kKernel, &split_sse2::kKernel,
#endif
      &split_scalar::kKernel};
  return kernels;
}

bool CpuRuns(const SplitKernel& kernel) {
  std::string_view features = kernel.target;
  while (!features.empty()) {
    std::size_t comma = features.find(',');
    if (!CpuHas(features.substr(0, comma))) return false;
    features = comma == std::string_view::npos ? std::string_view() : features.substr(comma + 1);
  }
  return true;
}

std::vector<const SplitKernel*> KernelsThisCpuRuns() {
  std::vector<const SplitKernel*> out;
  for (const SplitKernel* kernel : SplitKernels()) {
    if (!CpuRuns(*kernel)) continue;
    out.push_back(kernel);
    if (*kernel->target == '\0') break;  // the baseline: what follows is only the tests' reference
  }
  return out;
}

const SplitKernel& ActiveSplitKernel() {
  if (const SplitKernel* forced = forced_kernel.load(std::memory_order_acquire)) return *forced;
  static const SplitKernel* const chosen = KernelsThisCpuRuns().front();  // never empty: the baseline runs
  return *chosen;
}

void UseSplitKernelForTesting(const SplitKernel* kernel) { forced_kernel.store(kernel, std::memory_order_release); }

}  // namespace plangate::plan
