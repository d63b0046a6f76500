// Test-only kernels with the ABI signature, all built on one direct gather loop of
// their own (no code shared with kernel/ or reference/): seven with a planted bug the
// property suite must catch, three that are correct but sum differently (float
// accumulation, FMA, reversed order) and must pass every property.
#pragma once

#include <string>
#include <vector>

#include "registry.h"

namespace dxcheck::testing {

struct PlantedBug {
  KernelEntry kernel;
  // The bug shows on a case with in_height, in_width <= this (the shrink target).
  int64_t max_spatial = 3;
};

const std::vector<PlantedBug>& broken_kernels();
// Correct kernels with another summation order: fixed_order = false, tfjs_bitwise = false.
const std::vector<KernelEntry>& benign_kernels();

}  // namespace dxcheck::testing
