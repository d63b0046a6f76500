// The judge (harness/judge.h): each step of the standard can fail a case on its own,
// the steps run in their order, and the evidence (dx, reference) comes back with the
// verdict.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "builtin_kernels.h"
#include "case.h"
#include "fill.h"
#include "judge.h"
#include "verdict_text.h"

namespace dxcheck {
namespace {

// 2x2 input, 1x1 filter: every dx element has exactly one real term, so each kernel
// below is wrong in exactly the way its name says.
const char* const kCase = "dx1_n1_h2w2c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r3";
// Integer data, 32 to 72 real terms per element: the bound then admits a few ULPs
// (n u M), exactness none.
const char* const kLongSums = "dx1_n1_h4w4c2_k3x3o8_s1x1_same_nhwc_tfjs_int_r3";

int faithful(const dxcheck_conv_desc* d, const float* dy, const float* f, float* dx) {
  return faithful_backprop_input(d, dy, f, dx);
}
int one_ulp_high(const dxcheck_conv_desc* d, const float* dy, const float* f, float* dx) {
  const int code = faithful_backprop_input(d, dy, f, dx);
  dx[0] = std::nextafter(dx[0], INFINITY);  // exact data admits no rounding at all
  return code;
}
int far_off(const dxcheck_conv_desc* d, const float* dy, const float* f, float* dx) {
  const int code = faithful_backprop_input(d, dy, f, dx);
  dx[1] += 1000.0f;
  return code;
}
int declines(const dxcheck_conv_desc*, const float*, const float*, float*) { return DXCHECK_UNSUPPORTED; }
int skips_an_element(const dxcheck_conv_desc* d, const float* dy, const float* f, float* dx) {
  float saved = dx[3];
  const int code = faithful_backprop_input(d, dy, f, dx);
  dx[3] = saved;  // the canary stays: "not written"
  return code;
}

KernelEntry kernel(dxcheck_backprop_input_fn fn, bool tfjs_bitwise = false) {
  KernelEntry k;
  k.name = "test";
  k.function = fn;
  k.tfjs_bitwise = tfjs_bitwise;
  return k;
}

Judgement judge_case(const KernelEntry& k, const Standard& standard, const std::vector<float>* golden = nullptr,
                     const char* case_string = kCase) {
  const CaseData data = make_case_data(parse_case(case_string));
  Standard s = standard;
  s.golden = golden;
  return judge(k, data.desc, data.dy, data.filter, 0, s);
}

TEST(Judge, aRightKernelPassesWithItsDxAndTheReference) {
  const Judgement j = judge_case(kernel(faithful), Standard{});
  EXPECT_EQ(j.verdict.status, Status::passed) << j.verdict.detail;
  ASSERT_TRUE(j.called);
  ASSERT_TRUE(j.reference.has_value());
  ASSERT_EQ(j.dx.size(), 4u);
  for (size_t k = 0; k < 4; ++k) EXPECT_EQ(static_cast<double>(j.dx[k]), j.reference->dx[k]);
}

TEST(Judge, oneUlpPassesTheBoundButNotExactness) {
  Standard bound;
  EXPECT_EQ(judge_case(kernel(one_ulp_high), bound, nullptr, kLongSums).verdict.status, Status::passed);
  EXPECT_EQ(judge_case(kernel(one_ulp_high), bound).verdict.status, Status::failed);  // one term: half an ULP at most
  Standard exact;
  exact.exact = true;
  const Judgement j = judge_case(kernel(one_ulp_high), exact, nullptr, kLongSums);
  EXPECT_EQ(j.verdict.status, Status::failed);
  ASSERT_FALSE(j.verdict.worst.empty());
  EXPECT_EQ(j.verdict.worst.front().index, 0);
}

TEST(Judge, farOffFailsTheBoundWithTheWorstElement) {
  const Judgement j = judge_case(kernel(far_off), Standard{});
  EXPECT_EQ(j.verdict.status, Status::failed);
  ASSERT_FALSE(j.verdict.worst.empty());
  EXPECT_EQ(j.verdict.worst.front().index, 1);
  EXPECT_NE(element_text(j.verdict.worst.front()).find("index 1 (b,h,w,c)=(0,0,1,0)"), std::string::npos)
      << element_text(j.verdict.worst.front());
}

TEST(Judge, theCallDecidesBeforeAnyComparison) {
  const Judgement declined = judge_case(kernel(declines), Standard{});
  EXPECT_EQ(declined.verdict.status, Status::unsupported);
  EXPECT_FALSE(declined.called);
  EXPECT_FALSE(declined.reference.has_value());
  const Judgement unwritten = judge_case(kernel(skips_an_element), Standard{});
  EXPECT_EQ(unwritten.verdict.status, Status::failed);
  EXPECT_NE(unwritten.verdict.detail.find("dx element 3 was not written"), std::string::npos) << unwritten.verdict.detail;
  EXPECT_EQ(unwritten.verdict.fault, Fault::none);  // a wrong dx, not a hang or a crash
}

TEST(Judge, aCallAloneComputesNoReference) {
  Standard call_only;
  call_only.reference = false;
  const Judgement j = judge_case(kernel(far_off), call_only);
  EXPECT_EQ(j.verdict.status, Status::passed);
  EXPECT_TRUE(j.called);
  EXPECT_FALSE(j.reference.has_value());
}

TEST(Judge, aGoldenDxHoldsTfjsBitwiseKernelsBitForBitAndNoOthers) {
  const CaseData data = make_case_data(parse_case(kLongSums));
  std::vector<float> golden(data.desc.in_height * data.desc.in_width * data.desc.in_channels);
  faithful_backprop_input(&data.desc, data.dy.data(), data.filter.data(), golden.data());
  Standard no_interval;  // the interval would also catch one ULP: here the golden dx must
  no_interval.interval = false;
  EXPECT_EQ(judge_case(kernel(faithful, true), no_interval, &golden, kLongSums).verdict.status, Status::passed);
  const Judgement bitwise = judge_case(kernel(one_ulp_high, true), no_interval, &golden, kLongSums);
  EXPECT_EQ(bitwise.verdict.status, Status::failed);  // one ULP off TFJS's bits
  EXPECT_FALSE(bitwise.reference.has_value());        // TFJS's dx is the standard, not the reference
  // A kernel that does not claim TFJS's bits is held to the bound instead.
  EXPECT_EQ(judge_case(kernel(one_ulp_high, false), no_interval, &golden, kLongSums).verdict.status, Status::passed);
}

TEST(Judge, aReferenceOverItsCapIsSkippedBeforeTheCall) {
  Standard tiny;
  tiny.reference_cap = 1;
  const Judgement j = judge_case(kernel(declines), tiny);
  EXPECT_EQ(j.verdict.status, Status::skipped);  // not UNSUPPORTED: the kernel was never asked
  EXPECT_FALSE(j.called);
}

TEST(Judge, aKnownReferenceIsUsedAndNotRecomputed) {
  const CaseData data = make_case_data(parse_case(kCase));
  reference::Backprop wrong = reference::backprop_input(data.desc, data.dy.data(), data.filter.data());
  wrong.dx[2] += 1000;  // a reference the caller got wrong shows: so it was used
  const Judgement j = judge(kernel(faithful), data.desc, data.dy, data.filter, 0, Standard{}, &wrong);
  EXPECT_EQ(j.verdict.status, Status::failed);
  EXPECT_FALSE(j.reference.has_value());
}

}  // namespace
}  // namespace dxcheck
