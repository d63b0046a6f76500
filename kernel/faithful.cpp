// Mirrors the loop of tfjs-backend-cpu/src/kernels/Conv2DBackpropInput.ts (4.22.0) in
// its integer-exact form (docs/tfjs-semantics.md "1.2 The kernel, step by step", step 8):
// for each dx element the
// contributing dy rows are yR in [ceil((xR - tp)/sH), ceil((fH + xR - tp)/sH)) clipped
// to [0, oH), with tp = fH - 1 - pT; columns likewise. Only real terms are multiplied.
#include <algorithm>
#include <cstdint>

#include "builtin_kernels.h"

namespace dxcheck {
namespace {

// Rounds toward +infinity for negative numerators too (C++ '/' truncates).
int64_t ceil_div(int64_t numerator, int64_t denominator) {
  const int64_t quotient = numerator / denominator;
  return quotient + ((numerator % denominator != 0) && (numerator > 0) ? 1 : 0);
}

struct Strides {
  int64_t batch, row, col, channel;
};

Strides layout_strides(int data_format, int64_t height, int64_t width, int64_t channels) {
  if (data_format == DXCHECK_NCHW) return {channels * height * width, width, 1, height * width};
  return {height * width * channels, width * channels, channels, 1};
}

}  // namespace

int faithful_backprop_input(const dxcheck_conv_desc* d, const float* dy, const float* filter,
                            float* dx) {
  if (d->data_format != DXCHECK_NHWC && d->data_format != DXCHECK_NCHW) return 2;
  const int64_t fh = d->filter_height, fw = d->filter_width;
  const int64_t sh = d->stride_height, sw = d->stride_width;
  if (sh < 1 || sw < 1) return 2;
  const int64_t oh = std::max<int64_t>(0, d->out_height), ow = std::max<int64_t>(0, d->out_width);
  const int64_t in_c = d->in_channels, out_c = d->out_channels;
  const int64_t top_inset = fh - 1 - d->pad_top, left_inset = fw - 1 - d->pad_left;
  const Strides x = layout_strides(d->data_format, d->in_height, d->in_width, in_c);
  const Strides y = layout_strides(d->data_format, oh, ow, out_c);
  const int64_t filter_row = fw * in_c * out_c, filter_col = in_c * out_c;

  for (int64_t b = 0; b < d->batch; ++b) {
    for (int64_t c = 0; c < in_c; ++c) {
      for (int64_t i = 0; i < d->in_height; ++i) {
        const int64_t row_corner = i - top_inset;
        const int64_t p_begin = std::max<int64_t>(0, ceil_div(row_corner, sh));
        const int64_t p_end = std::min(oh, ceil_div(fh + row_corner, sh));
        for (int64_t j = 0; j < d->in_width; ++j) {
          const int64_t col_corner = j - left_inset;
          const int64_t q_begin = std::max<int64_t>(0, ceil_div(col_corner, sw));
          const int64_t q_end = std::min(ow, ceil_div(fw + col_corner, sw));
          double acc = 0.0;  // +0, like TFJS: empty and all -0 sums store +0
          for (int64_t p = p_begin; p < p_end; ++p) {
            const int64_t flipped_r = fh - 1 - (p * sh - row_corner);
            for (int64_t q = q_begin; q < q_end; ++q) {
              const int64_t flipped_s = fw - 1 - (q * sw - col_corner);
              const float* dy_at = dy + b * y.batch + p * y.row + q * y.col;
              const float* f_at = filter + flipped_r * filter_row + flipped_s * filter_col + c * out_c;
              for (int64_t o = 0; o < out_c; ++o) {
                acc += static_cast<double>(dy_at[o * y.channel]) * static_cast<double>(f_at[o]);
              }
            }
          }
          dx[b * x.batch + i * x.row + j * x.col + c * x.channel] = static_cast<float>(acc);
        }
      }
    }
  }
  return DXCHECK_OK;
}

}  // namespace dxcheck
