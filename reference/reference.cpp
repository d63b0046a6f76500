// The reference oracles 1 and 2 of docs/design.md "The three oracles", in double: each
// dx element is gathered straight from the definition,
//   dx[b,i,j,c] = sum over real (r, p), (s, q), o of dy[b,p,q,o] * F[r,s,c,o],
//   with i = p*sh - top + r and j = q*sw - left + s,
// as one matrix product per stride phase (gather_product.h), so only real terms are
// ever multiplied. Shares no code with any kernel.
#include "reference.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gather_product.h"
#include "huge_zeros.h"
#include "geometry.h"
#include "nonfinite_pattern.h"

namespace dxcheck::reference {
namespace {

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

// The finite part of the sum reads non-finite inputs as 0 (docs/design.md "Oracle 1: the reference").
double finite_or_zero(float v) { return std::isfinite(v) ? static_cast<double>(v) : 0.0; }

bool all_finite(const float* data, int64_t count) {
  return std::all_of(data, data + count, [](float v) { return std::isfinite(v); });
}

// A tensor's values in NHWC order: the data itself when it is NHWC already, else a
// transposed copy kept in `copy` (the gather copies runs of channels).
template <typename T>
const T* nhwc_rows(const T* data, bool nchw, int64_t n, int64_t h, int64_t w, int64_t c, std::vector<T>& copy) {
  if (!nchw) return data;
  copy.resize(static_cast<size_t>(n * h * w * c));
  size_t k = 0;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t ch = 0; ch < c; ++ch) copy[k++] = data[((b * c + ch) * h + i) * w + j];
  return copy.data();
}

// dx positions of one stride phase: rows i = row_phase + k*sh, columns j = column_phase
// + k*sw, in every batch; row t of the phase's product is (b, i, j) in that order.
struct Phase {
  int64_t row_phase, column_phase, rows, columns;  // rows/columns: how many i / j
  std::vector<int64_t> row_taps, column_taps;      // the taps r, s that can meet these i, j
};

// B and |B| of one phase: row (r, s, o) holds F[r, s, :, o], non-finite taps read as 0.
struct PhaseFilter {
  std::vector<double> values, magnitudes;
};

PhaseFilter phase_filter(const Geometry& g, const Phase& ph, const float* filter) {
  PhaseFilter f;
  for (int64_t r : ph.row_taps)
    for (int64_t s : ph.column_taps)
      for (int64_t o = 0; o < g.out_channels; ++o)
        for (int64_t c = 0; c < g.in_channels; ++c) f.values.push_back(finite_or_zero(filter[g.filter_index(r, s, c, o)]));
  for (double v : f.values) f.magnitudes.push_back(std::abs(v));
  return f;
}

// The product for one phase: A's row (b, i, j) holds, per tap pair (r, s) of the phase,
// dy[b, p, q, :] (zeros where p or q is out of range: not a real term); B's row
// (r, s, o) holds F[r, s, :, o]. Its result row is dx[b, i, j, :], and the same with
// |A| and |B| is M.
Job backprop_job(const Geometry& g, const Phase& ph, const float* dy_nhwc, const PhaseFilter& f, Backprop& out) {
  const Axis row_axis = rows_of(g), column_axis = columns_of(g);
  const int64_t column_taps = static_cast<int64_t>(ph.column_taps.size());
  // Row t of the product -> (b, i, j).
  const auto position = [&g, ph](int64_t t, int64_t* b, int64_t* i, int64_t* j) {
    *j = ph.column_phase + (t % ph.columns) * g.stride_width;
    t /= ph.columns;
    *i = ph.row_phase + (t % ph.rows) * g.stride_height;
    *b = t / ph.rows;
  };
  Job job;
  Gather& gather = job.gather;
  gather.rows = g.batch * ph.rows * ph.columns;
  gather.taps = static_cast<int64_t>(ph.row_taps.size()) * column_taps;
  gather.width = g.out_channels;
  gather.finite_part_of = dy_nhwc;
  gather.source_offset = [&g, ph, position, row_axis, column_axis, column_taps](int64_t t, int64_t tap) -> int64_t {
    int64_t b, i, j;
    position(t, &b, &i, &j);
    const int64_t p = row_axis.source(i, ph.row_taps[static_cast<size_t>(tap / column_taps)]);
    const int64_t q = column_axis.source(j, ph.column_taps[static_cast<size_t>(tap % column_taps)]);
    if (p < 0 || q < 0) return -1;
    return ((b * g.out_height + p) * g.out_width + q) * g.out_channels;
  };
  gather.destination_offset = [&g, position](int64_t t) {
    int64_t b, i, j;
    position(t, &b, &i, &j);
    return g.dx_index(b, i, j, 0);
  };
  gather.destination_stride = g.nchw ? g.in_height * g.in_width : 1;
  if (gather.taps > 0)  // else dx and M stay 0 here: no real term
    job.products = {{f.values.data(), false, out.dx.data()}, {f.magnitudes.data(), true, out.magnitude.data()}};
  return job;
}

// n_k = (real (r, p) pairs of row i) x (real (s, q) pairs of column j) x O: every real
// pair of pairs meets every out channel, and nothing else depends on b or c.
void count_terms(const Geometry& g, std::vector<double>& terms) {
  const Axis row_axis = rows_of(g), column_axis = columns_of(g);
  std::vector<int64_t> column_pairs(static_cast<size_t>(g.in_width));
  for (int64_t j = 0; j < g.in_width; ++j) column_pairs[static_cast<size_t>(j)] = column_axis.real_pairs(j);
  for (int64_t i = 0; i < g.in_height; ++i) {
    const int64_t row_pairs = row_axis.real_pairs(i);
    for (int64_t j = 0; j < g.in_width; ++j) {
      const double n = static_cast<double>(row_pairs * column_pairs[static_cast<size_t>(j)] * g.out_channels);
      for (int64_t b = 0; b < g.batch; ++b)
        for (int64_t c = 0; c < g.in_channels; ++c) terms[static_cast<size_t>(g.dx_index(b, i, j, c))] = n;
    }
  }
}

}  // namespace

