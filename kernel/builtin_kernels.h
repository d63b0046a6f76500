// The built-in kernels, each with the signature of dxcheck_kernel.h.
#pragma once

#include "dxcheck_kernel.h"

namespace dxcheck {

// TFJS 4.22.0 CPU Conv2DBackpropInput, bit for bit: per dx element, the sum over
// output row, output column, out channel (all ascending) in double from +0, one
// rounding to float on store.
int faithful_backprop_input(const dxcheck_conv_desc* desc, const float* dy,
                            const float* filter, float* dx);

// oneDNN's convolution_backward_data (convolution_direct, plain memory); declines what
// it cannot express. Built only when oneDNN is found (DXCHECK_HAVE_ONEDNN).
int onednn_backprop_input(const dxcheck_conv_desc* desc, const float* dy, const float* filter,
                          float* dx);

}  // namespace dxcheck
