// The blocked, threaded reference against plain loops over real terms: random
// geometries (crops from negative implied pads, pads beyond the filter, strides beyond
// the filter, every zero-size form), sizes that cross its row blocks, tap chunks and
// thread split, non-finite inputs, and the forward conv.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "reference.h"
#include "reference_test_support.h"

namespace dxcheck::reference {
namespace {

using namespace testing;

struct Sizes {
  int max_batch, max_side, max_channels, max_filter, max_stride, min_pad, max_pad;
};

// A desc from explicit pads the way TFJS sizes it (trunc), or a zero-size one now and
// then: batch 0, no in or out channels, or an empty out size.
dxcheck_conv_desc random_desc(SplitMix& rng, const Sizes& z, int format) {
  for (;;) {
    const int n = rng.in_range(1, z.max_batch), h = rng.in_range(1, z.max_side), w = rng.in_range(1, z.max_side);
    const int c = rng.in_range(1, z.max_channels), o = rng.in_range(1, z.max_channels);
    const int fh = rng.in_range(1, z.max_filter), fw = rng.in_range(1, z.max_filter);
    const int sh = rng.in_range(1, z.max_stride), sw = rng.in_range(1, z.max_stride);
    const int t = rng.in_range(z.min_pad, z.max_pad), b = rng.in_range(z.min_pad, z.max_pad);
    const int l = rng.in_range(z.min_pad, z.max_pad), r = rng.in_range(z.min_pad, z.max_pad);
    if (h - fh + t + b < 0 || w - fw + l + r < 0) continue;
    int oh = (h - fh + t + b) / sh + 1, ow = (w - fw + l + r) / sw + 1;
    switch (rng.in_range(0, 9)) {  // 0..4 keep the sizes
      case 5: return make_desc(0, h, w, c, oh, ow, o, fh, fw, sh, sw, t, l, format);
      case 6: return make_desc(n, h, w, 0, oh, ow, o, fh, fw, sh, sw, t, l, format);
      case 7: return make_desc(n, h, w, c, oh, ow, 0, fh, fw, sh, sw, t, l, format);
      case 8: (rng.in_range(0, 1) ? oh : ow) = 0; break;
      default: break;
    }
    return make_desc(n, h, w, c, oh, ow, o, fh, fw, sh, sw, t, l, format);
  }
}

// Integers with some NaN, +-Inf and zeros: every kind of non-finite term, and 0 * Inf.
std::vector<float> with_specials(SplitMix& rng, int64_t count, int specials_in_16) {
  std::vector<float> v = small_integers(rng, count);
  const float specials[] = {nan_f, inf_f, -inf_f, 0.0f};
  for (float& x : v)
    if (rng.in_range(0, 15) < specials_in_16) x = specials[rng.in_range(0, 3)];
  return v;
}

std::vector<float> finite_or_zero(std::vector<float> v) {
  for (float& x : v)
    if (!std::isfinite(x)) x = 0;
  return v;
}

std::vector<float> uniform(SplitMix& rng, int64_t count) {
  std::vector<float> v(static_cast<size_t>(count));
  for (float& x : v) x = std::ldexp(static_cast<float>(rng.in_range(-(1 << 23), 1 << 23)), -23);
  return v;
}

// Exact data: any order gives the same sums, so the reference must equal the loops.
void expect_equal_to_naive(const dxcheck_conv_desc& d, const std::vector<float>& dy,
                           const std::vector<float>& filter, int threads, const std::string& what) {
  const Backprop r = backprop_input(d, dy.data(), filter.data(), threads);
  const Naive expected = naive_backprop(d, dy, filter);
  ASSERT_EQ(r.dx, expected.dx) << what;
  ASSERT_EQ(r.magnitude, expected.magnitude) << what;
  ASSERT_EQ(r.terms, expected.terms) << what;
  ASSERT_EQ(r.pattern, std::vector<Pattern>(r.dx.size(), Pattern::finite)) << what;
}

std::string describe(const dxcheck_conv_desc& d) {
  return "n" + std::to_string(d.batch) + " h" + std::to_string(d.in_height) + " w" + std::to_string(d.in_width) +
         " c" + std::to_string(d.in_channels) + " oh" + std::to_string(d.out_height) + " ow" +
         std::to_string(d.out_width) + " o" + std::to_string(d.out_channels) + " f" +
         std::to_string(d.filter_height) + "x" + std::to_string(d.filter_width) + " s" +
         std::to_string(d.stride_height) + "x" + std::to_string(d.stride_width) + " pads " +
         std::to_string(d.pad_top) + "," + std::to_string(d.pad_bottom) + "," + std::to_string(d.pad_left) + "," +
         std::to_string(d.pad_right) + (d.data_format == DXCHECK_NCHW ? " nchw" : " nhwc");
}

TEST(FastPath, RandomSmallGeometriesEqualTheNaiveLoop) {
  SplitMix rng{101};
  int crops = 0, empty = 0, strides_past_filter = 0;
  for (int tested = 0; tested < 400; ++tested) {
    const auto d = random_desc(rng, {3, 9, 5, 5, 4, -3, 7}, tested % 2 ? DXCHECK_NCHW : DXCHECK_NHWC);
    crops += d.out_height > 0 && (d.pad_bottom < 0 || d.pad_right < 0 || d.pad_top > d.filter_height - 1 ||
                                  d.pad_left > d.filter_width - 1 || d.pad_top < 0 || d.pad_left < 0);
    empty += dx_count(d) > 0 && dy_count(d) == 0;
    strides_past_filter += d.stride_height > d.filter_height || d.stride_width > d.filter_width;
    const auto dy = small_integers(rng, dy_count(d)), filter = small_integers(rng, filter_count(d));
    expect_equal_to_naive(d, dy, filter, 0, describe(d));
  }
  // The generator really produced the edges.
  EXPECT_GT(crops, 60);
  EXPECT_GT(empty, 40);
  EXPECT_GT(strides_past_filter, 60);
}

// Rows past one block (256), reductions cut into several tap chunks (2^17 doubles per
// block: 9 taps of 64 at 256 rows) or one tap per chunk (width 600), and work large
// enough for two threads.
TEST(FastPath, SizesAcrossBlocksChunksAndThreadsEqualTheNaiveLoop) {
  const std::vector<dxcheck_conv_desc> descs = {
      make_desc(2, 20, 21, 5, 20, 21, 64, 3, 3, 1, 1, 1, 1),                // 'same', 9 taps x 64
      make_desc(3, 17, 19, 7, 9, 10, 64, 3, 3, 2, 2, 1, 1, DXCHECK_NCHW),   // stride 2 phases
      make_desc(1, 23, 23, 3, 6, 6, 600, 3, 3, 4, 4, 0, 0),                 // width 600, stride past filter
      make_desc(2, 30, 30, 9, 28, 28, 40, 5, 5, 1, 1, 1, 1),                // implied far pad -1: crop
      make_desc(1, 35, 33, 4, 7, 7, 16, 11, 11, 4, 4, 1, 2, DXCHECK_NCHW),  // AlexNet-like 11x11 s4
  };
  SplitMix rng{7};
  for (const auto& d : descs) {
    const auto dy = small_integers(rng, dy_count(d)), filter = small_integers(rng, filter_count(d));
    for (int threads : {1, 2}) expect_equal_to_naive(d, dy, filter, threads, describe(d));
  }
}

// Inexact data: two double sums of the same n exact products differ by at most
// 2 gamma(n, u_d) M (harness/compare.h's reference term, for both sides).
TEST(FastPath, UniformDataWithinTheDoubleSumBoundOfTheNaiveLoop) {
  SplitMix rng{55};
  const double u = std::ldexp(1.0, -53);
  for (int tested = 0; tested < 100; ++tested) {
    const auto d = random_desc(rng, {2, 12, 24, 4, 3, -2, 5}, tested % 2 ? DXCHECK_NCHW : DXCHECK_NHWC);
    const auto dy = uniform(rng, dy_count(d)), filter = uniform(rng, filter_count(d));
    const Backprop r = backprop_input(d, dy.data(), filter.data());
    const Naive expected = naive_backprop(d, dy, filter);
    ASSERT_EQ(r.terms, expected.terms) << describe(d);
    for (size_t k = 0; k < r.dx.size(); ++k) {
      const double n = expected.terms[k], bound = 2 * n * u / (1 - n * u) * expected.magnitude[k];
      ASSERT_LE(std::fabs(r.dx[k] - expected.dx[k]), bound) << describe(d) << " element " << k;
      ASSERT_LE(std::fabs(r.magnitude[k] - expected.magnitude[k]), bound) << describe(d) << " element " << k;
    }
  }
}

TEST(FastPath, ThreadCountDoesNotChangeTheBits) {
  const auto d = make_desc(2, 24, 24, 16, 12, 12, 48, 3, 3, 2, 2, 0, 0);
  SplitMix rng{3};
  const auto dy = uniform(rng, dy_count(d)), filter = uniform(rng, filter_count(d));
  const Backprop one = backprop_input(d, dy.data(), filter.data(), 1);
  for (int threads : {2, 3, 0}) {
    const Backprop many = backprop_input(d, dy.data(), filter.data(), threads);
    EXPECT_EQ(one.dx, many.dx) << threads;
    EXPECT_EQ(one.magnitude, many.magnitude) << threads;
  }
}

// The pattern from the non-finite terms equals the class of the IEEE double sum of the
// raw real terms (never overflowing: float products are exact in double); the finite
// parts read the non-finite values as 0.
TEST(FastPath, NonFiniteInputsGiveThePatternOfTheRealTerms) {
  SplitMix rng{909};
  int nan = 0, plus = 0, minus = 0, finite = 0;
  for (int tested = 0; tested < 300; ++tested) {
    const auto d = random_desc(rng, {2, 8, 4, 4, 3, -2, 5}, tested % 2 ? DXCHECK_NCHW : DXCHECK_NHWC);
    // Some cases with non-finite values in one tensor only, dense or sparse.
    const int dy_rate = tested % 3 == 1 ? 0 : rng.in_range(1, 6), filter_rate = tested % 3 == 2 ? 0 : rng.in_range(1, 6);
    const auto dy = with_specials(rng, dy_count(d), dy_rate), filter = with_specials(rng, filter_count(d), filter_rate);
    const Backprop r = backprop_input(d, dy.data(), filter.data());
    const Naive raw = naive_backprop(d, dy, filter);
    const Naive finite_part = naive_backprop(d, finite_or_zero(dy), finite_or_zero(filter));
    ASSERT_EQ(r.dx, finite_part.dx) << describe(d);
    ASSERT_EQ(r.magnitude, finite_part.magnitude) << describe(d);
    ASSERT_EQ(r.terms, raw.terms) << describe(d);
    for (size_t k = 0; k < r.dx.size(); ++k) {
      ASSERT_EQ(r.pattern[k], classify(raw.dx[k])) << describe(d) << " element " << k;
      nan += r.pattern[k] == Pattern::nan;
      plus += r.pattern[k] == Pattern::positive_infinity;
      minus += r.pattern[k] == Pattern::negative_infinity;
      finite += r.pattern[k] == Pattern::finite && raw.terms[k] > 0;
    }
  }
  EXPECT_GT(nan, 100);
  EXPECT_GT(plus, 100);
  EXPECT_GT(minus, 100);
  EXPECT_GT(finite, 100);
}

std::vector<double> naive_forward(const dxcheck_conv_desc& d, const std::vector<double>& x,
                                  const std::vector<double>& filter) {
  std::vector<double> y(static_cast<size_t>(dy_count(d)), 0.0);
  for (int b = 0; b < d.batch; ++b)
    for (int p = 0; p < d.out_height; ++p)
      for (int q = 0; q < d.out_width; ++q)
        for (int r = 0; r < d.filter_height; ++r)
          for (int s = 0; s < d.filter_width; ++s) {
            const int i = p * d.stride_height - d.pad_top + r, j = q * d.stride_width - d.pad_left + s;
            if (i < 0 || i >= d.in_height || j < 0 || j >= d.in_width) continue;
            for (int c = 0; c < d.in_channels; ++c)
              for (int o = 0; o < d.out_channels; ++o)
                y[at(d, d.out_height, d.out_width, d.out_channels, b, p, q, o)] +=
                    x[at(d, d.in_height, d.in_width, d.in_channels, b, i, j, c)] *
                    filter[((r * d.filter_width + s) * d.in_channels + c) * d.out_channels + o];
          }
  return y;
}

TEST(FastPath, ForwardConvEqualsTheNaiveLoop) {
  SplitMix rng{77};
  std::vector<dxcheck_conv_desc> descs;
  for (int k = 0; k < 300; ++k) descs.push_back(random_desc(rng, {3, 9, 5, 5, 4, -3, 7}, k % 2));
  descs.push_back(make_desc(2, 30, 31, 40, 15, 16, 24, 3, 3, 2, 2, 1, 1));  // blocks and threads
  descs.push_back(make_desc(1, 40, 40, 700, 40, 40, 3, 1, 1, 1, 1, 0, 0, DXCHECK_NCHW));  // width 700
  for (const auto& d : descs) {
    const auto x = as_double(small_integers(rng, dx_count(d))), filter = as_double(small_integers(rng, filter_count(d)));
    const auto expected = naive_forward(d, x, filter);
    for (int threads : {1, 2}) ASSERT_EQ(forward_conv(d, x.data(), filter.data(), threads), expected) << describe(d);
  }
}

}  // namespace
}  // namespace dxcheck::reference
