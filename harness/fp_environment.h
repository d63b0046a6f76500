// The floating-point control state a kernel must leave alone: on x86 the control bits
// of MXCSR (FTZ, DAZ, rounding, exception masks). TFJS keeps subnormals and rounds to
// nearest; a kernel built with -ffast-math sets FTZ/DAZ for the whole process.
#pragma once

#include <cstdint>
#include <string>

namespace dxcheck {

uint32_t fp_control_state();  // 0 where there is nothing to check
void restore_fp_control_state(uint32_t state);
// "MXCSR 0x1f80 -> 0x9fc0 (FTZ DAZ)"
std::string describe_fp_change(uint32_t before, uint32_t after);

}  // namespace dxcheck
