// The faithful kernel: TFJS's observed values (docs/tfjs-semantics.md "4 Observed results"), hand-made
// cases, and agreement with the reference on fixed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "builtin_kernels.h"
#include "case.h"
#include "compare.h"
#include "fill.h"
#include "reference.h"

namespace dxcheck {
namespace {

std::vector<float> one_to(int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 1.0f);
  return v;
}

std::vector<float> run_faithful(const dxcheck_conv_desc& d, const std::vector<float>& dy, const std::vector<float>& f) {
  std::vector<float> dx(static_cast<size_t>(element_count(dx_shape(d))), std::nanf("7"));
  EXPECT_EQ(faithful_backprop_input(&d, dy.data(), f.data(), dx.data()), DXCHECK_OK);
  return dx;
}

// dy and filter = 1..n, as in the observed table.
std::vector<float> observed(const Case& c) {
  const auto d = c.desc();
  return run_faithful(d, one_to(element_count(dy_shape(d))), one_to(element_count(filter_shape(d))));
}

TEST(Faithful, ObservedTfjsValues) {
  EXPECT_EQ(observed(Case().input(1, 4, 4, 1).filter(3, 3, 1).stride(2, 2).pad_same()),
            (std::vector<float>{1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20}));  // A1
  EXPECT_EQ(observed(Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_same()),
            (std::vector<float>{1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16}));  // A3
  EXPECT_EQ(observed(Case().input(1, 3, 3, 1).filter(2, 2, 1).pad_same()),
            (std::vector<float>{1, 4, 7, 7, 23, 33, 19, 53, 63}));  // A6
  EXPECT_EQ(observed(Case().input(1, 3, 3, 1).filter(2, 2, 1).pad_explicit(1, 0, 0, 2)),
            (std::vector<float>{8, 26, 36, 24, 66, 76, 27, 66, 73}));  // C1
  EXPECT_EQ(observed(Case().input(1, 3, 4, 1).filter(2, 2, 1).stride(2, 2).pad_explicit(2, 0, 3, 1)),
            (std::vector<float>{12, 7, 14, 8, 24, 21, 28, 24, 0, 0, 0, 0}));  // C3
  EXPECT_EQ(observed(Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_explicit(1, 0, 1, 0).round_with(Rounding::ceil)),
            (std::vector<float>{4, 6, 8, 9, 8, 5, 10, 6, 16, 15, 20, 18, 14, 8, 16, 9}));  // C4 ceil
  EXPECT_EQ(observed(Case().input(2, 3, 3, 1).filter(2, 2, 1).pad_valid()),
            (std::vector<float>{1, 4, 4, 6, 20, 16, 9, 24, 16, 5, 16, 12, 22, 60, 40, 21, 52, 32}));  // E
  EXPECT_EQ(observed(Case().input(1, 3, 3, 2).filter(2, 2, 3).stride(2, 2).pad_same()),
            (std::vector<float>{14, 32, 50, 68, 32, 77, 86, 104, 122, 140, 212, 257, 50, 122, 194, 266, 68, 167}));  // F
  EXPECT_EQ(observed(Case().input(1, 2, 2, 1).filter(3, 3, 1).pad_same()), (std::vector<float>{23, 33, 53, 63}));  // G1
  EXPECT_EQ(observed(Case().input(1, 2, 2, 1).filter(3, 3, 1).pad_valid()), (std::vector<float>{0, 0, 0, 0}));  // G3
  EXPECT_EQ(observed(Case().input(1, 2, 2, 1).filter(5, 5, 1).stride(2, 2).pad_same()), (std::vector<float>{7, 8, 12, 13}));  // G4
  EXPECT_EQ(observed(Case().input(1, 5, 4, 1).filter(1, 1, 1).stride(3, 2).pad_same()),
            (std::vector<float>{1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0}));  // H2
}

TEST(Faithful, NchwIsTheTransposedNhwcResult) {
  // D: x NHWC [2,3,4,2] vs NCHW [2,2,3,4], f [2,3,2,3], s [2,1], 'same'.
  const Case nhwc = Case().input(2, 3, 4, 2).filter(2, 3, 3).stride(2, 1).pad_same().fill_with(Fill::uniform).seeded(3);
  const Case nchw = Case(nhwc).in_layout(Layout::nchw);
  const CaseData a = make_case_data(nhwc), b = make_case_data(nchw);
  // Same values, NCHW order: transpose dy from NHWC.
  const auto ys = dy_shape(a.desc);  // [N, oh, ow, O]
  std::vector<float> dy_nchw(a.dy.size());
  for (int64_t n = 0; n < ys[0]; ++n)
    for (int64_t i = 0; i < ys[1]; ++i)
      for (int64_t j = 0; j < ys[2]; ++j)
        for (int64_t o = 0; o < ys[3]; ++o)
          dy_nchw[((n * ys[3] + o) * ys[1] + i) * ys[2] + j] = a.dy[((n * ys[1] + i) * ys[2] + j) * ys[3] + o];
  const auto dx_nhwc = run_faithful(a.desc, a.dy, a.filter);
  const auto dx_nchw = run_faithful(b.desc, dy_nchw, a.filter);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 4; ++j)
        for (int64_t c = 0; c < 2; ++c)
          EXPECT_EQ(dx_nchw[((n * 2 + c) * 3 + i) * 4 + j], dx_nhwc[((n * 3 + i) * 4 + j) * 2 + c]);
}

