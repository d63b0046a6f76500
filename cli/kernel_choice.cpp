#include "kernel_choice.h"

#include "commands.h"

namespace dxcheck::cli {

std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names) {
  if (names.empty()) return builtin_kernels();
  std::vector<KernelEntry> chosen;
  for (const auto& name : names) {
    const KernelEntry* entry = find_builtin_kernel(name);
    if (!entry) {
      std::string known;
      for (const auto& k : builtin_kernels()) known += " " + k.name;
      throw UsageError("unknown kernel '" + name + "' (built in:" + known + ")");
    }
    chosen.push_back(*entry);
  }
  return chosen;
}

}  // namespace dxcheck::cli
