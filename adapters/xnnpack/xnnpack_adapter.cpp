// XNNPACK's f32 deconvolution (xnn_create/setup_deconvolution2d_nhwc_f32) as a kernel
// under test: NHWC, the plan's per-side pads and adjustment, kernel [C][fh][fw][O],
// no bias, no clamping (output_min/max at -/+infinity), no thread pool.
#include <xnnpack.h>

#include <limits>
#include <string>

#include "plugin_entry.h"

namespace dxcheck::adapters {

const char* const kAdapterName = "xnnpack";

namespace {

std::string status_text(xnn_status status) {
  switch (status) {
    case xnn_status_success: return "success";
    case xnn_status_uninitialized: return "uninitialized";
    case xnn_status_invalid_parameter: return "invalid parameter";
    case xnn_status_invalid_state: return "invalid state";
    case xnn_status_unsupported_parameter: return "unsupported parameter";
    case xnn_status_unsupported_hardware: return "unsupported hardware";
    case xnn_status_out_of_memory: return "out of memory";
  }
  return "status " + std::to_string(static_cast<int>(status));
}

CallResult failed(const char* step, xnn_status status) {
  return {2, std::string("XNNPACK ") + step + ": " + status_text(status)};
}

}  // namespace

CallResult call_library(const LibraryCall& call, const float* dy, const float* filter, float* dx) {
  static const xnn_status initialized = xnn_initialize(nullptr);
  if (initialized != xnn_status_success) return failed("xnn_initialize", initialized);
  const float infinity = std::numeric_limits<float>::infinity();
  xnn_operator_t op = nullptr;
  xnn_status status = xnn_create_deconvolution2d_nhwc_f32(
      static_cast<uint32_t>(call.height.pad_near), static_cast<uint32_t>(call.width.pad_far),
      static_cast<uint32_t>(call.height.pad_far), static_cast<uint32_t>(call.width.pad_near),
      static_cast<uint32_t>(call.filter_height), static_cast<uint32_t>(call.filter_width),
      static_cast<uint32_t>(call.stride_height), static_cast<uint32_t>(call.stride_width), 1, 1, 1,
      static_cast<size_t>(call.out_channels), static_cast<size_t>(call.in_channels),
      static_cast<size_t>(call.out_channels), static_cast<size_t>(call.in_channels), filter, nullptr, -infinity,
      infinity, 0, &op);
  if (status != xnn_status_success) return failed("create", status);
  status = xnn_setup_deconvolution2d_nhwc_f32(op, static_cast<size_t>(call.batch), static_cast<size_t>(call.out_height),
                                              static_cast<size_t>(call.out_width),
                                              static_cast<uint32_t>(call.height.adjustment),
                                              static_cast<uint32_t>(call.width.adjustment), dy, dx, nullptr);
  if (status == xnn_status_success) status = xnn_run_operator(op, nullptr);
  const xnn_status deleted = xnn_delete_operator(op);
  if (status != xnn_status_success) return failed("setup/run", status);
  if (deleted != xnn_status_success) return failed("delete", deleted);
  return {};
}

}  // namespace dxcheck::adapters
