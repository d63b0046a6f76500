// PyTorch at::convolution_backward as a kernel under test (torch_routes.cpp).
#include "plugin_entry.h"
#include "torch_routes.h"

namespace dxcheck::adapters {

const char* const kAdapterName = "torch-backward";

CallResult call_library(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  return torch_convolution_backward(call, dy, filter, dx);
}

}  // namespace dxcheck::adapters
