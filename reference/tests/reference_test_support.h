// What the reference tests share: descs with the implied pads, a deterministic
// generator, and the naive loops over real terms that the reference must agree with.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include "fill.h"
#include "reference.h"

namespace dxcheck::reference::testing {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr float inf_f = std::numeric_limits<float>::infinity();
constexpr float nan_f = std::numeric_limits<float>::quiet_NaN();


// A desc with the ABI's implied bottom/right pads.
inline dxcheck_conv_desc make_desc(int n, int h, int w, int c, int oh, int ow, int o, int fh, int fw,
                            int sh, int sw, int top, int left, int format = DXCHECK_NHWC) {
  dxcheck_conv_desc d{};
  d.abi_version = 1;
  d.batch = n;
  d.in_height = h, d.in_width = w, d.in_channels = c;
  d.out_height = oh, d.out_width = ow, d.out_channels = o;
  d.filter_height = fh, d.filter_width = fw;
  d.stride_height = sh, d.stride_width = sw;
  d.pad_top = top, d.pad_left = left;
  d.pad_bottom = (oh - 1) * sh + fh - h - top;
  d.pad_right = (ow - 1) * sw + fw - w - left;
  d.data_format = format;
  return d;
}

inline int64_t dy_count(const dxcheck_conv_desc& d) {
  return int64_t{d.batch} * d.out_height * d.out_width * d.out_channels;
}
inline int64_t dx_count(const dxcheck_conv_desc& d) {
  return int64_t{d.batch} * d.in_height * d.in_width * d.in_channels;
}
inline int64_t filter_count(const dxcheck_conv_desc& d) {
  return int64_t{d.filter_height} * d.filter_width * d.in_channels * d.out_channels;
}

inline std::vector<float> one_to(int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 1.0f);
  return v;
}

// Flat index of [b, row, col, channel] in the desc's layout.
inline int64_t at(const dxcheck_conv_desc& d, int64_t height, int64_t width, int64_t channels, int64_t b,
           int64_t row, int64_t col, int64_t channel) {
  if (d.data_format == DXCHECK_NCHW) return ((b * channels + channel) * height + row) * width + col;
  return ((b * height + row) * width + col) * channels + channel;
}

// The scatter form of docs/design.md "The operation" in plain loops over real terms only, on the raw values:
// a sum in double of the real products, so NaN / Inf come out as IEEE makes them.
struct Naive {
  std::vector<double> dx, magnitude, terms;
};
inline Naive naive_backprop(const dxcheck_conv_desc& d, const std::vector<float>& dy,
                     const std::vector<float>& filter) {
  Naive r{std::vector<double>(dx_count(d)), std::vector<double>(dx_count(d)),
          std::vector<double>(dx_count(d))};
  for (int b = 0; b < d.batch; ++b)
    for (int p = 0; p < d.out_height; ++p)
      for (int q = 0; q < d.out_width; ++q)
        for (int rr = 0; rr < d.filter_height; ++rr)
          for (int s = 0; s < d.filter_width; ++s) {
            const int i = p * d.stride_height - d.pad_top + rr;
            const int j = q * d.stride_width - d.pad_left + s;
            if (i < 0 || i >= d.in_height || j < 0 || j >= d.in_width) continue;
            for (int c = 0; c < d.in_channels; ++c)
              for (int o = 0; o < d.out_channels; ++o) {
                const double g = dy[at(d, d.out_height, d.out_width, d.out_channels, b, p, q, o)];
                const double f = filter[((rr * d.filter_width + s) * d.in_channels + c) * d.out_channels + o];
                const int64_t k = at(d, d.in_height, d.in_width, d.in_channels, b, i, j, c);
                r.dx[k] += g * f;
                r.magnitude[k] += std::abs(g) * std::abs(f);
                r.terms[k] += 1;
              }
          }
  return r;
}

inline Pattern classify(double v) {
  if (std::isnan(v)) return Pattern::nan;
  if (v == inf) return Pattern::positive_infinity;
  if (v == -inf) return Pattern::negative_infinity;
  return Pattern::finite;
}

inline std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// A tiny deterministic generator (std distributions differ between libraries).
// dxcheck's one SplitMix64 (harness/fill.h).
using SplitMix = dxcheck::SplitMix64;

inline std::vector<float> small_integers(SplitMix& rng, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.in_range(-4, 4));
  return v;
}

// A desc from explicit pads (t, b, l, r, possibly negative) the way TFJS sizes it with
// trunc; nullopt when the out size is not positive.
inline std::optional<dxcheck_conv_desc> explicit_desc(SplitMix& rng, int min_pad, int max_pad, int format) {
  const int n = rng.in_range(1, 2), h = rng.in_range(1, 6), w = rng.in_range(1, 6), c = rng.in_range(1, 3), o = rng.in_range(1, 3);
  const int fh = rng.in_range(1, 4), fw = rng.in_range(1, 4), sh = rng.in_range(1, 3), sw = rng.in_range(1, 3);
  const int t = rng.in_range(min_pad, max_pad), b = rng.in_range(min_pad, max_pad);
  const int l = rng.in_range(min_pad, max_pad), r = rng.in_range(min_pad, max_pad);
  if (h - fh + t + b < 0 || w - fw + l + r < 0) return std::nullopt;
  const int oh = (h - fh + t + b) / sh + 1, ow = (w - fw + l + r) / sw + 1;
  return make_desc(n, h, w, c, oh, ow, o, fh, fw, sh, sw, t, l, format);
}

}  // namespace dxcheck::reference::testing
