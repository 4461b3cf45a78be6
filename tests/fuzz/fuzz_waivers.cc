// libFuzzer: arbitrary YAML as a waiver file, then applied to findings.

#include <cstddef>
#include <cstdint>
#include <string>

#include "policy/loader.h"
#include "policy/waivers.h"

using namespace plangate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const policy::PolicySet set = [] {
    policy::LoadOptions o;
    o.include_disabled = true;
    return policy::LoadPolicySet(o).value();
  }();
  Result<std::vector<policy::Waiver>> waivers =
      policy::ParseWaivers("waivers.yaml", std::string(reinterpret_cast<const char*>(data), size), set);
  if (!waivers) return 0;
  std::vector<policy::Finding> findings;
  for (const policy::Policy& p : set.policies()) {
    for (const char* address : {"aws_dynamodb_table.a", "module.m[\"k.x\"].aws_dynamodb_table.b[0]"}) {
      policy::Finding f;
      f.policy = &p;
      f.address = address;
      f.verdict = policy::Verdict::kFail;
      findings.push_back(f);
    }
  }
  (void)policy::ApplyWaivers(waivers.value(), "2026-11-26", findings);
  return 0;
}
