// The suite's teeth: each planted-bug kernel must be caught by some property when the
// whole property list is driven through RapidCheck (drive_property, as `dxcheck run`
// does), and the shrunk counterexample must be small; the correct kernels that only
// sum differently must pass every property (no false alarm).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "broken_kernels.h"
#include "driver.h"
#include "report.h"
#include "scale.h"

namespace dxcheck {
// Test names and ctest listings show the kernel's name, not its bytes.
void PrintTo(const KernelEntry& kernel, std::ostream* os) { *os << kernel.name; }
namespace testing {
void PrintTo(const PlantedBug& bug, std::ostream* os) { *os << bug.kernel.name; }
}  // namespace testing
}  // namespace dxcheck

namespace dxcheck::testing {
namespace {

constexpr uint64_t kSeed = 20240601;

DriveOptions options() {
  DriveOptions o;
  o.seed = prop_seed(kSeed);
  o.cases = 200 * prop_scale();
  return o;
}

std::vector<PropertyResult> drive_all(const KernelEntry& kernel) {
  std::vector<PropertyResult> results;
  for (const auto& property : all_properties()) {
    results.push_back(drive_property(property, kernel, CheckSettings{}, options()));
  }
  return results;
}

class PlantedBugTest : public ::testing::TestWithParam<PlantedBug> {};

TEST_P(PlantedBugTest, isCaughtWithASmallCounterexample) {
  const PlantedBug& bug = GetParam();
  int64_t smallest_spatial = INT64_MAX;
  std::string smallest_case;
  std::ostringstream killed_by;
  for (const PropertyResult& r : drive_all(bug.kernel)) {
    if (r.overall() != Status::failed) continue;
    ASSERT_TRUE(r.counterexample.has_value()) << r.property;
    const std::string& text = r.counterexample->case_string;
    killed_by << "  " << r.property << ": " << text << "\n    " << r.counterexample->detail << "\n";
    if (text.empty()) continue;  // a RapidCheck error, not a shrunk case
    const Case shrunk = parse_case(text);
    const int64_t spatial = std::max(shrunk.in_height, shrunk.in_width);
    if (spatial < smallest_spatial) smallest_spatial = spatial, smallest_case = text;
  }
  std::cout << bug.kernel.name << " (" << bug.kernel.description << ") killed by:\n" << killed_by.str();
  ASSERT_FALSE(smallest_case.empty()) << bug.kernel.name << " survived every property";
  EXPECT_LE(smallest_spatial, bug.max_spatial) << "smallest counterexample " << smallest_case;
}

INSTANTIATE_TEST_SUITE_P(Teeth, PlantedBugTest, ::testing::ValuesIn(broken_kernels()),
                         [](const ::testing::TestParamInfo<PlantedBug>& info) {
                           std::string name = info.param.kernel.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

class BenignKernelTest : public ::testing::TestWithParam<KernelEntry> {};

TEST_P(BenignKernelTest, passesEveryProperty) {
  RunReport report;
  for (PropertyResult& r : drive_all(GetParam())) {
    EXPECT_NE(r.overall(), Status::failed)
        << GetParam().name << " " << r.property << ": " << (r.counterexample ? r.counterexample->detail : "")
        << "\n  case: " << (r.counterexample ? r.counterexample->case_string : "")
        << "\n  repro: " << (r.counterexample ? r.counterexample->repro : "");
    report.results.push_back(std::move(r));
  }
  // faithful-interval is SKIPPED for every case here: that must not fail the run.
  EXPECT_EQ(report.verdict(), Status::passed);
}

INSTANTIATE_TEST_SUITE_P(NoFalseAlarm, BenignKernelTest, ::testing::ValuesIn(benign_kernels()),
                         [](const ::testing::TestParamInfo<KernelEntry>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace dxcheck::testing
