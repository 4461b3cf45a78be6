// The splitter a byte at a time, with no intrinsic: other architectures' kernel, and
// the tests' reference for the others. json_split_kernel.inc has the code.
#define PLANGATE_SPLIT_NAMESPACE split_scalar
#define PLANGATE_SPLIT_NAME "scalar"
#define PLANGATE_SPLIT_VECTOR 0
#define PLANGATE_SPLIT_CLMUL 0
#include "plan/json_split_kernel.inc"
