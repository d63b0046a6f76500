// Turning --kernel values into kernel entries.
#pragma once

#include <string>
#include <vector>

#include "registry.h"

namespace dxcheck::cli {

// Every built-in kernel when names is empty; a UsageError for an unknown name.
std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names);

}  // namespace dxcheck::cli
