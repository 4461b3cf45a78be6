// The splitter for SSE2, which every x86-64 has: four 16-byte vectors a block. No
// target of its own: the file's flags, so carry-less multiply only where they allow
// it (-march=native on a CPU that has it). json_split_kernel.inc has the code.
#if defined(__x86_64__)
#define PLANGATE_SPLIT_NAMESPACE split_sse2
#define PLANGATE_SPLIT_NAME "sse2"
#define PLANGATE_SPLIT_VECTOR 128
#if defined(__PCLMUL__)
#define PLANGATE_SPLIT_CLMUL 1
#else
#define PLANGATE_SPLIT_CLMUL 0
#endif
#include "plan/json_split_kernel.inc"
#endif
