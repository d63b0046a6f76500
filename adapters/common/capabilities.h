// What each library's transposed convolution can express, in one table: the adapters
// plan their calls with it and the self-test checks every entry's mapping exact.
#pragma once

#include <string>
#include <vector>

#include "mapping.h"

namespace dxcheck::adapters {

// Adapter names: xnnpack, torch-backward, torch-transpose, armnn.
const std::vector<std::string>& adapter_names();
// Throws std::out_of_range for a name not in adapter_names().
const Capabilities& capabilities_of(const std::string& adapter);

}  // namespace dxcheck::adapters
