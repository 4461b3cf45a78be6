// The splitter's kernel (json_split_kernel.inc) compiled once for each instruction set,
// each in a namespace of its own; which one runs is chosen here, from the CPU.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "plan/json_bytes.h"
#include "plan/json_split.h"
#include "plan/json_split_kernel.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define PLANGATE_SPLIT_X86 1
#else
#define PLANGATE_SPLIT_X86 0
#endif

// A kernel's functions take its target attribute, as simdjson compiles its own kernels:
// GCC's target pragma, or clang's attribute pragma (which passes over lambdas: the
// kernel has none that use intrinsics). No flag is given to the file: code outside
// these regions, and the library code the kernels call, stays for any CPU.
#define PLANGATE_PRAGMA(text) _Pragma(#text)
#if defined(__clang__)
#define PLANGATE_TARGET_BEGIN(features) \
  PLANGATE_PRAGMA(clang attribute push(__attribute__((target(features))), apply_to = function))
#define PLANGATE_TARGET_END PLANGATE_PRAGMA(clang attribute pop)
#else
#define PLANGATE_TARGET_BEGIN(features) PLANGATE_PRAGMA(GCC push_options) PLANGATE_PRAGMA(GCC target(features))
#define PLANGATE_TARGET_END PLANGATE_PRAGMA(GCC pop_options)
#endif

// The table of one kernel, in the namespace its functions are in.
#define PLANGATE_SPLIT_KERNEL(name, target)                                                              \
  constexpr SplitKernel kKernel = {name,          target,           &CheckValue, &CheckDocument, \
                                   &SplitTopLevel, &SplitObject, &SkipValue,  &SkipContainer}

#if PLANGATE_SPLIT_X86
// AVX-512 (BW for byte compares into mask registers), with the AVX2-era scalar
// instructions: tzcnt, blsr, shlx, popcnt, and pclmulqdq for the string mask.
#define PLANGATE_AVX512_TARGET "avx512f,avx512bw,avx2,bmi,bmi2,popcnt,pclmul"
PLANGATE_TARGET_BEGIN(PLANGATE_AVX512_TARGET)
namespace plangate::plan::split_avx512 {
#define PLANGATE_SPLIT_VECTOR 512
#define PLANGATE_SPLIT_CLMUL 1
#include "plan/json_split_kernel.inc"
#undef PLANGATE_SPLIT_VECTOR
#undef PLANGATE_SPLIT_CLMUL
PLANGATE_SPLIT_KERNEL("avx512", PLANGATE_AVX512_TARGET);
}  // namespace plangate::plan::split_avx512
PLANGATE_TARGET_END

// AVX2 (Haswell and later, Zen): two 32-byte vectors a block.
#define PLANGATE_AVX2_TARGET "avx2,bmi,bmi2,popcnt,pclmul"
PLANGATE_TARGET_BEGIN(PLANGATE_AVX2_TARGET)
namespace plangate::plan::split_avx2 {
#define PLANGATE_SPLIT_VECTOR 256
#define PLANGATE_SPLIT_CLMUL 1
#include "plan/json_split_kernel.inc"
#undef PLANGATE_SPLIT_VECTOR
#undef PLANGATE_SPLIT_CLMUL
PLANGATE_SPLIT_KERNEL("avx2", PLANGATE_AVX2_TARGET);
}  // namespace plangate::plan::split_avx2
PLANGATE_TARGET_END

// SSE2, which every x86-64 has: four 16-byte vectors a block. No target of its own:
// the file's flags (carry-less multiply only where they allow it, as with -march=native
// on a CPU that has it).
namespace plangate::plan::split_sse2 {
#define PLANGATE_SPLIT_VECTOR 128
#if defined(__PCLMUL__)
#define PLANGATE_SPLIT_CLMUL 1
#else
#define PLANGATE_SPLIT_CLMUL 0
#endif
#include "plan/json_split_kernel.inc"
#undef PLANGATE_SPLIT_VECTOR
#undef PLANGATE_SPLIT_CLMUL
PLANGATE_SPLIT_KERNEL("sse2", "");
}  // namespace plangate::plan::split_sse2
#endif

// A byte at a time, with no intrinsic: other architectures, and the tests' reference.
namespace plangate::plan::split_scalar {
#define PLANGATE_SPLIT_VECTOR 0
#define PLANGATE_SPLIT_CLMUL 0
#include "plan/json_split_kernel.inc"
#undef PLANGATE_SPLIT_VECTOR
#undef PLANGATE_SPLIT_CLMUL
PLANGATE_SPLIT_KERNEL("scalar", "");
}  // namespace plangate::plan::split_scalar

namespace plangate::plan {
namespace {

// Whether the CPU has `feature`, named as in a target attribute. GCC's and clang's
// cpuid checks (which, for AVX and AVX-512, also ask the OS whether it saves the
// registers). Only the names the kernels above use.
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
