// Calling a kernel under docs/design.md "The buffer discipline": dx pre-filled with a NaN
// canary and the call repeated with a second payload (an element whose bits differ
// was not written), NaN guard zones after the inputs (an over-read poisons dx), an
// intact-guard check after dx (a write past the end), inputs unchanged, and every
// buffer offset from 64-byte alignment as the Case says.
#pragma once

#include <string>
#include <vector>

#include "registry.h"
#include "verdict.h"

namespace dxcheck {

struct CallOutcome {
  Status status = Status::passed;  // passed, unsupported or failed
  std::string detail;              // why it failed or was declined
  Fault fault = Fault::none;       // failed because the kernel hung or crashed
  std::vector<float> dx;
};

// The start of CallOutcome::detail when a (plugin) kernel did not return in time.
constexpr const char* kTimeoutDetail = "the kernel did not return within";

// The verdict of a call that did not pass (its status, detail and fault).
Verdict verdict_of(const CallOutcome& call);

CallOutcome call_kernel(const KernelEntry& kernel, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                        const std::vector<float>& filter, int64_t align_offset = 0);

}  // namespace dxcheck
