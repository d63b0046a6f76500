// PyTorch's two routes to dx, on the plan's geometry (symmetric pads, output_padding
// or the input size below the stride): the gradient of conv2d and the transposed
// convolution. NCHW as contiguous tensors, NHWC as channels_last strides (weights too).
// Kept in one translation unit: ATen's headers are heavy to compile.
#pragma once

#include "mapping.h"

namespace dxcheck::adapters {

// at::convolution_backward(dy, x of dx's shape, weight, ..., output_mask {dx only}).
CallResult torch_convolution_backward(const LibraryCall& call, const float* dy, const float* filter, float* dx);
// at::conv_transpose2d(dy, weight, no bias, stride, padding, output_padding).
CallResult torch_conv_transpose2d(const LibraryCall& call, const float* dy, const float* filter, float* dx);

}  // namespace dxcheck::adapters
