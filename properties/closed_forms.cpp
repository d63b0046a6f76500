// Special cases with a closed form of their own, each an oracle written here from
// scratch (no code shared with the reference or any kernel). The drawn Case is mapped
// (stride, padding, filter size) inside the check, deterministically, so the printed
// case string reproduces; its other fields (sizes, layout, fill, seed) are kept.
#include <algorithm>
#include <cmath>
#include <vector>

#include "fill.h"
#include "layout.h"
#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {


// Judges dx against a property's own oracle: exactly under exact data, within the
// error bound otherwise (the oracle fills r, M and n per element like the reference).
Verdict judge(const Case& c, const dxcheck_conv_desc& d, const reference::Backprop& oracle,
              const std::vector<float>& dx, const CheckSettings& settings) {
  if (support::exact_under(c.fill, settings.precision)) return compare_exact(d, oracle, dx.data());
  return compare_within_bound(d, oracle, dx.data(), settings.precision);
}

// The sums of the C channels of one dx position, built term by term: add(dy, F row)
// adds dy * F[ch] to channel ch's sums, in the order of the calls, like add_term. Rows
// are padded() long (zeros past C): groups of four lanes the compiler vectorises.
class Sums {
 public:
  static int64_t padded(int64_t channels) { return (channels + 3) / 4 * 4; }
  explicit Sums(int64_t channels)
      : dx_(static_cast<size_t>(padded(channels))), magnitude_(dx_.size()) {}
  void clear() {
    std::fill(dx_.begin(), dx_.end(), 0.0);
    std::fill(magnitude_.begin(), magnitude_.end(), 0.0);
    terms_ = 0;
  }
  void add(float dy, const float* filter_row) {
    const double g = dy;
    double* sum = dx_.data();
    double* magnitude = magnitude_.data();
    for (size_t group = 0; group < dx_.size(); group += 4) {
      double product[4];
      for (size_t lane = 0; lane < 4; ++lane) product[lane] = g * static_cast<double>(filter_row[group + lane]);
      for (size_t lane = 0; lane < 4; ++lane) sum[group + lane] += product[lane];
      for (size_t lane = 0; lane < 4; ++lane) magnitude[group + lane] += std::fabs(product[lane]);
    }
    terms_ += 1;
  }
  void store(reference::Backprop& out, int64_t k, int64_t ch) const {
    out.dx[k] = dx_[static_cast<size_t>(ch)];
    out.magnitude[k] = magnitude_[static_cast<size_t>(ch)];
    out.terms[k] = terms_;
  }

 private:
  std::vector<double> dx_, magnitude_;
  double terms_ = 0;
};

void add_term(reference::Backprop& out, int64_t k, float dy, float f) {
  const double product = static_cast<double>(dy) * static_cast<double>(f);
  out.dx[k] += product;
  out.magnitude[k] += std::fabs(product);
  out.terms[k] += 1;
}

}  // namespace

// Stride 1, valid padding: dx is the full correlation of dy with the filter rotated by
// 180 degrees. With dy read as zero outside [0, oh) x [0, ow) (but those are not real
// terms): dx[i, j, c] = sum_{r, s, o} dy[i - (fh-1) + r, j - (fw-1) + s, o] F[fh-1-r, fw-1-s, c, o].
Verdict check_stride1_valid_correlation(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.stride(1, 1).pad_valid().round_with(Rounding::none).fill_with(support::finite_fill(drawn.fill));
  const CaseData data = support::exact_case_data(c, settings);
  const dxcheck_conv_desc& d = data.desc;
  std::vector<float> dx;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &dx)) return *early;
  reference::Backprop oracle = support::empty_backprop(d);
  const int64_t fh = d.filter_height, fw = d.filter_width, C = d.in_channels, O = d.out_channels;
  const int64_t oh = d.out_height, ow = d.out_width, h = d.in_height, w = d.in_width;
  // The rotated filter with channels side by side, so the sums of one dx position's
  // channels run together (each still adds its terms in r, s, o order: the same bits
  // as summing element by element, only faster).
  const int64_t row = Sums::padded(C);
  std::vector<float> rotated(static_cast<size_t>(fh * fw * O * row), 0.0f);
  for (int64_t r = 0; r < fh; ++r)
    for (int64_t s = 0; s < fw; ++s)
      for (int64_t o = 0; o < O; ++o)
        for (int64_t ch = 0; ch < C; ++ch)
          rotated[((r * fw + s) * O + o) * row + ch] = data.filter[((fh - 1 - r) * fw + (fw - 1 - s)) * C * O + ch * O + o];
  Sums sums(C);
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j) {
        sums.clear();
        for (int64_t r = 0; r < fh; ++r)
          for (int64_t s = 0; s < fw; ++s) {
            const int64_t p = i - (fh - 1) + r, q = j - (fw - 1) + s;
            if (p < 0 || p >= oh || q < 0 || q >= ow) continue;
            for (int64_t o = 0; o < O; ++o)
              sums.add(data.dy[flat_index(d.data_format, oh, ow, O, b, p, q, o)], rotated.data() + ((r * fw + s) * O + o) * row);
          }
        for (int64_t ch = 0; ch < C; ++ch) sums.store(oracle, flat_index(d.data_format, h, w, C, b, i, j, ch), ch);
      }
  return judge(c, d, oracle, dx, settings);
}

