// Tests of the reference oracle: hand-computed and TFJS-observed values
// (docs/tfjs-semantics.md "4 Observed results"), the non-finite pattern, crops, the adjoint identity,
// agreement with the faithful kernel on exact data, the working set. fast_path_test.cpp
// holds the random comparisons with plain loops.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "builtin_kernels.h"
#include "reference.h"
#include "reference_test_support.h"

namespace dxcheck::reference {
namespace {

using namespace testing;

// ---------------------------------------------------------------- hand-computed cases

// x 3x3, f 2x2 = [[1,2],[3,4]], s1, valid, dy 2x2 = [[1,2],[3,4]]:
// dx[i,j] = sum over (p,q) with p<=i<=p+1, q<=j<=q+1 of dy[p,q]*F[i-p, j-q].
TEST(HandComputed, ThreeByThreeInputTwoByTwoFilterStrideOneValid) {
  const auto d = make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0);
  const auto r = backprop_input(d, one_to(4).data(), one_to(4).data());
  // Centre: dy[0,0]F[1,1] + dy[0,1]F[1,0] + dy[1,0]F[0,1] + dy[1,1]F[0,0] = 4+6+6+4 = 20.
  EXPECT_EQ(r.dx, (std::vector<double>{1, 4, 4, 6, 20, 16, 9, 24, 16}));
  EXPECT_EQ(r.terms, (std::vector<double>{1, 2, 1, 2, 4, 2, 1, 2, 1}));
  EXPECT_EQ(r.magnitude, r.dx);
}

// x 4x4, f 2x2, s2, 'same': oh = ceil(4/2) = 2, total pad max(0, 2+2-4) = 0. Each dy
// element scatters its own 2x2 block: dx block (p,q) = dy[p,q] * F.
TEST(HandComputed, StrideTwoSameGivesDisjointBlocks) {
  const auto d = make_desc(1, 4, 4, 1, 2, 2, 1, 2, 2, 2, 2, 0, 0);
  const auto r = backprop_input(d, one_to(4).data(), one_to(4).data());
  EXPECT_EQ(r.dx, (std::vector<double>{1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16}));
  EXPECT_EQ(r.terms, std::vector<double>(16, 1.0));
}

// The same 3x3 case with C=2 in NCHW: channel c of dx uses F[:, :, c, 0]. F = 1..8 laid
// out [2][2][2][1], so channel 0 taps are 1,3,5,7 and channel 1 taps are 2,4,6,8.
TEST(HandComputed, NchwTwoInputChannels) {
  const auto d = make_desc(1, 3, 3, 2, 2, 2, 1, 2, 2, 1, 1, 0, 0, DXCHECK_NCHW);
  const auto r = backprop_input(d, one_to(4).data(), one_to(8).data());
  // Channel 0: filter [[1,3],[5,7]]: centre 7*1 + 5*2 + 3*3 + 1*4 = 30.
  // Channel 1: filter [[2,4],[6,8]] = 2 * [[1,2],[3,4]]: twice the single-channel case.
  EXPECT_EQ(r.dx, (std::vector<double>{1, 5, 6, 8, 30, 26, 15, 41, 28,  //
                                       2, 8, 8, 12, 40, 32, 18, 48, 32}));
}

// ---------------------------------------------------------------- TFJS-observed values

struct Observed {
  const char* id;
  dxcheck_conv_desc desc;
  int table_bottom, table_right;  // pB / pR as the table prints them
  std::vector<double> dx;
};

// docs/tfjs-semantics.md "4 Observed results"; dy and filter are 1..n, NHWC, C = Co = 1 unless stated.
// Sizes derived by hand: 'same' oh = ceil(h/s), total pad max(0, (oh-1)s + f - h),
// top = floor(total/2); 'valid' oh = ceil((h-f+1)/s); explicit oh = trunc((h-f+t+b)/s + 1).
std::vector<Observed> observed_cases() {
  return {
      {"A1", make_desc(1, 4, 4, 1, 2, 2, 1, 3, 3, 2, 2, 0, 0), 1, 1,
       {1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20}},
      {"A2", make_desc(1, 5, 5, 1, 3, 3, 1, 3, 3, 2, 2, 1, 1), 1, 1,
       {5, 14, 10, 24, 15, 16, 40, 26, 60, 36, 20, 44, 25, 54, 30, 46, 100, 56, 120, 66, 35, 74, 40, 84, 45}},
      {"A3", make_desc(1, 4, 4, 1, 2, 2, 1, 2, 2, 2, 2, 0, 0), 0, 0,
       {1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16}},
      {"A4", make_desc(1, 5, 5, 1, 3, 3, 1, 2, 2, 2, 2, 0, 0), 1, 1,
       {1, 2, 2, 4, 3, 3, 4, 6, 8, 9, 4, 8, 5, 10, 6, 12, 16, 15, 20, 18, 7, 14, 8, 16, 9}},
      {"A5", make_desc(1, 4, 5, 1, 2, 3, 1, 4, 3, 2, 2, 1, 1), 1, 1,
       {5, 14, 10, 24, 15, 16, 40, 26, 60, 36, 31, 76, 47, 108, 63, 32, 71, 40, 87, 48}},
      {"A6", make_desc(1, 3, 3, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0), 1, 1, {1, 4, 7, 7, 23, 33, 19, 53, 63}},
      // Explicit t1 b0 l0 r2: oh = 3-2+1+1 = 3, ow = 3-2+2+1 = 4.
      {"C1", make_desc(1, 3, 3, 1, 3, 4, 1, 2, 2, 1, 1, 1, 0), 0, 2,
       {8, 26, 36, 24, 66, 76, 27, 66, 73}},
      // Explicit t0 b1 l0 r1, s2: oh = trunc(2/2 + 1) = 2.
      {"C2", make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 0, 0), 1, 1, {1, 2, 2, 3, 4, 6, 3, 6, 4}},
      // Explicit t2 b0 l3 r1 (pad >= f): oh = trunc(3/2 + 1) = 2, ow = trunc(6/2 + 1) = 4;
      // the implied bottom is -1 (a crop), not the explicit 0.
      {"C3", make_desc(1, 3, 4, 1, 2, 4, 1, 2, 2, 2, 2, 2, 3), -1, 1,
       {12, 7, 14, 8, 24, 21, 28, 24, 0, 0, 0, 0}},
      // Explicit t1 b0 l1 r0, trunc: oh = trunc(3/2 + 1) = 2, implied bottom/right -1.
      {"C4trunc", make_desc(1, 4, 4, 1, 2, 2, 1, 2, 2, 2, 2, 1, 1), -1, -1,
       {4, 6, 8, 0, 6, 4, 8, 0, 12, 12, 16, 0, 0, 0, 0, 0}},
      // The same under ceil: oh = 3, implied bottom/right +1.
      {"C4ceil", make_desc(1, 4, 4, 1, 3, 3, 1, 2, 2, 2, 2, 1, 1), 1, 1,
       {4, 6, 8, 9, 8, 5, 10, 6, 16, 15, 20, 18, 14, 8, 16, 9}},
      // Batch 2, valid: oh = 2; dy = 1..8.
      {"E", make_desc(2, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0), 0, 0,
       {1, 4, 4, 6, 20, 16, 9, 24, 16, 5, 16, 12, 22, 60, 40, 21, 52, 32}},
      // C=2, Co=3, s2 'same': oh = 2, total 1 -> top 0, bottom 1.
      {"F", make_desc(1, 3, 3, 2, 2, 2, 3, 2, 2, 2, 2, 0, 0), 1, 1,
       {14, 32, 50, 68, 32, 77, 86, 104, 122, 140, 212, 257, 50, 122, 194, 266, 68, 167}},
      // f 3x3 > x 2x2, s1 'same': oh = 2, total 1+3-2 = 2 -> top 1, bottom 1.
      {"G1", make_desc(1, 2, 2, 1, 2, 2, 1, 3, 3, 1, 1, 1, 1), 1, 1, {23, 33, 53, 63}},
      // f 3x3 > x 2x2, valid: oh = ceil(0/1) = 0: nothing to sum.
      {"G3", make_desc(1, 2, 2, 1, 0, 0, 1, 3, 3, 1, 1, 0, 0), 0, 0, {0, 0, 0, 0}},
      // f 5x5, x 2x2, s2 'same': oh = 1, total 3 -> top 1, bottom 2.
      {"G4", make_desc(1, 2, 2, 1, 1, 1, 1, 5, 5, 2, 2, 1, 1), 2, 2, {7, 8, 12, 13}},
      // s3 > f2, valid: oh = ceil(4/3) = 2, bottom = 3+2-5 = 0.
      {"H1", make_desc(1, 5, 5, 1, 2, 2, 1, 2, 2, 3, 3, 0, 0), 0, 0,
       {1, 2, 0, 2, 4, 3, 4, 0, 6, 8, 0, 0, 0, 0, 0, 3, 6, 0, 4, 8, 9, 12, 0, 12, 16}},
      // f 1x1, s [3,2], x 5x4 'same': oh = ceil(5/3) = 2, ow = 2, TFJS pads max(0, -1) = 0;
      // the implied bottom/right are -1 (the last row/column sees no dy), a crop.
      {"H2", make_desc(1, 5, 4, 1, 2, 2, 1, 1, 1, 3, 2, 0, 0), -1, -1,
       {1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0}},
  };
}

