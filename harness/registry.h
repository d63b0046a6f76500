// How the harness knows a kernel under test: a KernelEntry, never a concrete kernel.
// The built-in kernels are listed in one table, kernel/kernel_table.cpp (library
// dxcheck_kernel_table, above the harness); plugins and workers make their entries
// when loaded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck {

struct CallOutcome;

// A kernel that runs elsewhere (a plugin in a worker process): call_kernel hands the
// whole call, buffer discipline included, to it.
class RemoteKernel {
 public:
  virtual ~RemoteKernel() = default;
  virtual CallOutcome call(const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                           const std::vector<float>& filter, int64_t align_offset) = 0;
  // Set when loading the kernel changed the floating-point environment.
  virtual std::string load_warning() const = 0;
};

struct KernelEntry {
  std::string name;
  dxcheck_backprop_input_fn function = nullptr;
  // Optional: why the last call declined or failed (dxcheck_kernel_message).
  dxcheck_kernel_message_fn message = nullptr;
  // One fixed summation order per dx element, whatever the layout or batch split:
  // layout and batch-split equality then hold bitwise on any data.
  bool fixed_order = false;
  // Bit-exact with TFJS: held to the golden vectors bit for bit and to the interval.
  bool tfjs_bitwise = false;
  std::string description;
  std::shared_ptr<RemoteKernel> remote;  // plugins; function is then unused
};

// The built-in kernels, in the table's order (defined by kernel/kernel_table.cpp: link
// dxcheck_kernel_table to call these).
const std::vector<KernelEntry>& builtin_kernels();
// nullptr when no built-in kernel has that name.
const KernelEntry* find_builtin_kernel(const std::string& name);

}  // namespace dxcheck
