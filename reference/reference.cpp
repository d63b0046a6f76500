// The reference oracles 1 and 2 of docs/design.md "The three oracles", in
// double with Eigen's Tensor module: backprop-input as a valid correlation of the
// stride-inflated, padded dy with the spatially reversed filter. Everything runs in
// NHWC; NCHW tensors are shuffled in and out. Shares no code with any kernel.
#include "reference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unsupported/Eigen/CXX11/Tensor>

namespace dxcheck::reference {
namespace {

using Tensor4 = Eigen::Tensor<double, 4, Eigen::RowMajor>;
using Tensor2 = Eigen::Tensor<double, 2, Eigen::RowMajor>;
using Index4 = Eigen::array<Eigen::Index, 4>;

// The desc's sizes in int64, out sizes below zero read as 0 (TFJS: empty loops).
struct Geometry {
  int64_t batch, in_height, in_width, in_channels;
  int64_t out_height, out_width, out_channels;
  int64_t filter_height, filter_width, stride_height, stride_width;
  int64_t top, left, bottom, right;  // bottom/right: the ABI's implied pads
  bool nchw;

  // Any zero extent: no real term anywhere, dx is all +0 (and Eigen's inflate of a
  // 0-long dimension aborts, so the recipe must not run).
  bool empty() const {
    return batch == 0 || out_height == 0 || out_width == 0 || out_channels == 0 ||
           in_channels == 0 || filter_height == 0 || filter_width == 0 || in_height == 0 ||
           in_width == 0;
  }
  int64_t dx_elements() const { return batch * in_height * in_width * in_channels; }
};

Geometry geometry(const dxcheck_conv_desc& d) {
  if (d.data_format != DXCHECK_NHWC && d.data_format != DXCHECK_NCHW)
    throw std::invalid_argument("reference: data_format " + std::to_string(d.data_format) +
                                " is neither NHWC (0) nor NCHW (1)");
  if (d.batch < 0 || d.in_height < 0 || d.in_width < 0 || d.in_channels < 0 ||
      d.out_channels < 0 || d.filter_height < 0 || d.filter_width < 0)
    throw std::invalid_argument("reference: negative dimension in desc");
  if (d.stride_height < 1 || d.stride_width < 1)
    throw std::invalid_argument("reference: strides (" + std::to_string(d.stride_height) + ", " +
                                std::to_string(d.stride_width) + ") must be >= 1");
  Geometry g{d.batch, d.in_height, d.in_width, d.in_channels,
             std::max(0, d.out_height), std::max(0, d.out_width), d.out_channels,
             d.filter_height, d.filter_width, d.stride_height, d.stride_width,
             d.pad_top, d.pad_left, 0, 0, d.data_format == DXCHECK_NCHW};
  if (g.empty()) return g;
  // The implied pads make the padded dy exactly h + fh - 1 long; a desc that disagrees
  // is malformed, and a kernel reading pad_bottom would be tested on a lie.
  g.bottom = (g.out_height - 1) * g.stride_height + g.filter_height - g.in_height - g.top;
  g.right = (g.out_width - 1) * g.stride_width + g.filter_width - g.in_width - g.left;
  if (g.bottom != d.pad_bottom || g.right != d.pad_right)
    throw std::invalid_argument("reference: pad_bottom/pad_right (" +
                                std::to_string(d.pad_bottom) + ", " + std::to_string(d.pad_right) +
                                ") differ from the implied (" + std::to_string(g.bottom) + ", " +
                                std::to_string(g.right) + ")");
  return g;
}

// A product of sizes, saturating instead of overflowing (only used for the cap check).
int64_t saturating_product(std::initializer_list<int64_t> factors) {
  int64_t product = 1;
  for (int64_t f : factors) {
    if (f <= 0) return 0;
    if (product > std::numeric_limits<int64_t>::max() / f) return std::numeric_limits<int64_t>::max();
    product *= f;
  }
  return product;
}

int64_t saturating_sum(std::initializer_list<int64_t> terms) {
  int64_t sum = 0;
  for (int64_t t : terms) sum = (t > std::numeric_limits<int64_t>::max() - sum) ? std::numeric_limits<int64_t>::max() : sum + t;
  return sum;
}

// Length of one spatial dim of dy after inflating and padding, before the crop.
int64_t padded_length(int64_t out, int64_t stride, int64_t filter, int64_t near, int64_t far) {
  return std::max<int64_t>(0, filter - 1 - near) + (out - 1) * stride + 1 +
         std::max<int64_t>(0, filter - 1 - far);
}

// The 4-d tensor in `data` (float or double, desc layout) as NHWC doubles.
template <typename T>
Tensor4 to_nhwc(const T* data, bool nchw, int64_t n, int64_t h, int64_t w, int64_t c) {
  using Map = Eigen::TensorMap<const Eigen::Tensor<const T, 4, Eigen::RowMajor>>;
  if (!nchw) return Map(data, n, h, w, c).template cast<double>();
  return Map(data, n, c, h, w).template cast<double>().shuffle(Index4{0, 2, 3, 1});
}

std::vector<double> from_nhwc(const Tensor4& t, bool nchw) {
  Tensor4 out = nchw ? Tensor4(t.shuffle(Index4{0, 3, 1, 2})) : t;
  return std::vector<double>(out.data(), out.data() + out.size());
}

// dx[b,i,j,c] = sum_{r,s,o} P[b, i+r, j+s, o] * F[fh-1-r, fw-1-s, c, o], where P is dy
// inflated by the strides and padded by fh-1-top / fh-1-bottom (columns likewise).
// A negative pad amount is a crop: pad by max(0, a) first and start the window max(0, -a)
// in; slicing first could ask for more than the inflated length holds.
Tensor4 correlate(const Geometry& g, const Tensor4& dy, const Tensor4& filter) {
  const int64_t near_rows = g.filter_height - 1 - g.top, far_rows = g.filter_height - 1 - g.bottom;
  const int64_t near_cols = g.filter_width - 1 - g.left, far_cols = g.filter_width - 1 - g.right;
  Eigen::array<std::pair<Eigen::Index, Eigen::Index>, 4> pads{
      {{0, 0},
       {std::max<int64_t>(0, near_rows), std::max<int64_t>(0, far_rows)},
       {std::max<int64_t>(0, near_cols), std::max<int64_t>(0, far_cols)},
       {0, 0}}};
  const Tensor4 padded = dy.inflate(Index4{1, g.stride_height, g.stride_width, 1}).pad(pads);
  const int64_t crop_rows = std::max<int64_t>(0, -near_rows);
  const int64_t crop_cols = std::max<int64_t>(0, -near_cols);

  Tensor4 dx(g.batch, g.in_height, g.in_width, g.in_channels);
  dx.setZero();
  const Eigen::array<Eigen::IndexPair<int>, 1> over_out_channels{Eigen::IndexPair<int>(3, 1)};
  const Index4 window{g.batch, g.in_height, g.in_width, g.out_channels};
  for (int64_t r = 0; r < g.filter_height; ++r) {
    for (int64_t s = 0; s < g.filter_width; ++s) {
      // The [C, O] matrix of the reversed filter's tap (r, s).
      const Tensor2 tap = filter.chip(g.filter_height - 1 - r, 0).chip(g.filter_width - 1 - s, 0);
      dx += padded.slice(Index4{0, crop_rows + r, crop_cols + s, 0}, window)
                .contract(tap, over_out_channels);
    }
  }
  return dx;
}

// y[b,p,q,o] = sum_{r,s,c} x[b, p*sh - top + r, q*sw - left + s, c] * F[r,s,c,o]: x padded
// by top/bottom (crop where negative, as above), then one strided window per tap.
Tensor4 convolve(const Geometry& g, const Tensor4& x, const Tensor4& filter) {
  Eigen::array<std::pair<Eigen::Index, Eigen::Index>, 4> pads{
      {{0, 0},
       {std::max<int64_t>(0, g.top), std::max<int64_t>(0, g.bottom)},
       {std::max<int64_t>(0, g.left), std::max<int64_t>(0, g.right)},
       {0, 0}}};
  const Tensor4 padded = x.pad(pads);
  const int64_t crop_rows = std::max<int64_t>(0, -g.top), crop_cols = std::max<int64_t>(0, -g.left);

  Tensor4 y(g.batch, g.out_height, g.out_width, g.out_channels);
  y.setZero();
  const Eigen::array<Eigen::IndexPair<int>, 1> over_in_channels{Eigen::IndexPair<int>(3, 0)};
  const Index4 span{g.batch, (g.out_height - 1) * g.stride_height + 1,
                    (g.out_width - 1) * g.stride_width + 1, g.in_channels};
  const Index4 strides{1, g.stride_height, g.stride_width, 1};
  for (int64_t r = 0; r < g.filter_height; ++r) {
    for (int64_t s = 0; s < g.filter_width; ++s) {
      const Tensor2 tap = filter.chip(r, 0).chip(s, 0);  // [C, O]
      y += padded.slice(Index4{0, crop_rows + r, crop_cols + s, 0}, span)
               .stride(strides)
               .contract(tap, over_in_channels);
    }
  }
  return y;
}

// 1 where `keep` holds for the element, else 0: indicator tensors for counting terms.
template <typename Predicate>
Tensor4 indicator(const Tensor4& t, Predicate keep) {
  return t.unaryExpr([keep](double v) { return keep(v) ? 1.0 : 0.0; });
}

bool positive(double v) { return v > 0; }  // includes +Inf; NaN is neither sign
bool negative(double v) { return v < 0; }
bool plus_inf(double v) { return v == std::numeric_limits<double>::infinity(); }
bool minus_inf(double v) { return v == -std::numeric_limits<double>::infinity(); }
bool infinite(double v) { return std::isinf(v); }
bool zero(double v) { return v == 0; }  // +0 and -0
bool not_a_number(double v) { return std::isnan(v); }
bool any_value(double) { return true; }

bool all_finite(const Tensor4& t) {
  return std::all_of(t.data(), t.data() + t.size(), [](double v) { return std::isfinite(v); });
}

}  // namespace

int64_t working_set_elements(const dxcheck_conv_desc& desc) {
  const Geometry g = geometry(desc);
  const int64_t dx = saturating_product({g.batch, g.in_height, g.in_width, g.in_channels});
  // dx, M, n and the pattern: all that an empty desc holds.
  if (g.empty()) return saturating_product({4, dx});
  const int64_t padded = saturating_product(
      {g.batch,
       padded_length(g.out_height, g.stride_height, g.filter_height, g.top, g.bottom),
       padded_length(g.out_width, g.stride_width, g.filter_width, g.left, g.right),
       g.out_channels});
  const int64_t dy = saturating_product({g.batch, g.out_height, g.out_width, g.out_channels});
  const int64_t filter =
      saturating_product({g.filter_height, g.filter_width, g.in_channels, g.out_channels});
  // An upper estimate of what is alive at once: the padded dy; raw dy and one derived
  // dy (|dy|, an indicator); raw and derived filter; dx, M, n, the pattern, the NaN and
  // +Inf counts, the count being summed, one correlation, its contraction temporary and
  // a layout shuffle: 10 dx-sized tensors, rounded up to 12.
  return saturating_sum({padded, saturating_product({2, dy}), saturating_product({2, filter}),
                         saturating_product({12, dx})});
}

std::optional<std::string> skip_reason(const dxcheck_conv_desc& desc, int64_t cap_elements) {
  const int64_t elements = working_set_elements(desc);
  if (elements <= cap_elements) return std::nullopt;
  return "reference working set " + std::to_string(elements) + " elements exceeds cap " +
         std::to_string(cap_elements);
}

Backprop backprop_input(const dxcheck_conv_desc& desc, const float* dy, const float* filter) {
  const Geometry g = geometry(desc);
  Backprop result;
  const size_t dx_elements = static_cast<size_t>(g.dx_elements());
  if (g.empty()) {
    result.dx.assign(dx_elements, 0.0);
    result.magnitude.assign(dx_elements, 0.0);
    result.terms.assign(dx_elements, 0.0);
    result.pattern.assign(dx_elements, Pattern::finite);
    return result;
  }
  const Tensor4 dy_raw = to_nhwc(dy, g.nchw, g.batch, g.out_height, g.out_width, g.out_channels);
  const Tensor4 filter_raw = Eigen::TensorMap<const Eigen::Tensor<const float, 4, Eigen::RowMajor>>(
                                 filter, g.filter_height, g.filter_width, g.in_channels, g.out_channels)
                                 .cast<double>();
  auto finite_or_zero = [](double v) { return std::isfinite(v) ? v : 0.0; };
  auto abs_finite_or_zero = [](double v) { return std::isfinite(v) ? std::abs(v) : 0.0; };
  const auto corr = [&g](const Tensor4& a, const Tensor4& b) { return correlate(g, a, b); };

  result.dx = from_nhwc(corr(dy_raw.unaryExpr(finite_or_zero), filter_raw.unaryExpr(finite_or_zero)), g.nchw);
  result.magnitude = from_nhwc(
      corr(dy_raw.unaryExpr(abs_finite_or_zero), filter_raw.unaryExpr(abs_finite_or_zero)), g.nchw);
  // Every dy element and every filter tap is a real term: n_k counts (dy, tap, o) triples.
  result.terms = from_nhwc(corr(indicator(dy_raw, any_value), indicator(filter_raw, any_value)), g.nchw);

  result.pattern.assign(dx_elements, Pattern::finite);
  if (all_finite(dy_raw) && all_finite(filter_raw)) return result;

  // Each kind of term is counted by correlating a dy indicator with a filter indicator:
  // the count at k is how many real terms of dx element k have that (dy, tap) kind.
  using Predicate = bool (*)(double);
  const auto count = [&](std::initializer_list<std::pair<Predicate, Predicate>> kinds) {
    Tensor4 total(g.batch, g.in_height, g.in_width, g.in_channels);
    total.setZero();
    for (const auto& [on_dy, on_filter] : kinds)
      total += corr(indicator(dy_raw, on_dy), indicator(filter_raw, on_filter));
    return from_nhwc(total, g.nchw);
  };
  // NaN * anything, 0 * Inf, Inf * 0.
  const std::vector<double> nan_count = count({{not_a_number, any_value}, {any_value, not_a_number},
                                               {zero, infinite}, {infinite, zero}});
  const std::vector<double> plus_count = count({{plus_inf, positive}, {minus_inf, negative},
                                                {positive, plus_inf}, {negative, minus_inf}});
  const std::vector<double> minus_count = count({{plus_inf, negative}, {minus_inf, positive},
                                                 {positive, minus_inf}, {negative, plus_inf}});
  for (size_t k = 0; k < dx_elements; ++k) {
    if (nan_count[k] > 0 || (plus_count[k] > 0 && minus_count[k] > 0)) result.pattern[k] = Pattern::nan;
    else if (plus_count[k] > 0) result.pattern[k] = Pattern::positive_infinity;
    else if (minus_count[k] > 0) result.pattern[k] = Pattern::negative_infinity;
  }
  return result;
}

std::vector<double> forward_conv(const dxcheck_conv_desc& desc, const double* x, const double* filter) {
  const Geometry g = geometry(desc);
  const int64_t y_elements = g.batch * g.out_height * g.out_width * g.out_channels;
  if (g.empty()) return std::vector<double>(static_cast<size_t>(std::max<int64_t>(0, y_elements)), 0.0);
  const Tensor4 x_nhwc = to_nhwc(x, g.nchw, g.batch, g.in_height, g.in_width, g.in_channels);
  const Tensor4 filter_t = Eigen::TensorMap<const Eigen::Tensor<const double, 4, Eigen::RowMajor>>(
      filter, g.filter_height, g.filter_width, g.in_channels, g.out_channels);
  return from_nhwc(convolve(g, x_nhwc, filter_t), g.nchw);
}

}  // namespace dxcheck::reference