TEST(TfjsObserved, SectionFourValues) {
  for (const Observed& c : observed_cases()) {
    SCOPED_TRACE(c.id);
    if (c.desc.out_height > 0) {  // the table's pB/pR are the implied pads
      EXPECT_EQ(c.desc.pad_bottom, c.table_bottom);
      EXPECT_EQ(c.desc.pad_right, c.table_right);
    }
    const auto r = backprop_input(c.desc, one_to(dy_count(c.desc)).data(),
                                  one_to(filter_count(c.desc)).data());
    EXPECT_EQ(r.dx, c.dx);
  }
}

// B3: x 6x6, f 3x3, s2, pad 1, trunc: oh = trunc(5/2 + 1) = 3, bottom = 4+3-6-1 = 0.
// Only column 5 is recorded.
TEST(TfjsObserved, B3TruncColumnFive) {
  const auto d = make_desc(1, 6, 6, 1, 3, 3, 1, 3, 3, 2, 2, 1, 1);
  const auto r = backprop_input(d, one_to(9).data(), one_to(9).data());
  std::vector<double> column;
  for (int i = 0; i < 6; ++i) column.push_back(r.dx[i * 6 + 5]);
  EXPECT_EQ(column, (std::vector<double>{18, 45, 36, 81, 54, 81}));
}

