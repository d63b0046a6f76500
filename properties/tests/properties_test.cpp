// Every property of all_properties() on every built-in kernel, as RapidCheck properties
// run from GoogleTest: a tag per case showing what the generator covered, and on failure
// the case string and the dxcheck command that re-runs it (RapidCheck itself prints
// RC_PARAMS="reproduce=...").
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "generators.h"
#include "registry.h"
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

// One RapidCheck property: every case the generator draws, checked by `property` on
// `kernel`. RC_ASSERT only (gtest assertions do not shrink); a failure logs the case
// string and the dxcheck command that re-runs it.
void check_on_every_drawn_case(const PropertyInfo& property, const KernelEntry& kernel) {
  const bool held = rc::check(kernel.name + " " + property.id, [&](const Case& c) {
    RC_TAG(to_string(c.layout), pad_form(c), c.rounding == Rounding::none ? "trunc" : to_string(c.rounding),
           stride_class(c), to_string(c.fill), channel_class(c));
    const Verdict v = property.check(kernel, c, CheckSettings{});
    if (v.status == Status::failed) {
      RC_LOG() << kernel.name << " " << property.id << ": " << v.detail << "\n  case:  " << to_string(c)
               << "\n  repro: dxcheck repro " << to_string(c) << " --kernel " << kernel.name << "\n";
    }
    RC_ASSERT(v.status != Status::failed);
  });
  EXPECT_TRUE(held) << kernel.name << " fails " << property.id << " (the shrunk case is printed above)";
}

struct Pair : ::testing::Test {
  const PropertyInfo& property;
  const KernelEntry& kernel;
  Pair(const PropertyInfo& p, const KernelEntry& k) : property(p), kernel(k) {}
  void TestBody() override { check_on_every_drawn_case(property, kernel); }
};

// A test per (built-in kernel, property) pair, from the two registries: a new kernel or
// property is tested here without touching this file. Named kernel.property-id, so
// `ctest -R properties.fast.` runs one kernel.
void register_every_pair() {
  for (const KernelEntry& kernel : builtin_kernels()) {
    for (const PropertyInfo& property : all_properties()) {
      ::testing::RegisterTest(kernel.name.c_str(), property.id.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                              [p = &property, k = &kernel]() -> ::testing::Test* { return new Pair(*p, *k); });
    }
  }
}

}  // namespace
}  // namespace dxcheck

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
  dxcheck::register_every_pair();
  return RUN_ALL_TESTS();
}
