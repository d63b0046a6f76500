// The shape suites, the shrinker and the size ladder: the committed shape files parse
// and hold what they claim, shrinking from a big start ends at the smallest failing
// case with few checks, and the ladder climbs, keeps tiny cases and every zero-size
// form coming, and stays under its caps.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "ladder.h"
#include "shrink.h"
#include "suites.h"

#ifndef DXCHECK_SHAPES_DIR
#error "DXCHECK_SHAPES_DIR must name corpus/shapes"
#endif

namespace dxcheck {
namespace {

const std::string kShapes = DXCHECK_SHAPES_DIR;

TEST(ShapeSuites, modelsHoldEveryNetworkAtBatchOneAndATrainingBatchInBothLayouts) {
  const ShapeSuite models = read_shape_suite(kShapes + "/models.txt");
  EXPECT_EQ(models.name, "models");
  for (const char* block : {"resnet50", "mobilenet-v1", "mobilenet-v2", "vgg16", "alexnet", "unet", "pix2pix", "dcgan",
                            "posenet-bodypix"}) {
    EXPECT_NE(std::find(models.blocks.begin(), models.blocks.end(), block), models.blocks.end()) << block;
  }
  std::set<std::string> seen;
  for (const auto& entry : models.cases) {
    EXPECT_TRUE(entry.c.batch == 1 || entry.c.batch == 8) << to_string(entry.c);
    seen.insert(entry.block + (entry.c.batch == 1 ? "/1/" : "/8/") + (entry.c.layout == Layout::nhwc ? "nhwc" : "nchw"));
    EXPECT_TRUE(seen.insert(to_string(entry.c)).second) << "listed twice: " << to_string(entry.c);
  }
  for (const auto& block : models.blocks) {
    for (const char* form : {"/1/nhwc", "/1/nchw", "/8/nhwc", "/8/nchw"}) EXPECT_TRUE(seen.count(block + form)) << block << form;
  }
  // AlexNet's 11x11 stride 4 and ResNet's explicit 3-pad stem are there as TFJS states them.
  EXPECT_TRUE(seen.count("dx1_n1_h227w227c3_k11x11o96_s4x4_valid_nhwc_tfjs_uniform_r1"));
  EXPECT_TRUE(seen.count("dx1_n1_h224w224c3_k7x7o64_s2x2_e3.3.3.3_nhwc_tfjs_uniform_r1"));
}

TEST(ShapeSuites, tailsReachEveryCountTheyName) {
  const ShapeSuite tails = read_shape_suite(kShapes + "/tails.txt");
  std::set<int64_t> in, out, widths, batches, strides, filters;
  bool past_4096 = false;
  for (const auto& e : tails.cases) {
    in.insert(e.c.in_channels), out.insert(e.c.out_channels), widths.insert(e.c.in_width), batches.insert(e.c.batch);
    strides.insert(e.c.stride_height), filters.insert(e.c.filter_height);
    past_4096 = past_4096 || e.c.out_channels * e.c.filter_height * e.c.filter_width > 4096;
  }
  for (int64_t n : {15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513}) {
    EXPECT_TRUE(in.count(n)) << "in channels " << n;
    EXPECT_TRUE(out.count(n)) << "out channels " << n;
  }
  for (int64_t w : {31, 32, 33, 127, 128, 129}) EXPECT_TRUE(widths.count(w)) << "width " << w;
  for (int64_t b = 1; b <= 9; ++b) EXPECT_TRUE(batches.count(b)) << "batch " << b;
  for (int64_t s = 1; s <= 8; ++s) EXPECT_TRUE(strides.count(s)) << "stride " << s;
  for (int64_t f = 1; f <= 11; ++f) EXPECT_TRUE(filters.count(f)) << "filter " << f;
  EXPECT_TRUE(past_4096);
}

TEST(ShapeSuites, aBadFileIsAnErrorNamingFileAndLine) {
  const std::string path = ::testing::TempDir() + "bad_suite.txt";
  std::ofstream(path) << "## ok\n# why\ndx1_n1_h3w3c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1\ndx1_nonsense\n";
  try {
    read_shape_suite(path);
    FAIL() << "no error";
  } catch (const SuiteError& e) {
    EXPECT_NE(std::string(e.what()).find("bad_suite.txt:4"), std::string::npos) << e.what();
  }
  std::ofstream(path) << "dx1_n1_h3w3c1_k1x1o1_s1x1_valid_nhwc_tfjs_int_r1\n";
  EXPECT_THROW(read_shape_suite(path), SuiteError);  // a case before any block
  EXPECT_THROW(read_shape_suite(kShapes + "/no_such_suite.txt"), SuiteError);
}

// A bug of the size-gated kind: in channels past 16 that are not a multiple of 16, on
// rows of at least 40 pixels. From a 10-million-element start the shrinker must end at
// exactly c17 w40 with everything else minimal, in few checks.
TEST(Shrink, aBigFailureEndsAtTheSmallestFailingCaseInFewChecks) {
  const auto fails = [](const Case& c, Verdict* v) {
    v->status = Status::failed;
    return c.in_channels > 16 && c.in_channels % 16 != 0 && c.in_width >= 40;
  };
  Case big;
  big.input(8, 120, 200, 100).filter(3, 3, 64).stride(2, 2).pad_same().in_layout(Layout::nchw).fill_with(Fill::uniform).seeded(99);
  ASSERT_GT(case_elements(big), 10'000'000);
  Verdict v;
  ASSERT_TRUE(fails(big, &v));
  const ShrinkOutcome out = shrink_case(big, v, fails, std::nullopt);
  EXPECT_EQ(to_string(out.smallest), "dx1_n1_h1w40c17_k1x1o1_s1x1_valid_nhwc_tfjs_int_r0");
  EXPECT_FALSE(out.stopped);
  EXPECT_LT(out.attempts, 400) << "checks spent";
}

TEST(Shrink, candidatesAreNoLargerInAnyDimensionLegalAndCheapestFirst) {
  Case c;
  c.input(4, 30, 30, 33).filter(5, 5, 65).stride(3, 3).pad_explicit(2, -1, 0, 3).round_with(Rounding::ceil);
  const auto candidates = shrink_candidates(c);
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(to_string(candidates.front()), "dx1_n1_h1w1c1_k1x1o1_s1x1_e2.m1.0.3_ceil_nhwc_tfjs_int_r1");
  for (const Case& k : candidates) {
    EXPECT_NO_THROW((void)k.desc()) << to_string(k);
    for (auto dim : {&Case::batch, &Case::in_height, &Case::in_width, &Case::in_channels, &Case::out_channels,
                     &Case::filter_height, &Case::filter_width, &Case::stride_height, &Case::stride_width}) {
      EXPECT_LE(k.*dim, c.*dim) << to_string(k);
    }
    EXPECT_NE(to_string(k), to_string(c));
  }
  // A zero-size form stays one: batch 0 is not grown to 1.
  Case empty = c;
  empty.batch = 0;
  for (const Case& k : shrink_candidates(empty)) EXPECT_EQ(k.batch, 0) << to_string(k);
}

TEST(Ladder, climbsKeepsTinyAndZeroSizeCasesComingAndStaysUnderItsCaps) {
  const int64_t cap = int64_t{1} << 20;
  std::set<std::string> zero_forms;
  int64_t tiny = 0, largest_early = 0, largest_late = 0;
  for (int64_t i = 0; i < 96; ++i) {
    const Case c = ladder_case(7, i, cap, INT64_MAX);
    EXPECT_EQ(to_string(c), to_string(ladder_case(7, i, cap, INT64_MAX))) << "not deterministic at " << i;
    EXPECT_NO_THROW((void)c.desc()) << to_string(c);
    if (ladder_kind(i) != LadderKind::tiny) {
      EXPECT_LE(case_elements(c), cap) << to_string(c);
    }
    tiny += ladder_kind(i) == LadderKind::tiny;
    (i < 16 ? largest_early : largest_late) = std::max(i < 16 ? largest_early : largest_late, case_elements(c));
    if (c.batch == 0) zero_forms.insert("batch");
    if (c.in_channels == 0) zero_forms.insert("in channels");
    if (c.out_channels == 0) zero_forms.insert("out channels");
    if (c.desc().out_height == 0 || c.desc().out_width == 0) zero_forms.insert("out size");
  }
  EXPECT_EQ(zero_forms.size(), 4u) << "every zero-size form";
  EXPECT_GE(tiny, 96 / 4);
  EXPECT_GT(largest_late, 50 * largest_early) << "the ladder does not climb";
  EXPECT_GT(largest_late, cap / 4);
  // A work cap holds too.
  for (int64_t i = 0; i < 64; ++i) {
    if (ladder_kind(i) == LadderKind::sized) {
      EXPECT_LE(case_multiply_adds(ladder_case(3, i, cap, 100000)), 100000);
    }
  }
}

}  // namespace
}  // namespace dxcheck