// Observed case F in NCHW: dy transposed in, dx transposed back equals the NHWC values
// (TFJS observation D: the layouts agree bitwise).
TEST(TfjsObserved, CaseFInNchw) {
  const auto nhwc = make_desc(1, 3, 3, 2, 2, 2, 3, 2, 2, 2, 2, 0, 0);
  auto nchw = nhwc;
  nchw.data_format = DXCHECK_NCHW;
  const std::vector<float> dy = one_to(12), filter = one_to(24);
  std::vector<float> dy_nchw(12);
  for (int p = 0; p < 2; ++p)
    for (int q = 0; q < 2; ++q)
      for (int o = 0; o < 3; ++o) dy_nchw[(o * 2 + p) * 2 + q] = dy[(p * 2 + q) * 3 + o];
  const auto r = backprop_input(nchw, dy_nchw.data(), filter.data());
  std::vector<double> expected;  // "F", NHWC
  for (const Observed& c : observed_cases())
    if (std::string(c.id) == "F") expected = c.dx;
  ASSERT_EQ(expected.size(), 18u);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int c = 0; c < 2; ++c)
        EXPECT_EQ(r.dx[(c * 3 + i) * 3 + j], expected[(i * 3 + j) * 2 + c]) << i << j << c;
}

// ---------------------------------------------------------------- non-finite inputs

