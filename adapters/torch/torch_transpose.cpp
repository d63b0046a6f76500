// PyTorch at::conv_transpose2d as a kernel under test (torch_routes.cpp).
#include "plugin_entry.h"
#include "torch_routes.h"

namespace dxcheck::adapters {

const char* const kAdapterName = "torch-transpose";

CallResult call_library(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  return torch_conv_transpose2d(call, dy, filter, dx);
}

}  // namespace dxcheck::adapters
