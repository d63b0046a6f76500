// Turning --kernel values into kernel entries.
#pragma once

#include <string>
#include <vector>

#include "registry.h"

namespace dxcheck::cli {

// Every built-in kernel when names is empty; "lib:PATH" loads a plugin (a
// PluginLoadError names what is wrong with it); a UsageError for an unknown name.
std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names, double call_timeout_seconds = 20);

}  // namespace dxcheck::cli
