// The splitter for AVX2 (Haswell and later, Zen): two 32-byte vectors a block.
// json_split_kernel.inc has the code.
#if defined(__x86_64__)
#define PLANGATE_SPLIT_NAMESPACE split_avx2
#define PLANGATE_SPLIT_NAME "avx2"
#define PLANGATE_SPLIT_TARGET "avx2,bmi,bmi2,popcnt,pclmul"
#define PLANGATE_SPLIT_VECTOR 256
#define PLANGATE_SPLIT_CLMUL 1
#include "plan/json_split_kernel.inc"
#endif
