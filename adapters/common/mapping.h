// From the ABI's desc (TFJS's geometry) to one call of a library's transposed
// convolution and back, exactly, or a declared decline. Every adapter uses this one
// mapping, and the self-test runs it with the faithful kernel in place of the library.
//
// TFJS's dx is a window of the "full" transposed convolution of dy, whose rows are
// 0 .. (out-1)*stride + filter - 1: dx row i is full row i + pad_top, and a full row
// outside that range (a negative implied pad) has no terms, so it is +0. A library
// computes a window too, [pad_near, full - pad_far + adjustment), with its own
// non-negative pads and an adjustment (output_padding) of at most stride - 1 rows past
// the far end. The mapping picks the library's window to cover every row of dx that
// has terms, using as much of the library's own padding as it can express (so its
// padding code is under test too), and crops the rest or writes the zero rows itself.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "dxcheck_kernel.h"

namespace dxcheck::adapters {

// How a library stores the filter; the ABI's is [fh][fw][C][O] (C: dx channels, O: dy's).
enum class FilterLayout {
  c_h_w_o,  // [C][fh][fw][O]: XNNPACK deconvolution, Arm NN NHWC ("OHWI", its O is dx's C)
  o_c_h_w,  // [O][C][fh][fw]: PyTorch conv_transpose2d and conv2d weights
  c_o_h_w,  // [C][O][fh][fw]: Arm NN NCHW ("OIHW")
};

// What a library's call can express.
struct Capabilities {
  std::string library;        // named in decline reasons
  bool nhwc = true, nchw = true;  // layouts it runs natively (else: transposes around it)
  bool per_side_pads = true;  // false: one pad per axis for both sides
  bool adjustment = false;    // extra far-side rows (output_padding), fewer than the stride
  bool empty_batch = false;   // takes batch 0 (else: declined)
  FilterLayout nhwc_filter = FilterLayout::c_h_w_o, nchw_filter = FilterLayout::c_h_w_o;
};

// One spatial axis of the library call.
struct AxisCall {
  int64_t pad_near = 0, pad_far = 0;  // the library's pads, >= 0
  int64_t adjustment = 0;             // 0 <= adjustment < stride
  int64_t size = 0;                   // the library's dx size: full - near - far + adjustment
  int64_t offset = 0;                 // dx row i is library row i + offset; outside it +0
};

// The call a library makes: dy and dx in data_format, the filter in `filter`.
struct LibraryCall {
  int data_format = DXCHECK_NHWC;
  FilterLayout filter = FilterLayout::c_h_w_o;
  int64_t batch = 0, in_channels = 0, out_channels = 0;
  int64_t filter_height = 0, filter_width = 0, stride_height = 0, stride_width = 0;
  int64_t out_height = 0, out_width = 0;  // dy
  AxisCall height, width;
};

// What a library call returns: DXCHECK_OK, DXCHECK_UNSUPPORTED (a rule of the library
// found only at call time) or an error, with a message for the last two.
struct CallResult {
  int code = DXCHECK_OK;
  std::string message;
};

using LibraryFunction =
    std::function<CallResult(const LibraryCall& call, const float* dy, const float* filter, float* dx)>;

// The call for this desc, or "" in *decline with the reason it cannot be expressed.
bool plan_call(const dxcheck_conv_desc& desc, const Capabilities& caps, LibraryCall* call, std::string* decline);

// The whole adapter: plan, transpose and permute the inputs, call, crop or pad the
// result into dx (every element written). *message says why it declined or failed.
int run_mapped(const dxcheck_conv_desc& desc, const float* dy, const float* filter, float* dx,
               const Capabilities& caps, const LibraryFunction& library, std::string* message);

}  // namespace dxcheck::adapters
