// The fills rebuild the same bits on every compiler: recorded bits for fixed seeds
// (recorded from a g++ 12 build and checked identical under clang 14).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "fill.h"

namespace dxcheck {
namespace {

std::vector<uint32_t> bits_of(const std::vector<float>& values) {
  std::vector<uint32_t> out;
  for (float v : values) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    out.push_back(b);
  }
  return out;
}

TEST(Fill, RecordedBitsForSeed42) {
  FillBudget budget;
  budget.max_terms = 18;
  const std::vector<std::pair<Fill, std::vector<uint32_t>>> recorded = {
      {Fill::integer, {0xc2580000, 0xc2300000, 0x41500000, 0xc1600000, 0x41b80000, 0x42440000}},
      {Fill::uniform, {0xbe555420, 0x3ef02244, 0xbf40337e, 0xbf2d8c90, 0xbe6be578, 0xbf626c0e}},
      {Fill::wide, {0x4e3a188a, 0x36ff298c, 0xbcb41c0a, 0x3e18cfc4, 0xd56b16c1, 0x4163a10f}},
      {Fill::special, {0x3ef02244, 0xbf2d8c90, 0xbf626c0e, 0xbeaba9b8, 0x3f7c43d8, 0xbf439814}},
      {Fill::subnormal, {0x9ed80000, 0x9eb00000, 0x1dd00000, 0x9de00000, 0x1e380000, 0x1ec40000}},
  };
  for (const auto& [fill, expected] : recorded) {
    EXPECT_EQ(bits_of(fill_tensor(fill, 42, TensorId::dy, 6, budget)), expected) << to_string(fill);
  }
}

TEST(Fill, SpecialFillDrawsFromTheTable) {
  FillBudget budget;
  const auto values = fill_tensor(Fill::special, 7, TensorId::filter, 4096, budget);
  int nan = 0, inf = 0, negative_zero = 0, subnormal = 0;
  for (float v : values) {
    nan += std::isnan(v);
    inf += std::isinf(v);
    negative_zero += (v == 0 && std::signbit(v));
    subnormal += std::fpclassify(v) == FP_SUBNORMAL;
  }
  EXPECT_GT(nan, 0);
  EXPECT_GT(inf, 0);
  EXPECT_GT(negative_zero, 0);
  EXPECT_GT(subnormal, 0);
  EXPECT_LT(nan + inf, 4096 / 8);  // mostly ordinary data, so patterns stay informative
}

TEST(Fill, StreamsDifferPerTensorAndSeed) {
  FillBudget budget;
  const auto dy = fill_tensor(Fill::uniform, 1, TensorId::dy, 16, budget);
  EXPECT_NE(dy, fill_tensor(Fill::uniform, 1, TensorId::filter, 16, budget));
  EXPECT_NE(dy, fill_tensor(Fill::uniform, 2, TensorId::dy, 16, budget));
  EXPECT_EQ(dy, fill_tensor(Fill::uniform, 1, TensorId::dy, 16, budget));
}

TEST(Fill, IntegerDataStaysExact) {
  for (int64_t terms : {1, 7, 1000, 1 << 20, 1 << 24}) {
    FillBudget budget;
    budget.max_terms = terms;
    const int64_t bound = integer_bound(budget);
    EXPECT_LE(bound * bound * terms, std::max<int64_t>(terms, int64_t{1} << 24)) << terms;
    for (float v : fill_tensor(Fill::integer, 3, TensorId::dy, 256, budget)) {
      EXPECT_EQ(v, std::trunc(v));
      EXPECT_LE(std::fabs(v), bound);
    }
  }
}

TEST(Fill, SubnormalDataGivesSubnormalExactResults) {
  FillBudget budget;
  budget.max_terms = 4;
  const auto dy = fill_tensor(Fill::subnormal, 5, TensorId::dy, 64, budget);
  const auto f = fill_tensor(Fill::subnormal, 5, TensorId::filter, 64, budget);
  int subnormal_products = 0;
  for (size_t i = 0; i < dy.size(); ++i) {
    const double product = static_cast<double>(dy[i]) * f[i];
    EXPECT_EQ(static_cast<double>(static_cast<float>(product)), product);  // representable: exact
    subnormal_products += std::fpclassify(static_cast<float>(product)) == FP_SUBNORMAL;
  }
  EXPECT_GT(subnormal_products, 32);
}

TEST(Fill, WideDataStaysBounded) {
  FillBudget budget;
  budget.max_terms = 49 * 40;
  float largest = 0;
  for (float v : fill_tensor(Fill::wide, 9, TensorId::dy, 4096, budget)) largest = std::max(largest, std::fabs(v));
  EXPECT_LT(static_cast<double>(largest) * largest * budget.max_terms, 0x1p127);
  EXPECT_GT(largest, 0x1p40f);  // and wide it is
}

}  // namespace
}  // namespace dxcheck
