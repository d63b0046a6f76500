// The bound comparisons: each kind of wrong answer is caught, and right ones pass.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "compare.h"

namespace dxcheck {
namespace {

dxcheck_conv_desc one_row(int width) {
  dxcheck_conv_desc d{};
  d.abi_version = 1;
  d.batch = d.in_height = d.in_channels = 1;
  d.in_width = width;
  return d;
}

reference::Backprop reference_of(std::vector<double> r, std::vector<double> m, std::vector<double> n) {
  reference::Backprop b;
  b.dx = r;
  b.magnitude = m;
  b.terms = n;
  b.pattern.assign(r.size(), reference::Pattern::finite);
  return b;
}

TEST(Bound, MatchesTheFormula) {
  const Bound b = element_bound(3, 10, Precision::fp32);
  const double u = 0x1p-24, ud = 0x1p-53;
  EXPECT_TRUE(b.bounded);
  EXPECT_DOUBLE_EQ(b.tau, 3 * u / (1 - 3 * u) * 10 + 4 * ud / (1 - 4 * ud) * 10 + 8 * 0x1p-150);
  EXPECT_FALSE(element_bound(3, FLT_MAX, Precision::fp32).bounded);
  EXPECT_FALSE(element_bound(256, 1, Precision::bf16).bounded);  // n u >= 1
  EXPECT_GT(element_bound(3, 10, Precision::bf16).tau, b.tau);
}

TEST(CompareWithinBound, AcceptsRoundingAndRejectsMore) {
  const auto d = one_row(3);
  const auto ref = reference_of({1.0 / 3, 2.0, -5.0}, {1.0, 2.0, 5.0}, {2, 1, 4});
  const float ok[] = {static_cast<float>(1.0 / 3), 2.0f, -5.0f};
  EXPECT_EQ(compare_within_bound(d, ref, ok).status, Status::passed);
  const float off[] = {static_cast<float>(1.0 / 3), std::nextafter(2.0f, 3.0f), -5.0f};
  // One float32 ulp at 2 is 2^-22 = 4u * 2 > tau for a single term.
  const Verdict v = compare_within_bound(d, ref, off);
  EXPECT_EQ(v.status, Status::failed);
  ASSERT_FALSE(v.worst.empty());
  EXPECT_EQ(v.worst[0].index, 1);
  EXPECT_EQ(v.worst[0].position, (std::array<int64_t, 4>{0, 0, 1, 0}));
  EXPECT_EQ(v.worst[0].ulps, 1);
}

TEST(CompareWithinBound, StructuralZerosMustBeExactlyZero) {
  const auto d = one_row(2);
  const auto ref = reference_of({0, 1}, {0, 1}, {0, 1});
  const float negative_zero[] = {-0.0f, 1.0f};
  EXPECT_EQ(compare_within_bound(d, ref, negative_zero).status, Status::passed);
  const float tiny[] = {std::numeric_limits<float>::denorm_min(), 1.0f};
  EXPECT_EQ(compare_within_bound(d, ref, tiny).status, Status::failed);
}

TEST(CompareWithinBound, NonFinitePatternsAndUnboundedElements) {
  const auto d = one_row(3);
  auto ref = reference_of({0, 0, 0}, {1, 1, FLT_MAX}, {1, 1, 2});
  ref.pattern = {reference::Pattern::nan, reference::Pattern::positive_infinity, reference::Pattern::finite};
  const float inf = std::numeric_limits<float>::infinity();
  const float right[] = {std::nanf(""), inf, 12345.0f};  // the third may be anything written
  const Verdict v = compare_within_bound(d, ref, right);
  EXPECT_EQ(v.status, Status::passed);
  EXPECT_EQ(v.unbounded, 1);
  const float wrong[] = {inf, inf, 0.0f};
  EXPECT_EQ(compare_within_bound(d, ref, wrong).status, Status::failed);
}

TEST(CompareWithinBound, AllZeroDataIsMistrusted) {
  const auto d = one_row(20);
  const auto ref = reference_of(std::vector<double>(20, 0.0), std::vector<double>(20, 0.0), std::vector<double>(20, 3));
  const std::vector<float> zeros(20, 0.0f);
  EXPECT_EQ(compare_within_bound(d, ref, zeros.data()).status, Status::mistrusted);
}

TEST(CompareFaithful, TheIntervalIsTight) {
  const auto d = one_row(1);
  const double r = 1.0 + 0x1p-30;  // fl32 rounds it to 1
  const auto ref = reference_of({r}, {r}, {2});
  const float one[] = {1.0f};
  EXPECT_EQ(compare_faithful_interval(d, ref, one).status, Status::passed);
  const float next[] = {std::nextafter(1.0f, 2.0f)};
  EXPECT_EQ(compare_faithful_interval(d, ref, next).status, Status::failed);
  // ... while the looser any-order bound accepts the neighbour.
  EXPECT_EQ(compare_within_bound(d, ref, next).status, Status::passed);
}

TEST(CompareExact, OnlyEqualityPasses) {
  const auto d = one_row(2);
  const auto ref = reference_of({3, -0x1p-140}, {3, 0x1p-140}, {3, 1});
  const float exact[] = {3.0f, -0x1p-140f};
  EXPECT_EQ(compare_exact(d, ref, exact).status, Status::passed);
  const float flushed[] = {3.0f, -0.0f};  // flush-to-zero of a subnormal result
  EXPECT_EQ(compare_exact(d, ref, flushed).status, Status::failed);
}

TEST(CompareBitwise, NanByNanness) {
  const auto d = one_row(2);
  const float a[] = {std::nanf("1"), 0.0f};
  const float b[] = {-std::nanf("2"), 0.0f};
  EXPECT_EQ(compare_bitwise(d, a, b).status, Status::passed);
  const float c[] = {std::nanf("1"), -0.0f};
  EXPECT_EQ(compare_bitwise(d, a, c).status, Status::failed);
}

TEST(Ulps, Distance) {
  EXPECT_EQ(ulp_distance(1.0f, std::nextafter(1.0f, 2.0f)), 1);
  EXPECT_EQ(ulp_distance(-0.0f, 0.0f), 0);
  EXPECT_EQ(ulp_distance(-std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::denorm_min()), 2);
}

}  // namespace
}  // namespace dxcheck