// A1 geometry (f 3x3, s2, 'same', bottom pad 1): the inflated, padded dy is mostly zeros.
// An Inf tap must only reach the dx elements where it meets a real dy element; a
// reference that multiplied the padding would see 0*Inf = NaN everywhere.
TEST(NonFinite, InfFilterTapWithStrideTwoMakesNoNaNFromPadding) {
  const auto d = make_desc(1, 4, 4, 1, 2, 2, 1, 3, 3, 2, 2, 0, 0);
  std::vector<float> filter = one_to(9);
  filter[4] = inf_f;  // centre tap (1,1)
  const std::vector<float> dy = one_to(4);
  const auto r = backprop_input(d, dy.data(), filter.data());
  const Naive expected = naive_backprop(d, dy, filter);
  int infinite = 0;
  for (size_t k = 0; k < r.pattern.size(); ++k) {
    EXPECT_NE(r.pattern[k], Pattern::nan) << k;
    EXPECT_EQ(r.pattern[k], classify(expected.dx[k])) << k;
    infinite += r.pattern[k] == Pattern::positive_infinity;
  }
  // Tap (1,1) meets dy[p,q] at dx[2p+1, 2q+1]: four elements.
  EXPECT_EQ(infinite, 4);
  EXPECT_EQ(r.pattern[1 * 4 + 1], Pattern::positive_infinity);
  EXPECT_EQ(r.pattern[0], Pattern::finite);
  // The finite parts read the Inf as 0: dx[0,0] = dy[0,0]*F[0,0] = 1.
  EXPECT_EQ(r.dx[0], 1);
}

