// The reference oracle: Conv2DBackpropInput and the forward conv2d in double, each
// element gathered straight from its definition and summed by Eigen's GEMM on every
// core. Shares no code with any kernel under test.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck::reference {

// What the sum of a dx element's real terms is, when some terms are not finite.
enum class Pattern : uint8_t { finite, nan, positive_infinity, negative_infinity };

// Per dx element (same layout and order as dx, i.e. desc.data_format):
struct Backprop {
  std::vector<double> dx;         // r_k: the sum over real terms, non-finite inputs read as 0
  std::vector<double> magnitude;  // M_k: the same sum over |dy| * |F|
  std::vector<double> terms;      // n_k: how many real terms dx element k has (closed form)
  // From the terms with a non-finite factor (docs/design.md "The non-finite pattern");
  // all finite, without visiting a term, when every input is.
  std::vector<Pattern> pattern;
};

// 8-byte elements the reference would hold at once for this desc (the three result
// vectors, dy in double, the filter twice, each thread's blocks; an upper estimate);
// compare with the cap before calling.
int64_t working_set_elements(const dxcheck_conv_desc& desc);

// Why the reference will not run this desc (working set above cap), or nothing.
std::optional<std::string> skip_reason(const dxcheck_conv_desc& desc, int64_t cap_elements);

// dy in data_format layout [N, oh, ow, O] or [N, O, oh, ow]; filter [fh, fw, C, O].
// These functions throw std::invalid_argument for a malformed desc: negative dims,
// strides < 1, an unknown data_format, or (non-empty cases) pad_bottom/pad_right that
// differ from the implied ones. out_height/out_width <= 0 mean an all-zero dx.
// threads <= 0: every hardware thread (small cases run on the caller's thread alone).
// The result does not depend on the thread count: the work is cut the same way.
Backprop backprop_input(const dxcheck_conv_desc& desc, const float* dy, const float* filter, int threads = 0);

// y = conv2d(x, F) in double, x shaped like dx, y shaped like dy, both in
// desc.data_format layout. Takes oh, ow, top and left from the desc, so it checks
// arithmetic, not conv-info. Non-finite inputs are the caller's business.
std::vector<double> forward_conv(const dxcheck_conv_desc& desc, const double* x, const double* filter,
                                 int threads = 0);

}  // namespace dxcheck::reference