int64_t working_set_elements(const dxcheck_conv_desc& desc) {
  const Geometry g = geometry(desc);
  const int64_t dx = saturating_product({g.batch, g.in_height, g.in_width, g.in_channels});
  // dx, M and n in double; the pattern and the kinds seen, a byte each (an eighth).
  const int64_t results = saturating_sum({saturating_product({3, dx}), dx / 4 + 1});
  if (g.empty()) return results;
  const int64_t dy = saturating_product({g.batch, g.out_height, g.out_width, g.out_channels});
  const int64_t filter = saturating_product({g.filter_height, g.filter_width, g.in_channels, g.out_channels});
  // dy's rows in double; B and |B| of one phase (at most the filter, twice); per thread
  // the gathered block, its absolute value and the results (gather_product.cpp keeps
  // each block near 2^17 doubles; a width above that makes one run per block).
  const int64_t width = std::max(g.out_channels, g.in_channels);
  const int64_t per_thread = saturating_product({4, std::max<int64_t>(int64_t{1} << 17, saturating_product({256, width}))});
  return saturating_sum({results, dy, saturating_product({2, filter}),
                         saturating_product({hardware_threads(), per_thread})});
}

std::optional<std::string> skip_reason(const dxcheck_conv_desc& desc, int64_t cap_elements) {
  const int64_t elements = working_set_elements(desc);
  if (elements <= cap_elements) return std::nullopt;
  return "reference working set " + std::to_string(elements) + " elements exceeds cap " +
         std::to_string(cap_elements);
}

