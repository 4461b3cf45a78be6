// The splitter for AVX-512: one 64-byte vector a block, compared into mask registers
// (BW), with the scalar instructions of the same CPUs: tzcnt, blsr, shlx, popcnt, and
// pclmulqdq for the string mask. json_split_kernel.inc has the code.
#if defined(__x86_64__)
#define PLANGATE_SPLIT_NAMESPACE split_avx512
#define PLANGATE_SPLIT_NAME "avx512"
#define PLANGATE_SPLIT_TARGET "avx512f,avx512bw,avx2,bmi,bmi2,popcnt,pclmul"
#define PLANGATE_SPLIT_VECTOR 512
#define PLANGATE_SPLIT_CLMUL 1
#include "plan/json_split_kernel.inc"
#endif
