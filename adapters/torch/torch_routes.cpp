#include "torch_routes.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <string>
#include <vector>

namespace dxcheck::adapters {
namespace {

// A tensor of logical shape [n, c, h, w] over p, stored in data_format.
at::Tensor wrap(const float* p, int data_format, int64_t n, int64_t c, int64_t h, int64_t w) {
  const std::vector<int64_t> sizes{n, c, h, w};
  const std::vector<int64_t> strides = data_format == DXCHECK_NCHW ? std::vector<int64_t>{c * h * w, h * w, w, 1}
                                                                  : std::vector<int64_t>{h * w * c, 1, w * c, c};
  return at::from_blob(const_cast<float*>(p), sizes, strides, at::TensorOptions().dtype(at::kFloat));
}

at::MemoryFormat memory_format(int data_format) {
  return data_format == DXCHECK_NCHW ? at::MemoryFormat::Contiguous : at::MemoryFormat::ChannelsLast;
}

struct Tensors {
  at::Tensor dy, weight;
};

Tensors inputs(const LibraryCall& call, const float* dy, const float* filter) {
  // One thread: the worker shares the machine; the summation per element is the same.
  at::set_num_threads(1);
  Tensors t;
  t.dy = wrap(dy, call.data_format, call.batch, call.out_channels, call.out_height, call.out_width);
  // [O][C][fh][fw]: conv2d's [out][in][kh][kw] and conv_transpose2d's [in][out][kh][kw] alike.
  t.weight = at::from_blob(const_cast<float*>(filter), {call.out_channels, call.in_channels, call.filter_height,
                                                        call.filter_width},
                           at::TensorOptions().dtype(at::kFloat))
                 .contiguous(memory_format(call.data_format));
  return t;
}

CallResult store(const LibraryCall& call, const at::Tensor& result, float* dx) {
  const std::vector<int64_t> expected{call.batch, call.in_channels, call.height.size, call.width.size};
  if (result.sizes().vec() != expected) {
    std::string got;
    for (int64_t s : result.sizes()) got += (got.empty() ? "" : ",") + std::to_string(s);
    return {2, "PyTorch returned dx of shape [" + got + "]"};
  }
  wrap(dx, call.data_format, call.batch, call.in_channels, call.height.size, call.width.size).copy_(result);
  return {};
}

std::vector<int64_t> pair(int64_t a, int64_t b) { return {a, b}; }

}  // namespace

CallResult torch_convolution_backward(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  const Tensors t = inputs(call, dy, filter);
  // Only x's shape and memory format matter for dx: the forward input size is what
  // makes the forward output exactly dy's (the plan's adjustment rows).
  const at::Tensor x = at::empty({call.batch, call.in_channels, call.height.size, call.width.size},
                                 at::TensorOptions().dtype(at::kFloat).memory_format(memory_format(call.data_format)));
  auto grads = at::convolution_backward(t.dy, x, t.weight, c10::nullopt, pair(call.stride_height, call.stride_width),
                                        pair(call.height.pad_near, call.width.pad_near), pair(1, 1), false, pair(0, 0), 1,
                                        {true, false, false});
  return store(call, std::get<0>(grads), dx);
}

CallResult torch_conv_transpose2d(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  const Tensors t = inputs(call, dy, filter);
  const at::Tensor result =
      at::conv_transpose2d(t.dy, t.weight, {}, pair(call.stride_height, call.stride_width),
                           pair(call.height.pad_near, call.width.pad_near),
                           pair(call.height.adjustment, call.width.adjustment), 1, pair(1, 1));
  return store(call, result, dx);
}

}  // namespace dxcheck::adapters
