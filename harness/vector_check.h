// Judging a kernel on one golden vector: TFJS-bitwise kernels must give TFJS's dx bit
// for bit (NaN by NaN-ness), any other kernel must lie within the error bound of the
// reference; an error vector's attributes must be rejected by dxcheck's conv-info.
#pragma once

#include <optional>

#include "reference.h"
#include "registry.h"
#include "vector_file.h"
#include "verdict.h"

namespace dxcheck {

// Kernel-independent: an error vector must be rejected (detail: both messages); a
// success vector accepted with TFJS's dx shape.
Verdict check_vector_attributes(const VectorFile& vector);

// One kernel on a success vector whose attributes passed. `reference` caches the
// reference between kernels (computed on first need).
Verdict check_vector_kernel(const VectorFile& vector, const KernelEntry& kernel,
                            std::optional<reference::Backprop>& reference, int64_t reference_cap);

}  // namespace dxcheck
