#include "nonfinite_pattern.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace dxcheck::reference {
namespace {

// Which kinds of non-finite term a dx element has seen.
enum Seen : uint8_t { nan_term = 1, plus_term = 2, minus_term = 4 };

// The class of the real term dy * F as IEEE double arithmetic makes it: NaN times
// anything, 0 * Inf and Inf * 0 are NaN; Inf times a non-zero is Inf with the product's
// sign. Exact for finite factors, so the class is the term's.
uint8_t seen(float dy, float filter) {
  const double product = static_cast<double>(dy) * static_cast<double>(filter);
  if (std::isnan(product)) return nan_term;
  if (std::isinf(product)) return product > 0 ? plus_term : minus_term;
  return 0;
}

}  // namespace

std::vector<Pattern> nonfinite_pattern(const Geometry& g, const float* dy, const float* filter) {
  const int64_t C = g.in_channels, O = g.out_channels;
  // Kinds seen per dx element, NHWC (a dx position's channels side by side).
  std::vector<uint8_t> kinds(static_cast<size_t>(g.dx_elements()), 0);
  const auto position = [&g, C](int64_t b, int64_t i, int64_t j) { return ((b * g.in_height + i) * g.in_width + j) * C; };

  // The kind of d * F[r, s, c, o] for d = NaN, +Inf, -Inf, per tap (r, s, o), channels
  // side by side: what a non-finite dy element adds to the C channels of one position.
  const float nonfinite[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity()};
  std::vector<uint8_t> kind_with[3];
  for (int which = 0; which < 3; ++which) {
    kind_with[which].resize(static_cast<size_t>(g.filter_elements()));
    for (int64_t r = 0; r < g.filter_height; ++r)
      for (int64_t s = 0; s < g.filter_width; ++s)
        for (int64_t o = 0; o < O; ++o)
          for (int64_t c = 0; c < C; ++c)
            kind_with[which][static_cast<size_t>(((r * g.filter_width + s) * O + o) * C + c)] =
                seen(nonfinite[which], filter[g.filter_index(r, s, c, o)]);
  }
  // Each non-finite dy element [b, p, q, o] meets tap (r, s) at dx row p*sh - top + r,
  // column q*sw - left + s, in every channel.
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t p = 0; p < g.out_height; ++p)
      for (int64_t q = 0; q < g.out_width; ++q)
        for (int64_t o = 0; o < O; ++o) {
          const float d = dy[g.dy_index(b, p, q, o)];
          if (std::isfinite(d)) continue;
          const std::vector<uint8_t>& kind = kind_with[std::isnan(d) ? 0 : d > 0 ? 1 : 2];
          for (int64_t r = 0; r < g.filter_height; ++r) {
            const int64_t i = p * g.stride_height - g.top + r;
            if (i < 0 || i >= g.in_height) continue;
            for (int64_t s = 0; s < g.filter_width; ++s) {
              const int64_t j = q * g.stride_width - g.left + s;
              if (j < 0 || j >= g.in_width) continue;
              uint8_t* out = kinds.data() + position(b, i, j);
              const uint8_t* in = kind.data() + ((r * g.filter_width + s) * O + o) * C;
              for (int64_t c = 0; c < C; ++c) out[c] |= in[c];
            }
          }
        }
  // Each non-finite tap [r, s, c, o] meets every dy element [b, p, q, o] whose dx
  // position is inside dx; the taps of one (r, s, o) together, so one dy read serves
  // all their channels. A non-finite tap's term has one of three kinds, chosen by
  // whether d is NaN or 0, positive, or negative (dy_class).
  std::vector<uint8_t> dy_class(static_cast<size_t>(g.dy_elements()));  // NHWC
  for (int64_t b = 0, k = 0; b < g.batch; ++b)
    for (int64_t p = 0; p < g.out_height; ++p)
      for (int64_t q = 0; q < g.out_width; ++q)
        for (int64_t o = 0; o < O; ++o, ++k) {
          const float d = dy[g.dy_index(b, p, q, o)];
          dy_class[static_cast<size_t>(k)] = d > 0 ? 1 : d < 0 ? 2 : 0;  // NaN and +-0: class 0
        }
  const float class_value[] = {0.0f, 1.0f, -1.0f};  // a representative of each class
  struct Tap {
    int64_t c;
    uint8_t kind[3];  // per dy class
  };
  std::vector<Tap> taps;
  for (int64_t r = 0; r < g.filter_height; ++r)
    for (int64_t s = 0; s < g.filter_width; ++s)
      for (int64_t o = 0; o < O; ++o) {
        taps.clear();
        for (int64_t c = 0; c < C; ++c) {
          const float f = filter[g.filter_index(r, s, c, o)];
          if (std::isfinite(f)) continue;
          // NaN * f is NaN like 0 * f for f = +-Inf or NaN: class 0 holds both.
          taps.push_back({c, {seen(class_value[0], f), seen(class_value[1], f), seen(class_value[2], f)}});
        }
        if (taps.empty()) continue;
        for (int64_t b = 0; b < g.batch; ++b)
          for (int64_t p = 0; p < g.out_height; ++p) {
            const int64_t i = p * g.stride_height - g.top + r;
            if (i < 0 || i >= g.in_height) continue;
            for (int64_t q = 0; q < g.out_width; ++q) {
              const int64_t j = q * g.stride_width - g.left + s;
              if (j < 0 || j >= g.in_width) continue;
              const uint8_t d_class = dy_class[static_cast<size_t>(((b * g.out_height + p) * g.out_width + q) * O + o)];
              uint8_t* out = kinds.data() + position(b, i, j);
              for (const Tap& t : taps) out[t.c] |= t.kind[d_class];
            }
          }
      }
  // A NaN term, or +Inf and -Inf terms together, make NaN; else the one infinity seen.
  std::vector<Pattern> pattern(kinds.size(), Pattern::finite);
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t i = 0; i < g.in_height; ++i)
      for (int64_t j = 0; j < g.in_width; ++j)
        for (int64_t c = 0; c < C; ++c) {
          const uint8_t seen_here = kinds[static_cast<size_t>(position(b, i, j) + c)];
          Pattern& out = pattern[static_cast<size_t>(g.dx_index(b, i, j, c))];
          if ((seen_here & nan_term) || (seen_here & (plus_term | minus_term)) == (plus_term | minus_term))
            out = Pattern::nan;
          else if (seen_here & plus_term) out = Pattern::positive_infinity;
          else if (seen_here & minus_term) out = Pattern::negative_infinity;
        }
  return pattern;
}

}  // namespace dxcheck::reference
