// conv-info against the values observed on TFJS 4.22.0 (docs/tfjs-semantics.md
// "2 Conv-info (computeConv2DInfo)" and "4 Observed results") and a rejection test for
// every class of invalid attributes.
#include <gtest/gtest.h>

#include "case.h"
#include "conv_info.h"

namespace dxcheck {
namespace {

struct Expected {
  int out_height, out_width, top, bottom, left, right;
};

void expect_desc(const Case& c, Expected e) {
  SCOPED_TRACE(to_string(c));
  const dxcheck_conv_desc d = c.desc();
  EXPECT_EQ(d.out_height, e.out_height);
  EXPECT_EQ(d.out_width, e.out_width);
  EXPECT_EQ(d.pad_top, e.top);
  EXPECT_EQ(d.pad_bottom, e.bottom);
  EXPECT_EQ(d.pad_left, e.left);
  EXPECT_EQ(d.pad_right, e.right);
}

TEST(ConvInfo, SamePadsPutTheOddRowAtTheBottom) {
  expect_desc(Case().input(1, 4, 4, 1).filter(3, 3, 1).stride(2, 2).pad_same(), {2, 2, 0, 1, 0, 1});  // A1
  expect_desc(Case().input(1, 5, 5, 1).filter(3, 3, 1).stride(2, 2).pad_same(), {3, 3, 1, 1, 1, 1});  // A2
  expect_desc(Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_same(), {2, 2, 0, 0, 0, 0});  // A3
  expect_desc(Case().input(1, 5, 5, 1).filter(2, 2, 1).stride(2, 2).pad_same(), {3, 3, 0, 1, 0, 1});  // A4
  expect_desc(Case().input(1, 4, 5, 1).filter(4, 3, 1).stride(2, 2).pad_same(), {2, 3, 1, 1, 1, 1});  // A5
  expect_desc(Case().input(1, 3, 3, 1).filter(2, 2, 1).stride(1, 1).pad_same(), {3, 3, 0, 1, 0, 1});  // A6
  expect_desc(Case().input(1, 2, 2, 1).filter(5, 5, 1).stride(2, 2).pad_same(), {1, 1, 1, 2, 1, 2});  // G4
  expect_desc(Case().input(1, 5, 4, 1).filter(1, 1, 1).stride(3, 2).pad_same(), {2, 2, 0, -1, 0, -1});  // H2: implied pads, not TFJS's padInfo
}

TEST(ConvInfo, ValidGivesZeroSizeWhenTheFilterExceedsTheInput) {
  expect_desc(Case().input(1, 2, 2, 1).filter(3, 3, 1).pad_valid(), {0, 0, 0, 0, 0, 0});  // G3
  expect_desc(Case().input(1, 5, 5, 1).filter(2, 2, 1).stride(3, 3).pad_valid(), {2, 2, 0, 0, 0, 0});  // H1
}

TEST(ConvInfo, NumericPadRoundsWithTheMode) {
  // B: x 5x5, f 2x2, s2, pad 1: (5 - 2 + 2) / 2 + 1 = 3.5.
  const Case base = Case().input(1, 5, 5, 1).filter(2, 2, 1).stride(2, 2).pad_number(1);
  expect_desc(base, {3, 3, 1, 0, 1, 0});
  expect_desc(Case(base).round_with(Rounding::floor), {3, 3, 1, 0, 1, 0});
  expect_desc(Case(base).round_with(Rounding::round), {4, 4, 1, 2, 1, 2});
  expect_desc(Case(base).round_with(Rounding::ceil), {4, 4, 1, 2, 1, 2});
}

TEST(ConvInfo, RoundIsJavaScriptsMathRound) {
  // (4 - 1 + 0) / 2 + 1 = 2.5: Math.round gives 3 (halves toward +infinity).
  const Case base = Case().input(1, 4, 4, 1).filter(1, 1, 1).stride(2, 2).pad_number(0);
  EXPECT_EQ(Case(base).round_with(Rounding::round).desc().out_height, 3);
  EXPECT_EQ(Case(base).round_with(Rounding::floor).desc().out_height, 2);
  EXPECT_EQ(base.desc().out_height, 2);
  // (1 - 4) / 2 + 1 = -0.5: trunc 0, floor -1, round -0, ceil -0: all an empty dy.
  for (Rounding r : {Rounding::none, Rounding::floor, Rounding::round, Rounding::ceil}) {
    const auto d = Case().input(1, 1, 1, 1).filter(4, 4, 1).stride(2, 2).pad_number(0).round_with(r).desc();
    EXPECT_EQ(d.out_height, 0) << to_string(r);
  }
}

TEST(ConvInfo, ExplicitPadsInBothArrangements) {
  expect_desc(Case().input(1, 3, 3, 1).filter(2, 2, 1).pad_explicit(1, 0, 0, 2), {3, 4, 1, 0, 0, 2});  // C1
  expect_desc(Case().input(1, 3, 3, 1).filter(2, 2, 1).pad_explicit(1, 0, 0, 2).in_layout(Layout::nchw),
              {3, 4, 1, 0, 0, 2});
  expect_desc(Case().input(1, 3, 4, 1).filter(2, 2, 1).stride(2, 2).pad_explicit(2, 0, 3, 1), {2, 4, 2, -1, 3, 1});  // C3
  // C4: trunc (dy 2x2) vs ceil (dy 3x3).
  expect_desc(Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_explicit(1, 0, 1, 0), {2, 2, 1, -1, 1, -1});
  expect_desc(Case().input(1, 4, 4, 1).filter(2, 2, 1).stride(2, 2).pad_explicit(1, 0, 1, 0).round_with(Rounding::ceil),
              {3, 3, 1, 1, 1, 1});
  // Negative pads crop.
  expect_desc(Case().input(1, 5, 5, 1).filter(2, 2, 1).pad_explicit(-1, -1, 0, -2), {2, 2, -1, -1, 0, -2});
}

TEST(ConvInfo, NumericPadWidthQuirkOfTfjs649) {
  // docs/tfjs-semantics.md "2.1 The numeric-pad width quirk (tfjs#649)": x [1,4,6,1],
  // f [1,3,1,1]; TFJS computes oW from fH and sH.
  struct Row {
    int64_t sh, sw, pad;
    int tfjs_h, tfjs_w, peraxis_w;
  };
  for (const Row& r : {Row{1, 2, 1, 6, 8, 3}, Row{1, 1, 1, 6, 8, 6}, Row{2, 2, 0, 2, 3, 2}, Row{1, 2, 0, 4, 6, 2}}) {
    const Case c = Case().input(1, 4, 6, 1).filter(1, 3, 1).stride(r.sh, r.sw).pad_number(r.pad);
    EXPECT_EQ(c.desc().out_height, r.tfjs_h) << to_string(c);
    EXPECT_EQ(c.desc().out_width, r.tfjs_w) << to_string(c);
    const Case fixed = Case(c).with_profile(Profile::peraxis);
    EXPECT_EQ(fixed.desc().out_height, r.tfjs_h) << to_string(fixed);
    EXPECT_EQ(fixed.desc().out_width, r.peraxis_w) << to_string(fixed);
  }
}

TEST(ConvInfo, ZeroSizeTensorsAreAccepted) {
  EXPECT_EQ(Case().input(0, 3, 3, 1).filter(2, 2, 1).desc().batch, 0);
  EXPECT_EQ(Case().input(1, 3, 3, 0).filter(2, 2, 0).desc().in_channels, 0);
  EXPECT_EQ(Case().input(1, 3, 3, 1).filter(2, 2, 0).desc().out_channels, 0);
}

TEST(ConvInfo, TheImpliedPadsCloseTheGeometry) {
  // (out - 1) * stride + f = in + top + bottom, in every pad form.
  for (const Case& c : {Case().input(1, 7, 6, 1).filter(3, 2, 1).stride(2, 3).pad_same(),
                        Case().input(1, 7, 6, 1).filter(3, 2, 1).stride(2, 3).pad_valid(),
                        Case().input(1, 7, 6, 1).filter(3, 2, 1).stride(2, 3).pad_number(2).with_profile(Profile::peraxis),
                        Case().input(1, 7, 6, 1).filter(3, 2, 1).stride(2, 3).pad_explicit(3, -1, 0, 4)}) {
    const auto d = c.desc();
    EXPECT_EQ((d.out_height - 1) * d.stride_height + d.filter_height, d.in_height + d.pad_top + d.pad_bottom);
    EXPECT_EQ((d.out_width - 1) * d.stride_width + d.filter_width, d.in_width + d.pad_left + d.pad_right);
  }
}

void expect_rejected(const ConvAttrs& a, const std::string& fragment) {
  try {
    resolve_conv_info(a);
    ADD_FAILURE() << "accepted; expected an error containing '" << fragment << "'";
  } catch (const ConvInfoError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

ConvAttrs good() { return Case().input(1, 5, 5, 2).filter(2, 2, 3).attrs(); }

TEST(ConvInfoRejects, WrongRanks) {
  ConvAttrs a = good();
  a.input_shape = {5, 5, 2};
  expect_rejected(a, "inShape must be length 4, but got length 3.");
  a = good();
  a.filter_shape = {2, 2, 2};
  expect_rejected(a, "filter must be rank 4, but got rank 3");
}

TEST(ConvInfoRejects, MismatchedChannels) {
  ConvAttrs a = good();
  a.filter_shape[2] = 3;
  expect_rejected(a, "depth of input (2) must match input depth for filter 3.");
}

TEST(ConvInfoRejects, NegativeAndHugeDims) {
  ConvAttrs a = good();
  a.input_shape[1] = -9;
  expect_rejected(a, "inputShape [1,-9,5,2] has a dimension outside");
  a = good();
  a.filter_shape[0] = int64_t{1} << 40;
  expect_rejected(a, "filter shape");
}

TEST(ConvInfoRejects, TensorsAboveTheCap) {
  ConvAttrs a = Case().input(65, 2048, 2048, 1).filter(1, 1, 1).attrs();
  expect_rejected(a, "more than 268435456 elements");
  Limits small;
  small.max_tensor_elements = 10;
  try {
    resolve_conv_info(good(), small);
    ADD_FAILURE() << "a 50-element dx passed a cap of 10";
  } catch (const ConvInfoError& e) {
    EXPECT_NE(std::string(e.what()).find("dx (inputShape) shape [1,5,5,2]"), std::string::npos) << e.what();
  }
}

TEST(ConvInfoRejects, RoundingWithAStringPad) {
  ConvAttrs a = good();
  a.pad = Padding::same();
  a.rounding = Rounding::ceil;
  expect_rejected(a, "Error in conv2dDerInput: pad must be an integer when using dimRoundingMode ceil but got pad same.");
}

TEST(ConvInfoRejects, BadStrides) {
  ConvAttrs a = good();
  a.strides = {1, 2, 2, 1};
  expect_rejected(a, "strides must have 2 entries");
  a.strides = {0, 1};
  expect_rejected(a, "strides must be in [1, 2^31), got [0,1]");
  a.strides = {1, -2};
  expect_rejected(a, "got [1,-2]");
}

TEST(ConvInfoRejects, ExplicitPadBatchOrChannelEntries) {
  ConvAttrs a = good();
  a.pad = Padding::explicit_sides(Layout::nhwc, 1, 1, 1, 1);
  a.pad.pairs[3] = {0, 7};
  expect_rejected(a, "the batch and channel pairs must be [0,0]");
  ConvAttrs b = Case().input(1, 5, 5, 2).filter(2, 2, 3).in_layout(Layout::nchw).attrs();
  b.pad = Padding::explicit_sides(Layout::nchw, 1, 1, 1, 1);
  b.pad.pairs[1] = {1, 0};  // NCHW's channel pair
  expect_rejected(b, "for dataFormat NCHW");
}

TEST(ConvInfoRejects, SizesThatDoNotFitTheAbi) {
  ConvAttrs a = Case().input(1, 1, 1, 1).filter(1, 1, 1).pad_number(int64_t{1} << 30).attrs();
  expect_rejected(a, "out_height");
  ConvAttrs b = Case().input(0, 2147483647, 1, 1).filter(1, 1, 1).stride(2147483647, 1).pad_explicit(0, -2147483647, 0, 0).attrs();
  expect_rejected(b, "pad_bottom (implied)");
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST(ConvInfoRejects, DyThatDoesNotFit) {
  ConvAttrs a = good();  // dy is [1, 4, 4, 3]
  a.dy_shape = std::vector<int64_t>{1, 4, 4};
  expect_rejected(a, "Length of inShape (4) and rank of dy (3) must match");
  a.dy_shape = std::vector<int64_t>{1, 4, 4, 2};
  expect_rejected(a, "Error in conv2dDerInput: depth of output (2) must match output depth for filter 3.");
  a.dy_shape = std::vector<int64_t>{1, 5, 5, 3};
  expect_rejected(a, "dy shape [1,5,5,3] differs from the shape conv-info computes, [1,4,4,3]");
  a.dy_shape = std::vector<int64_t>{2, 4, 4, 3};
  expect_rejected(a, "dy shape [2,4,4,3]");
  a.dy_shape = std::vector<int64_t>{1, 4, 4, 3};
  EXPECT_EQ(resolve_conv_info(a).out_height, 4);
}

}  // namespace
}  // namespace dxcheck