TEST(Faithful, InfTapWithStrideTwoMultipliesOnlyRealTerms) {
  // dy 2x2 of ones, stride 2, a 2x2 filter whose tap (0,0) is +Inf: the dx elements
  // that tap reaches are +Inf; the others touch it only through inserted zeros and
  // must stay finite (a zero-inflating kernel would give NaN there).
  const auto d = Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_valid().desc();
  const std::vector<float> dy(4, 1.0f);
  const std::vector<float> f = {std::numeric_limits<float>::infinity(), 2, 3, 4};
  const auto dx = run_faithful(d, dy, f);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      const float v = dx[i * 4 + j];
      if (i % 2 == 0 && j % 2 == 0) {
        EXPECT_EQ(v, std::numeric_limits<float>::infinity()) << i << "," << j;
      } else {
        EXPECT_TRUE(std::isfinite(v)) << i << "," << j << " = " << v;
      }
    }
  }
}

TEST(Faithful, EmptySumsStorePositiveZero) {
  const auto d = Case().input(1, 3, 3, 1).filter(1, 1, 1).stride(2, 2).pad_valid().desc();
  const auto dx = run_faithful(d, {-0.0f, -0.0f, -0.0f, -0.0f}, {-1.0f});
  for (float v : dx) EXPECT_FALSE(std::signbit(v));  // +0 from all -0 terms and empty sums
}

// Fixed cases over the attribute space: every pad form, rounding, layout, stride and
// filter class, with the interval check on float data and equality on int data.
std::vector<Case> fixed_cases() {
  std::vector<Case> cases;
  uint64_t seed = 100;
  for (Layout layout : {Layout::nhwc, Layout::nchw}) {
    for (int pad_form = 0; pad_form < 5; ++pad_form) {
      for (int shape = 0; shape < 3; ++shape) {
        Case c;
        const int64_t s = 1 + shape, k = 2 + 2 * shape;  // stride 1..3, filter 2..6 (exceeds the input at 6)
        c.input(1 + shape, 5 + shape, 4 + shape % 2, 2 + 7 * shape).filter(k, k - 1, 3 + 6 * shape).stride(s, 4 - s)
            .in_layout(layout);
        switch (pad_form) {
          case 0: c.pad_valid(); break;
          case 1: c.pad_same(); break;
          case 2: c.pad_number(shape).round_with(Rounding::ceil); break;
          case 3: c.pad_explicit(2, -1, 0, 3).round_with(Rounding::round); break;
          case 4: c.pad_explicit(-2, 7, 5, 1); break;
        }
        cases.push_back(c.seeded(seed++));
      }
    }
  }
  return cases;  // 30 cases, each run on two fills below
}

TEST(Faithful, AgreesWithTheReferenceOnFixedCases) {
  int checked = 0;
  for (const Case& base : fixed_cases()) {
    for (Fill fill : {Fill::uniform, Fill::wide, Fill::integer, Fill::subnormal}) {
      const Case c = Case(base).fill_with(fill);
      SCOPED_TRACE(to_string(c));
      const CaseData data = make_case_data(c);
      const auto dx = run_faithful(data.desc, data.dy, data.filter);
      const auto ref = reference::backprop_input(data.desc, data.dy.data(), data.filter.data());
      const Verdict v = (fill == Fill::integer || fill == Fill::subnormal)
                            ? compare_exact(data.desc, ref, dx.data())
                            : compare_faithful_interval(data.desc, ref, dx.data());
      EXPECT_NE(v.status, Status::failed) << v.detail;
      ++checked;
    }
  }
  EXPECT_GE(checked, 100);
}

}  // namespace
}  // namespace dxcheck
