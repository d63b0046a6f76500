#include "kernel_choice.h"

#include "commands.h"
#include "plugin.h"

namespace dxcheck::cli {

std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names, double call_timeout_seconds) {
  if (names.empty()) return builtin_kernels();
  std::vector<KernelEntry> chosen;
  for (const auto& name : names) {
    if (name.rfind("lib:", 0) == 0) {
      PluginOptions options;
      options.call_timeout_seconds = call_timeout_seconds;
      chosen.push_back(load_plugin(name.substr(4), options));
      continue;
    }
    const KernelEntry* entry = find_builtin_kernel(name);
    if (!entry) {
      std::string known;
      for (const auto& k : builtin_kernels()) known += " " + k.name;
      throw UsageError("unknown kernel '" + name + "' (built in:" + known + "; or lib:PATH)");
    }
    chosen.push_back(*entry);
  }
  return chosen;
}

}  // namespace dxcheck::cli
