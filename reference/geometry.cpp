#include "geometry.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace dxcheck::reference {

Geometry geometry(const dxcheck_conv_desc& d) {
  if (d.data_format != DXCHECK_NHWC && d.data_format != DXCHECK_NCHW)
    throw std::invalid_argument("reference: data_format " + std::to_string(d.data_format) +
                                " is neither NHWC (0) nor NCHW (1)");
  if (d.batch < 0 || d.in_height < 0 || d.in_width < 0 || d.in_channels < 0 || d.out_channels < 0 ||
      d.filter_height < 0 || d.filter_width < 0)
    throw std::invalid_argument("reference: negative dimension in desc");
  if (d.stride_height < 1 || d.stride_width < 1)
    throw std::invalid_argument("reference: strides (" + std::to_string(d.stride_height) + ", " +
                                std::to_string(d.stride_width) + ") must be >= 1");
  Geometry g{d.batch,         d.in_height,    d.in_width,       d.in_channels,
             std::max(0, d.out_height), std::max(0, d.out_width), d.out_channels,
             d.filter_height, d.filter_width, d.stride_height, d.stride_width,
             d.pad_top,       d.pad_left,     0,                0,
             d.data_format == DXCHECK_NCHW};
  if (g.empty()) return g;
  // The implied pads make the padded dy exactly h + fh - 1 long; a desc that disagrees
  // is malformed, and a kernel reading pad_bottom would be tested on a lie.
  g.bottom = (g.out_height - 1) * g.stride_height + g.filter_height - g.in_height - g.top;
  g.right = (g.out_width - 1) * g.stride_width + g.filter_width - g.in_width - g.left;
  if (g.bottom != d.pad_bottom || g.right != d.pad_right)
    throw std::invalid_argument("reference: pad_bottom/pad_right (" + std::to_string(d.pad_bottom) + ", " +
                                std::to_string(d.pad_right) + ") differ from the implied (" +
                                std::to_string(g.bottom) + ", " + std::to_string(g.right) + ")");
  return g;
}

std::vector<int64_t> Axis::phase_taps(int64_t phase) const {
  std::vector<int64_t> taps;
  for (int64_t r = 0; r < filter; ++r) {
    const int64_t offset = phase + near - r;  // may be negative: test divisibility, not sign
    if (offset % stride == 0) taps.push_back(r);
  }
  return taps;
}

int64_t Axis::source(int64_t i, int64_t r) const {
  const int64_t offset = i + near - r;
  if (offset % stride != 0) return -1;
  const int64_t p = offset / stride;  // exact, so truncation toward zero is harmless
  return (p >= 0 && p < out) ? p : -1;
}

int64_t Axis::real_pairs(int64_t i) const {
  int64_t pairs = 0;
  for (int64_t r = 0; r < filter; ++r) pairs += source(i, r) >= 0;
  return pairs;
}

}  // namespace dxcheck::reference
