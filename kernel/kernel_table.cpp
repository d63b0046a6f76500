// The built-in kernels dxcheck puts under test: the one list of them. A new built-in
// kernel is its own source file in kernel/ (picked up by kernel/CMakeLists.txt) plus one
// entry here; every command, check and test then iterates it through builtin_kernels()
// (harness/registry.h), which knows kernels only as KernelEntry.
#include "builtin_kernels.h"
#include "fast.h"
#include "registry.h"

namespace dxcheck {

namespace {

KernelEntry builtin(std::string name, dxcheck_backprop_input_fn function, bool fixed_order, bool tfjs_bitwise,
                    std::string description) {
  KernelEntry entry;
  entry.name = std::move(name);
  entry.function = function;
  entry.fixed_order = fixed_order;
  entry.tfjs_bitwise = tfjs_bitwise;
  entry.description = std::move(description);
  return entry;
}

}  // namespace

const std::vector<KernelEntry>& builtin_kernels() {
  static const std::vector<KernelEntry> kernels = [] {
    std::vector<KernelEntry> list;
    list.push_back(builtin("faithful", &faithful_backprop_input, true, true,
                    "TFJS 4.22.0 CPU loop: double accumulation in TFJS's order, one rounding"));
    list.push_back(builtin("fast", &fast_backprop_input, fast_order_is_fixed(), false,
                    "blocked, vectorised, multithreaded float32"));
#ifdef DXCHECK_HAVE_ONEDNN
    list.push_back(builtin("onednn", &onednn_backprop_input, false, false,
                    "oneDNN convolution_backward_data, convolution_direct, plain memory"));
#endif
    return list;
  }();
  return kernels;
}

const KernelEntry* find_builtin_kernel(const std::string& name) {
  for (const auto& k : builtin_kernels()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace dxcheck
