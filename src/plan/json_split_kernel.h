#pragma once
// The splitter (json_split.h) is compiled once for each instruction set this
// architecture has a kernel for (json_split_<set>.cc, each compiling
// json_split_kernel.inc), and the fastest one this CPU runs is chosen at the first
// call (json_split_kernels.cc): a binary built for any x86-64 (PLANGATE_PORTABLE)
// still skips with AVX-512 where it can, and with SSE2 where nothing more is there.
// json_split.h's functions ask ActiveSplitKernel(); --version names it; the tests
// run every kernel.

#include <cstddef>
#include <string_view>
#include <vector>

#include "plan/json_split.h"

namespace plangate::plan {

/// The splitter compiled for one instruction set: json_split.h's functions.
struct SplitKernel {
  const char* name;    ///< "avx512", "avx2", "sse2" (x86-64 only), "scalar" (a byte at a time)
  const char* target;  ///< the features it is compiled for, as GCC names them ("avx2,bmi"); "" for none
  std::size_t (*check_value)(std::string_view text, std::size_t begin, JsonFault& fault);
  JsonFault (*check_document)(std::string_view text);
  bool (*split_top_level)(std::string_view text, std::vector<JsonMember>& members, Utf8Check utf8,
                          SplitVisitor* visitor);
  std::size_t (*split_object)(std::string_view text, std::size_t open, std::vector<JsonMember>& members);
  std::size_t (*skip_value)(std::string_view text, std::size_t begin);
  std::size_t (*skip_container)(std::string_view text, std::size_t open);
};

/// Every kernel in this binary, fastest first. The scalar one, last, runs on any CPU;
/// on x86-64 it is never chosen (SSE2 is in every x86-64) and is the tests' reference.
const std::vector<const SplitKernel*>& SplitKernels();

/// Whether this CPU, and its operating system, run `kernel`: every feature of its
/// target (for AVX-512, the OS saves the registers), by cpuid. A feature this check
/// does not know counts as missing.
bool CpuRuns(const SplitKernel& kernel);

/// The kernels this CPU runs, fastest first, down to the first that needs no feature
/// (the architecture's baseline: SSE2 on x86-64): those a choice is made from.
std::vector<const SplitKernel*> KernelsThisCpuRuns();

/// The kernel json_split.h's functions use: the first of KernelsThisCpuRuns(), chosen
/// once, at the first call (thread-safe); or the one a test set.
const SplitKernel& ActiveSplitKernel();

/// Tests only: json_split.h's functions use `kernel` from now on; null gives the
/// CPU's choice back. REQUIRES: CpuRuns(*kernel); no split running meanwhile.
void UseSplitKernelForTesting(const SplitKernel* kernel);

}  // namespace plangate::plan
