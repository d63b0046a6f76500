// The reference's view of a desc: its sizes in int64, validated, with the implied far
// pads, and which filter taps meet a real dy element at a given dx row or column.
// Internal to reference/.
#pragma once

#include <cstdint>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck::reference {

struct Geometry {
  int64_t batch, in_height, in_width, in_channels;
  int64_t out_height, out_width, out_channels;  // below zero in the desc: read as 0 (TFJS: empty loops)
  int64_t filter_height, filter_width, stride_height, stride_width;
  int64_t top, left, bottom, right;  // bottom/right: the ABI's implied pads
  bool nchw;

  // Any zero extent: no real term anywhere, dx is all +0.
  bool empty() const {
    return batch == 0 || out_height == 0 || out_width == 0 || out_channels == 0 || in_channels == 0 ||
           filter_height == 0 || filter_width == 0 || in_height == 0 || in_width == 0;
  }
  int64_t dx_elements() const { return batch * in_height * in_width * in_channels; }
  int64_t dy_elements() const { return batch * out_height * out_width * out_channels; }
  int64_t filter_elements() const { return filter_height * filter_width * in_channels * out_channels; }

  // Flat index of logical [b, row, col, channel] in the desc's layout, for dx and dy.
  int64_t dx_index(int64_t b, int64_t i, int64_t j, int64_t c) const {
    return nchw ? ((b * in_channels + c) * in_height + i) * in_width + j
                : ((b * in_height + i) * in_width + j) * in_channels + c;
  }
  int64_t dy_index(int64_t b, int64_t p, int64_t q, int64_t o) const {
    return nchw ? ((b * out_channels + o) * out_height + p) * out_width + q
                : ((b * out_height + p) * out_width + q) * out_channels + o;
  }
  // Filter [fh, fw, C, O] in both layouts.
  int64_t filter_index(int64_t r, int64_t s, int64_t c, int64_t o) const {
    return ((r * filter_width + s) * in_channels + c) * out_channels + o;
  }
};

// Throws std::invalid_argument for a malformed desc (reference.h says which).
Geometry geometry(const dxcheck_conv_desc& desc);

// One spatial axis of the backprop sum: dx index i takes filter tap r from dy index
// p = (i + near - r) / stride when that division is exact and 0 <= p < out.
struct Axis {
  int64_t in, out, filter, stride, near;

  // The taps r whose (i + near - r) is a multiple of the stride for every i with
  // i % stride == phase (whether p is in range still depends on i).
  std::vector<int64_t> phase_taps(int64_t phase) const;
  // The dy index tap r reads at dx index i, or -1 when (r, p) is not a real pair.
  int64_t source(int64_t i, int64_t r) const;
  // How many real (r, p) pairs dx index i has: the closed-form factor of n_k.
  int64_t real_pairs(int64_t i) const;
};

inline Axis rows_of(const Geometry& g) {
  return {g.in_height, g.out_height, g.filter_height, g.stride_height, g.top};
}
inline Axis columns_of(const Geometry& g) {
  return {g.in_width, g.out_width, g.filter_width, g.stride_width, g.left};
}

}  // namespace dxcheck::reference
