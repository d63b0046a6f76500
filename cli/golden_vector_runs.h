// The committed golden vectors in `dxcheck run`: the error vectors once (they test
// dxcheck's conv-info, no kernel), the success vectors against each kernel.
#pragma once

#include <string>
#include <vector>

#include "property.h"
#include "report.h"
#include "vector_file.h"

namespace dxcheck::cli {

// Every *.json below the folder, sorted; "" gives none. A malformed file is a usage error.
std::vector<VectorFile> load_vectors(const std::string& path);

PropertyResult replay_error_vectors(const std::vector<VectorFile>& vectors);

// After a hang the remaining vectors are SKIPPED: each would wait the whole call timeout.
PropertyResult replay_vectors(const std::vector<VectorFile>& vectors, const KernelEntry& kernel,
                              const CheckSettings& settings);

}  // namespace dxcheck::cli
