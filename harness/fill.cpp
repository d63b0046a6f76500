#include "fill.h"

#include <cmath>
#include <limits>

namespace dxcheck {
namespace {

int64_t ceil_log2(int64_t v) {
  int64_t bits = 0;
  while ((int64_t{1} << bits) < v && bits < 62) ++bits;
  return bits;
}

// Boundary values first (STYLE.md, from highway): specials mixed into normal data.
const float kSpecials[] = {
    std::numeric_limits<float>::quiet_NaN(),
    std::numeric_limits<float>::infinity(),
    -std::numeric_limits<float>::infinity(),
    -0.0f,
    0.0f,
    std::numeric_limits<float>::max(),
    -std::numeric_limits<float>::max(),
    std::numeric_limits<float>::min(),
    -std::numeric_limits<float>::min(),
    std::numeric_limits<float>::denorm_min(),
    -std::numeric_limits<float>::denorm_min(),
    std::ldexp(8388607.0f, -149),  // largest subnormal
    1.0f,
    -1.0f,
};
constexpr int64_t kSpecialCount = sizeof(kSpecials) / sizeof(kSpecials[0]);

float uniform_value(SplitMix64& rng) {
  // Multiples of 2^-23 in [-1, 1]; the product by an exact power of two is exact (what
  // ldexp(v, -23) gives, without its call).
  return static_cast<float>(rng.in_range(-(1 << 23), 1 << 23)) * 0x1p-23f;
}

}  // namespace

uint64_t SplitMix64::mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

SplitMix64 SplitMix64::for_tensor(uint64_t seed, TensorId id) {
  return SplitMix64(mix(seed + static_cast<uint64_t>(id) * 0xD1B54A32D192ED03ull));
}

uint64_t SplitMix64::next() {
  state_ += 0x9E3779B97F4A7C15ull;
  return mix(state_);
}

int64_t SplitMix64::in_range(int64_t low, int64_t high) {
  const uint64_t span = static_cast<uint64_t>(high - low) + 1;
  return low + static_cast<int64_t>(next() % span);
}

int64_t max_terms_per_element(const dxcheck_conv_desc& d) {
  const int64_t rows = (int64_t{d.filter_height} + d.stride_height - 1) / d.stride_height;
  const int64_t cols = (int64_t{d.filter_width} + d.stride_width - 1) / d.stride_width;
  const int64_t terms = rows * cols * d.out_channels;  // each factor < 2^31: no overflow
  return terms < 1 ? 1 : terms;
}

int64_t integer_bound(const FillBudget& budget) {
  int64_t bound = static_cast<int64_t>(
      std::floor(std::sqrt(static_cast<double>(budget.exact_budget) / static_cast<double>(budget.max_terms))));
  while (bound > 1 && bound * bound * budget.max_terms > budget.exact_budget) --bound;  // sqrt rounding
  // Small integers are enough to see every index; larger ones only make dx harder to read.
  return bound < 1 ? 1 : (bound > 64 ? 64 : bound);
}

std::vector<float> fill_tensor(Fill fill, uint64_t seed, TensorId id, int64_t count,
                               const FillBudget& budget) {
  SplitMix64 rng = SplitMix64::for_tensor(seed, id);
  std::vector<float> out(static_cast<size_t>(count));
  const int64_t bound = integer_bound(budget);
  // Wide data: max|dy| * max|F| * terms < FLT_MAX / 2 = 2^127, with |value| < 2^(e+1).
  const int64_t wide_exponent = std::min<int64_t>(60, (125 - ceil_log2(budget.max_terms)) / 2);
  // Subnormal data: dy * 2^-a times F * 2^-b with a + b in [140, 149]: integer sums
  // below 2^24 times 2^-(a+b) are exact float32 values, most of them subnormal.
  const int64_t total_shift = 140 + static_cast<int64_t>(SplitMix64::mix(seed) % 10);
  const int64_t shift = (id == TensorId::filter || id == TensorId::filter2) ? total_shift - total_shift / 2
                                                                            : total_shift / 2;
  for (float& value : out) {
    switch (fill) {
      case Fill::integer:
        value = static_cast<float>(rng.in_range(-bound, bound));
        break;
      case Fill::subnormal:
        value = std::ldexp(static_cast<float>(rng.in_range(-bound, bound)), static_cast<int>(-shift));
        break;
      case Fill::uniform:
        value = uniform_value(rng);
        break;
      case Fill::wide: {
        const int64_t mantissa = rng.in_range(1 << 23, (1 << 24) - 1);
        const int64_t exponent = rng.in_range(-wide_exponent, wide_exponent);
        const float sign = (rng.next() & 1) ? -1.0f : 1.0f;
        value = sign * std::ldexp(static_cast<float>(mantissa), static_cast<int>(exponent - 23));
        break;
      }
      case Fill::special:
        value = (rng.next() % 8 == 0) ? kSpecials[rng.in_range(0, kSpecialCount - 1)] : uniform_value(rng);
        break;
    }
  }
  return out;
}

CaseData make_case_data(const Case& c, const Limits& limits) {
  CaseData data;
  data.desc = c.desc(limits);
  data.budget.max_terms = max_terms_per_element(data.desc);
  data.dy = fill_tensor(c.fill, c.seed, TensorId::dy, element_count(dy_shape(data.desc)), data.budget);
  data.filter = fill_tensor(c.fill, c.seed, TensorId::filter, element_count(filter_shape(data.desc)), data.budget);
  return data;
}

}  // namespace dxcheck