// A 1x1 filter with valid padding is a matrix product scattered by the strides:
// dx[b, p*sh, q*sw, :] = dy[b, p, q, :] F^T (an [O] row times the [O, C] matrix), and
// every other dx element has no real term (exactly zero). The drawn strides are kept.
Verdict check_pointwise_matrix_product(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.filter(1, 1, drawn.out_channels).pad_valid().round_with(Rounding::none).fill_with(support::finite_fill(drawn.fill));
  const CaseData data = support::exact_case_data(c, settings);
  const dxcheck_conv_desc& d = data.desc;
  std::vector<float> dx;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &dx)) return *early;
  reference::Backprop oracle = support::empty_backprop(d);
  const int64_t C = d.in_channels, O = d.out_channels, oh = d.out_height, ow = d.out_width;
  const int64_t row = Sums::padded(C);  // F^T: channels side by side (see above)
  std::vector<float> transposed(static_cast<size_t>(O * row), 0.0f);
  for (int64_t o = 0; o < O; ++o)
    for (int64_t ch = 0; ch < C; ++ch) transposed[o * row + ch] = data.filter[ch * O + o];
  Sums sums(C);
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t p = 0; p < oh; ++p)
      for (int64_t q = 0; q < ow; ++q) {
        sums.clear();
        for (int64_t o = 0; o < O; ++o) sums.add(data.dy[flat_index(d.data_format, oh, ow, O, b, p, q, o)], transposed.data() + o * row);
        for (int64_t ch = 0; ch < C; ++ch) {
          const int64_t k = flat_index(d.data_format, d.in_height, d.in_width, C, b, p * d.stride_height,
                                       q * d.stride_width, ch);
          sums.store(oracle, k, ch);
        }
      }
  return judge(c, d, oracle, dx, settings);
}

// A one-hot filter (a single 1 at tap (r0, s0), in channel c0, out channel o0; zeros
// elsewhere, all drawn from the case's filter2 stream) moves dy: in channel c0,
// dx[b, p*sh - top + r0, q*sw - left + s0] = dy[b, p, q, o0], exactly, on any finite
// data (adding zeros is exact); every other element is exactly zero. The drawn
// strides and padding are kept: this checks the index mapping of every pad form.
Verdict check_one_hot_shift(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.fill_with(support::finite_fill(drawn.fill));  // 0 * Inf would make the zeros NaN
  CaseData data = support::case_data(c, settings);
  const dxcheck_conv_desc& d = data.desc;
  const int64_t fh = d.filter_height, fw = d.filter_width, C = d.in_channels, O = d.out_channels;
  // With 0 channels the filter has no element to hold the one (a valid, empty case).
  if (C == 0 || O == 0) return with_status(Status::skipped, "no filter element to set (0 dx or dy channels)");
  SplitMix64 pick = SplitMix64::for_tensor(c.seed, TensorId::filter2);
  const int64_t r0 = pick.in_range(0, fh - 1), s0 = pick.in_range(0, fw - 1);
  const int64_t c0 = pick.in_range(0, C - 1), o0 = pick.in_range(0, O - 1);
  std::fill(data.filter.begin(), data.filter.end(), 0.0f);
  data.filter[((r0 * fw + s0) * C + c0) * O + o0] = 1.0f;
  std::vector<float> dx;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &dx)) return *early;
  // Elements the one 1 does not reach count as structural zeros (n = 0): they must be
  // exactly zero, and they do not count towards MISTRUSTED.
  reference::Backprop oracle = support::empty_backprop(d);
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t p = 0; p < d.out_height; ++p)
      for (int64_t q = 0; q < d.out_width; ++q) {
        const int64_t i = p * d.stride_height - d.pad_top + r0, j = q * d.stride_width - d.pad_left + s0;
        if (i < 0 || i >= d.in_height || j < 0 || j >= d.in_width) continue;
        const int64_t k = flat_index(d.data_format, d.in_height, d.in_width, C, b, i, j, c0);
        add_term(oracle, k, data.dy[flat_index(d.data_format, d.out_height, d.out_width, O, b, p, q, o0)], 1.0f);
      }
  // Reduced precision rounds dy itself: then the bound for one term.
  if (settings.precision != Precision::fp32) return compare_within_bound(d, oracle, dx.data(), settings.precision);
  return compare_exact(d, oracle, dx.data());
}

}  // namespace dxcheck
