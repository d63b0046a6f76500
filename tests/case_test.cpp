// The dx1 string: one spelling per Case, exact round trip, clear errors.
#include <gtest/gtest.h>

#include "case.h"

namespace dxcheck {
namespace {

TEST(CaseString, DesignExamplesRoundTrip) {
  for (const char* s : {"dx1_n2_h7w7c3_k3x3o8_s2x2_same_nchw_tfjs_int_r42",
                        "dx1_n1_h5w5c1_k2x2o1_s2x2_e1.0.m1.2_ceil_nhwc_peraxis_wide_r7_a4",
                        "dx1_n0_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_special_r0",
                        "dx1_n1_h4w6c1_k1x3o1_s1x2_p1_nhwc_tfjs_uniform_r18446744073709551615",
                        "dx1_n3_h9w2c40_k7x1o17_s5x1_pm1_round_nchw_peraxis_subnormal_r5_a60"}) {
    EXPECT_EQ(to_string(parse_case(s)), s);
  }
}

TEST(CaseString, FieldsLandWhereTheGrammarSays) {
  const Case c = parse_case("dx1_n1_h5w5c1_k2x2o1_s2x2_e1.0.m1.2_ceil_nchw_peraxis_wide_r7_a4");
  EXPECT_EQ(c.layout, Layout::nchw);
  EXPECT_EQ(c.pad.kind, Padding::Kind::explicit_pairs);
  EXPECT_EQ(c.pad.sides(Layout::nchw), (std::array<int64_t, 4>{1, 0, -1, 2}));
  EXPECT_EQ(c.pad.pairs[2][0], 1);  // NCHW arrangement: [[0,0],[0,0],[t,b],[l,r]]
  EXPECT_EQ(c.rounding, Rounding::ceil);
  EXPECT_EQ(c.profile, Profile::peraxis);
  EXPECT_EQ(c.fill, Fill::wide);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.align_offset, 4);
}

TEST(CaseString, BuilderMatchesTheString) {
  const Case c = Case().input(2, 7, 7, 3).filter(3, 3, 8).stride(2, 2).pad_same().in_layout(Layout::nchw).seeded(42);
  EXPECT_EQ(to_string(c), "dx1_n2_h7w7c3_k3x3o8_s2x2_same_nchw_tfjs_int_r42");
}

TEST(CaseString, MalformedStringsAreRejectedWithAReason) {
  struct Bad {
    const char* text;
    const char* reason;
  };
  for (const Bad& b : {Bad{"", "expected 'dx1_n'"},
                       Bad{"dx2_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1", "expected 'dx1_n'"},
                       Bad{"dx1_n01_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1", "leading zero"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_SAME_nhwc_tfjs_int_r1", "expected a pad"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_pm0_nhwc_tfjs_int_r1", "zero is written '0'"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_p-1_nhwc_tfjs_int_r1", "expected a number"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_e1.2.3_nhwc_tfjs_int_r1", "expected '.'"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_trunc_nhwc_tfjs_int_r1", "expected a rounding"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tf_int_r1", "expected a profile"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_ints_r1", "expected '_r'"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_gauss_r1", "expected a fill"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r18446744073709551616", "larger than"},
                       Bad{"dx1_n99999999999999999999_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1", "larger than"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1_a0", "'_a0'"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1_a6", "multiple of 4"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1_a64", "multiple of 4"},
                       Bad{"dx1_n1_h1w1c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1 ", "trailing"}}) {
    try {
      parse_case(b.text);
      ADD_FAILURE() << "accepted '" << b.text << "'";
    } catch (const CaseError& e) {
      EXPECT_NE(std::string(e.what()).find(b.reason), std::string::npos) << b.text << " -> " << e.what();
    }
  }
}

TEST(CaseString, RejectedAttributesFailInConvInfoNotInTheParser) {
  // The grammar allows a rounding with 'same'; the op rejects it, as TFJS does.
  const Case c = parse_case("dx1_n1_h3w3c1_k2x2o1_s1x1_same_floor_nhwc_tfjs_int_r1");
  EXPECT_THROW(c.desc(), ConvInfoError);
}

}  // namespace
}  // namespace dxcheck