Backprop backprop_input(const dxcheck_conv_desc& desc, const float* dy, const float* filter, int threads) {
  const Geometry g = geometry(desc);
  Backprop result;
  const size_t dx_elements = static_cast<size_t>(g.dx_elements());
  result.dx = huge_zeros(dx_elements);
  result.magnitude = huge_zeros(dx_elements);
  result.terms = huge_zeros(dx_elements);
  if (g.empty()) {
    result.pattern.assign(dx_elements, Pattern::finite);
    return result;
  }
  std::vector<float> dy_copy;
  const float* dy_nhwc = nhwc_rows(dy, g.nchw, g.batch, g.out_height, g.out_width, g.out_channels, dy_copy);
  const Axis row_axis = rows_of(g), column_axis = columns_of(g);
  std::vector<Phase> phases;
  for (int64_t a = 0; a < std::min(g.stride_height, g.in_height); ++a)
    for (int64_t e = 0; e < std::min(g.stride_width, g.in_width); ++e)
      phases.push_back({a, e, (g.in_height - a + g.stride_height - 1) / g.stride_height,
                        (g.in_width - e + g.stride_width - 1) / g.stride_width, row_axis.phase_taps(a),
                        column_axis.phase_taps(e)});
  std::vector<PhaseFilter> filters;
  for (const Phase& ph : phases) filters.push_back(phase_filter(g, ph, filter));
  std::vector<Job> jobs;
  for (size_t k = 0; k < phases.size(); ++k) jobs.push_back(backprop_job(g, phases[k], dy_nhwc, filters[k], result));
  gather_products(jobs, g.in_channels, threads);
  count_terms(g, result.terms);
  if (all_finite(dy, g.dy_elements()) && all_finite(filter, g.filter_elements()))
    result.pattern.assign(dx_elements, Pattern::finite);
  else
    result.pattern = nonfinite_pattern(g, dy, filter);
  return result;
}

// y[b,p,q,o] = sum_{r,s,c} x[b, p*sh - top + r, q*sw - left + s, c] * F[r,s,c,o] over
// the x elements that exist: A's row (b, p, q) holds x[b, i, j, :] per tap (r, s) (zeros
// outside x), and F as stored is B = [(r, s, c), o].
std::vector<double> forward_conv(const dxcheck_conv_desc& desc, const double* x, const double* filter, int threads) {
  const Geometry g = geometry(desc);
  std::vector<double> y = huge_zeros(static_cast<size_t>(std::max<int64_t>(0, g.dy_elements())));
  if (g.empty()) return y;
  std::vector<double> x_copy;
  const double* x_nhwc = nhwc_rows(x, g.nchw, g.batch, g.in_height, g.in_width, g.in_channels, x_copy);

  Job job;
  Gather& gather = job.gather;
  gather.rows = g.batch * g.out_height * g.out_width;
  gather.taps = g.filter_height * g.filter_width;
  gather.width = g.in_channels;
  gather.source = x_nhwc;
  gather.source_offset = [&g](int64_t t, int64_t tap) -> int64_t {
    const int64_t q = t % g.out_width, p = (t / g.out_width) % g.out_height, b = t / (g.out_width * g.out_height);
    const int64_t i = p * g.stride_height - g.top + tap / g.filter_width;
    const int64_t j = q * g.stride_width - g.left + tap % g.filter_width;
    if (i < 0 || i >= g.in_height || j < 0 || j >= g.in_width) return -1;
    return ((b * g.in_height + i) * g.in_width + j) * g.in_channels;
  };
  gather.destination_offset = [&g](int64_t t) {
    const int64_t q = t % g.out_width, p = (t / g.out_width) % g.out_height, b = t / (g.out_width * g.out_height);
    return g.dy_index(b, p, q, 0);
  };
  gather.destination_stride = g.nchw ? g.out_height * g.out_width : 1;
  job.products = {{filter, false, y.data()}};
  gather_products({job}, g.out_channels, threads);
  return y;
}

}  // namespace dxcheck::reference