TEST(NonFinite, PatternKinds) {
  // x 1x3 (w = 3), f 1x2, s1, valid: dx[j] = dy[j]*F[0] + dy[j-1]*F[1] over real terms.
  const auto d = make_desc(1, 1, 3, 1, 1, 2, 1, 1, 2, 1, 1, 0, 0);
  struct Row {
    const char* name;
    std::vector<float> dy, filter;
    std::vector<Pattern> pattern;
  };
  const Pattern fin = Pattern::finite, nan = Pattern::nan, pos = Pattern::positive_infinity,
                neg = Pattern::negative_infinity;
  const std::vector<Row> rows = {
      {"NaN dy", {nan_f, 1}, {1, 1}, {nan, nan, fin}},
      {"NaN filter tap", {1, 1}, {1, nan_f}, {fin, nan, nan}},
      {"0 * Inf", {0, 1}, {inf_f, 1}, {nan, pos, fin}},
      {"Inf * 0", {inf_f, 1}, {0, 1}, {nan, pos, fin}},
      {"+Inf and -Inf terms", {inf_f, -inf_f}, {1, 1}, {pos, nan, neg}},
      {"-Inf dy * negative tap", {-inf_f, 1}, {-2, 1}, {pos, neg, fin}},
      {"+Inf * +Inf", {inf_f, 1}, {inf_f, 1}, {pos, pos, fin}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const auto r = backprop_input(d, row.dy.data(), row.filter.data());
    EXPECT_EQ(r.pattern, row.pattern);
    const Naive naive = naive_backprop(d, row.dy, row.filter);
    for (size_t k = 0; k < 3; ++k) EXPECT_EQ(r.pattern[k], classify(naive.dx[k])) << k;
    for (double v : r.dx) EXPECT_TRUE(std::isfinite(v));
    for (double v : r.magnitude) EXPECT_TRUE(std::isfinite(v));
    EXPECT_EQ(r.terms, (std::vector<double>{1, 2, 1}));
  }
}

// ---------------------------------------------------------------- crops and pads >= f


TEST(Crop, NegativeImpliedPadsMatchNaiveLoop) {
  SplitMix rng{11};
  int tested = 0, near_crops = 0, far_crops = 0;
  while (tested < 200) {
    const auto d = explicit_desc(rng, -2, 6, tested % 2 ? DXCHECK_NCHW : DXCHECK_NHWC);
    if (!d) continue;
    ++tested;
    near_crops += d->pad_top > d->filter_height - 1 || d->pad_left > d->filter_width - 1;
    far_crops += d->pad_bottom > d->filter_height - 1 || d->pad_right > d->filter_width - 1;
    const auto dy = small_integers(rng, dy_count(*d)), filter = small_integers(rng, filter_count(*d));
    const auto r = backprop_input(*d, dy.data(), filter.data());
    const Naive expected = naive_backprop(*d, dy, filter);
    ASSERT_EQ(r.dx, expected.dx) << tested;
    ASSERT_EQ(r.magnitude, expected.magnitude) << tested;
    ASSERT_EQ(r.terms, expected.terms) << tested;
  }
  // The generator really produced both kinds of crop.
  EXPECT_GT(near_crops, 20);
  EXPECT_GT(far_crops, 20);
}

// ---------------------------------------------------------------- adjoint identity

TEST(Adjoint, ForwardConvIsTheAdjointOnIntegers) {
  SplitMix rng{5};
  int tested = 0;
  while (tested < 60) {
    const auto d = explicit_desc(rng, -1, 4, tested % 2 ? DXCHECK_NCHW : DXCHECK_NHWC);
    if (!d) continue;
    ++tested;
    const auto dy = small_integers(rng, dy_count(*d)), filter = small_integers(rng, filter_count(*d));
    const auto x = as_double(small_integers(rng, dx_count(*d)));
    const std::vector<double> y = forward_conv(*d, x.data(), as_double(filter).data());
    ASSERT_EQ(static_cast<int64_t>(y.size()), dy_count(*d));
    const std::vector<double> dx = backprop_input(*d, dy.data(), filter.data()).dx;
    double lhs = 0, rhs = 0;  // <conv(x), dy> and <x, dx>: integers, exact
    for (size_t k = 0; k < y.size(); ++k) lhs += y[k] * dy[k];
    for (size_t k = 0; k < x.size(); ++k) rhs += x[k] * dx[k];
    ASSERT_EQ(lhs, rhs) << tested;
  }
}

// Forward conv by hand: x 3x3 = 1..9, f 2x2 = 1..4, valid: y[0,0] = 1+4+12+20 = 37.
TEST(Adjoint, ForwardConvHandComputed) {
  const auto d = make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0);
  const auto x = as_double(one_to(9)), f = as_double(one_to(4));
  EXPECT_EQ(forward_conv(d, x.data(), f.data()), (std::vector<double>{37, 47, 67, 77}));
  // 'same' stride 2 on 3x3 with top 0, bottom 1: y[0,1] = x[0,2]*1 + x[1,2]*3,
  // y[1,0] = x[2,0]*1 + x[2,1]*2, y[1,1] = x[2,2]*1 (the rest falls outside x).
  const auto s = make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 0, 0);
  EXPECT_EQ(forward_conv(s, x.data(), f.data()), (std::vector<double>{37, 3 + 18, 7 + 16, 9}));
}

// ---------------------------------------------------------------- versus the faithful kernel

TEST(Faithful, EqualOnSmallIntegerCases) {
  SplitMix rng{2024};
  int tested = 0;
  while (tested < 30) {
    const auto d = explicit_desc(rng, -1, 4, tested % 3 == 0 ? DXCHECK_NCHW : DXCHECK_NHWC);
    if (!d) continue;
    ++tested;
    const auto dy = small_integers(rng, dy_count(*d)), filter = small_integers(rng, filter_count(*d));
    std::vector<float> dx(static_cast<size_t>(dx_count(*d)), nan_f);
    ASSERT_EQ(faithful_backprop_input(&*d, dy.data(), filter.data(), dx.data()), DXCHECK_OK);
    const auto r = backprop_input(*d, dy.data(), filter.data());
    for (size_t k = 0; k < dx.size(); ++k)
      ASSERT_EQ(static_cast<float>(r.dx[k]), dx[k]) << "case " << tested << " element " << k;
  }
}

// ---------------------------------------------------------------- empty and malformed

