// The kernels dxcheck can put under test. A new built-in kernel joins every check by
// adding one entry here.
#pragma once

#include <string>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck {

struct KernelEntry {
  std::string name;
  dxcheck_backprop_input_fn function = nullptr;
  // One fixed summation order per dx element, whatever the layout or batch split:
  // layout and batch-split equality then hold bitwise on any data.
  bool fixed_order = false;
  // Bit-exact with TFJS: held to the golden vectors bit for bit and to the interval.
  bool tfjs_bitwise = false;
  std::string description;
};

const std::vector<KernelEntry>& builtin_kernels();
// nullptr when no built-in kernel has that name.
const KernelEntry* find_builtin_kernel(const std::string& name);

}  // namespace dxcheck
