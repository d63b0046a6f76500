// Every property of all_properties() on every built-in kernel, as RapidCheck GoogleTest
// properties: RC_ASSERT only (gtest assertions do not shrink), a tag per case showing
// what the generator covered, and on failure the case string and the dxcheck command
// that re-runs it (RapidCheck itself prints RC_PARAMS="reproduce=...").
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "generators.h"
#include "property.h"
#include "scale.h"

namespace dxcheck {
namespace {

const char* pad_form(const Case& c) {
  switch (c.pad.kind) {
    case Padding::Kind::valid: return "valid";
    case Padding::Kind::same: return "same";
    case Padding::Kind::number: return "numeric";
    case Padding::Kind::explicit_pairs: return "explicit";
  }
  return "?";
}

std::string stride_class(const Case& c) {
  if (c.stride_height == 1 && c.stride_width == 1) return "stride 1";
  if (c.stride_height > c.filter_height || c.stride_width > c.filter_width) return "stride > filter";
  return "stride > 1";
}

std::string channel_class(const Case& c) {
  const int64_t most = std::max(c.in_channels, c.out_channels);
  return most > 16 ? "channels > 16" : most >= 7 ? "channels 7..16" : "channels < 7";
}

void check_property(const char* property_id, const char* kernel_name, const Case& c) {
  const KernelEntry* kernel = find_builtin_kernel(kernel_name);
  const PropertyInfo* property = find_property(property_id);
  RC_ASSERT(property != nullptr);
  if (kernel == nullptr) return;  // not built here (e.g. no fast kernel): nothing to check
  RC_TAG(to_string(c.layout), pad_form(c), c.rounding == Rounding::none ? "trunc" : to_string(c.rounding),
         stride_class(c), to_string(c.fill), channel_class(c));
  const Verdict v = property->check(*kernel, c, CheckSettings{});
  if (v.status == Status::failed) {
    RC_LOG() << kernel_name << " " << property_id << ": " << v.detail << "\n  case:  " << to_string(c)
             << "\n  repro: dxcheck repro " << to_string(c) << " --kernel " << kernel_name << "\n";
  }
  RC_ASSERT(v.status != Status::failed);
}

}  // namespace
}  // namespace dxcheck

#define DXCHECK_PROPERTY(Name, property_id)                                                       \
  RC_GTEST_PROP(Faithful, Name, (const dxcheck::Case& c)) { dxcheck::check_property(property_id, "faithful", c); } \
  RC_GTEST_PROP(Fast, Name, (const dxcheck::Case& c)) { dxcheck::check_property(property_id, "fast", c); }

DXCHECK_PROPERTY(matchesReference, "matches-reference")
DXCHECK_PROPERTY(exactDataEqualsReference, "exact-data")
DXCHECK_PROPERTY(nonFinitePatternMatches, "nonfinite-pattern")
DXCHECK_PROPERTY(faithfulIntervalHolds, "faithful-interval")
DXCHECK_PROPERTY(adjointIdentityHolds, "adjoint")
DXCHECK_PROPERTY(nchwEqualsTransposedNhwc, "layout-equality")
DXCHECK_PROPERTY(batchSplitEqualsFullRun, "batch-split")
DXCHECK_PROPERTY(linearInDy, "linearity-dy")
DXCHECK_PROPERTY(linearInFilter, "linearity-filter")
DXCHECK_PROPERTY(deterministicAfterSpecialValues, "determinism")
DXCHECK_PROPERTY(stride1ValidIsFullCorrelation, "stride1-valid-correlation")
DXCHECK_PROPERTY(pointwiseIsMatrixProduct, "pointwise-matrix-product")
DXCHECK_PROPERTY(oneHotFilterShiftsDy, "one-hot-shift")
DXCHECK_PROPERTY(convInfoDimsMatchDy, "conv-info-dims")

// Every registered property has a test above: a new id must get one.
TEST(Properties, everyPropertyHasATest) {
  const char* covered[] = {"matches-reference", "exact-data", "nonfinite-pattern", "faithful-interval",
                           "adjoint", "layout-equality", "batch-split", "linearity-dy", "linearity-filter",
                           "determinism", "stride1-valid-correlation", "pointwise-matrix-product",
                           "one-hot-shift", "conv-info-dims"};
  for (const auto& p : dxcheck::all_properties()) {
    EXPECT_NE(std::find(std::begin(covered), std::end(covered), p.id), std::end(covered)) << p.id;
  }
}

// RapidCheck reads RC_PARAMS once; DXCHECK_PROP_SCALE raises max_success unless the
// user set it (a reproduce= run keeps working).
int main(int argc, char** argv) {
  const char* existing = std::getenv("RC_PARAMS");
  std::string params = existing ? existing : "";
  if (params.find("max_success") == std::string::npos) {
    params += " max_success=" + std::to_string(300 * dxcheck::testing::prop_scale());
    setenv("RC_PARAMS", params.c_str(), 1);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