TEST(Empty, ZeroExtentsGiveZerosAndNoTerms) {
  const std::vector<dxcheck_conv_desc> descs = {
      make_desc(0, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0),  // N = 0
      make_desc(1, 2, 2, 1, 0, 0, 1, 3, 3, 1, 1, 0, 0),  // oh = ow = 0 (G3)
      make_desc(1, 3, 3, 1, 2, 2, 0, 2, 2, 1, 1, 0, 0),  // O = 0
      make_desc(1, 3, 3, 0, 2, 2, 1, 2, 2, 1, 1, 0, 0),  // C = 0
      make_desc(1, 0, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0),  // h = 0
  };
  const std::vector<float> data(64, 1.0f);
  for (const auto& d : descs) {
    const auto r = backprop_input(d, data.data(), data.data());
    EXPECT_EQ(static_cast<int64_t>(r.dx.size()), dx_count(d));
    EXPECT_EQ(r.dx, std::vector<double>(r.dx.size(), 0.0));
    EXPECT_EQ(r.magnitude, std::vector<double>(r.dx.size(), 0.0));
    EXPECT_EQ(r.terms, std::vector<double>(r.dx.size(), 0.0));
    EXPECT_EQ(r.pattern, std::vector<Pattern>(r.dx.size(), Pattern::finite));
    const auto y = forward_conv(d, as_double(data).data(), as_double(data).data());
    EXPECT_EQ(static_cast<int64_t>(y.size()), dy_count(d));
    EXPECT_EQ(y, std::vector<double>(y.size(), 0.0));
  }
  auto negative_out = make_desc(1, 2, 2, 1, -1, -1, 1, 4, 4, 2, 2, 0, 0);  // floor mode
  EXPECT_EQ(backprop_input(negative_out, data.data(), data.data()).dx, std::vector<double>(4, 0.0));
}

TEST(Malformed, DescThatContradictsItselfIsRejected) {
  auto d = make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0);
  d.pad_bottom = 1;  // implied is 0
  const std::vector<float> data(16, 1.0f);
  EXPECT_THROW(backprop_input(d, data.data(), data.data()), std::invalid_argument);
  auto zero_stride = make_desc(1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0);
  zero_stride.stride_width = 0;
  EXPECT_THROW(backprop_input(zero_stride, data.data(), data.data()), std::invalid_argument);
}

// ---------------------------------------------------------------- working set

TEST(WorkingSet, HoldsTheResultsAndSkipsAboveCap) {
  const auto d = make_desc(1, 4, 4, 1, 2, 2, 1, 3, 3, 2, 2, 0, 0);
  const int64_t elements = working_set_elements(d);
  EXPECT_GE(elements, 3 * dx_count(d) + dy_count(d) + 2 * filter_count(d));  // dx, M, n; dy; B and |B|
  EXPECT_FALSE(skip_reason(d, elements).has_value());
  EXPECT_EQ(skip_reason(d, elements - 1).value(), "reference working set " + std::to_string(elements) +
                                                      " elements exceeds cap " + std::to_string(elements - 1));
  // Huge sizes saturate instead of overflowing.
  const auto huge = make_desc(1 << 20, 1 << 20, 1 << 20, 1 << 10, 1 << 20, 1 << 20, 1 << 10, 1, 1, 1, 1, 0, 0);
  EXPECT_EQ(working_set_elements(huge), std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(skip_reason(huge, int64_t{1} << 30).has_value());
}

// Real sizes run under the properties' default cap (2^26 elements, properties/property.h):
// a 10-million-element dx with a dy as large, and a long reduction.
TEST(WorkingSet, TenMillionElementCasesFitTheDefaultCap) {
  const int64_t default_cap = int64_t{1} << 26;
  const auto big = make_desc(8, 112, 112, 100, 112, 112, 100, 3, 3, 1, 1, 1, 1);
  ASSERT_GE(dx_count(big), 10'000'000);
  ASSERT_GE(dy_count(big), 10'000'000);
  EXPECT_FALSE(skip_reason(big, default_cap).has_value()) << working_set_elements(big);
  const auto deep = make_desc(1, 64, 64, 64, 64, 64, 512, 11, 11, 1, 1, 5, 5);  // 61952 terms
  EXPECT_FALSE(skip_reason(deep, default_cap).has_value()) << working_set_elements(deep);
}

}  // namespace
}  // namespace dxcheck::reference
