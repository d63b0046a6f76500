// Running real sizes under a time budget: the cases of a shape suite (cheapest first)
// and the size ladder, each case checked by one property, a failure shrunk with
// shrink_case. Whatever the budget leaves out is counted and said in the result's note.
//
// The budget works from measured cost, not from assumptions about the kernel or the
// reference: a case's work is estimated from its geometry (CostModel::work), the
// seconds per unit of work are learned from the cases already checked, and a case
// whose predicted time does not fit in the time left is not started. A faster kernel
// or reference just gets further.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "property.h"
#include "report.h"
#include "suites.h"

namespace dxcheck {

class CostModel {
 public:
  // The kernel's real multiply-adds, the reference's (it correlates over dy inflated by
  // the strides: N*H*W*C*fh*fw*O) and a per-element and per-case overhead.
  static double work(const Case& c);
  // Seconds the next check of c will take, with a margin; before any observation, an
  // assumed rate of a slow plugin.
  double predict(const Case& c) const;
  double seconds_per_work() const;
  void observe(const Case& c, double seconds);

 private:
  double seconds_ = 0, work_ = 0;
};

struct SizeRunOptions {
  std::optional<std::chrono::steady_clock::time_point> deadline;  // none: everything (ladder: max_cases)
  int64_t max_elements = int64_t{1} << 23;  // dx + dy + filter of one case
  int64_t max_cases = 200;                  // ladder cases at most
  uint64_t seed = 1;
  int shard_index = 0, shard_count = 1;  // suite case / ladder case k runs on shard k % shard_count
  bool shrink = true;
  double shrink_seconds = 60;  // per failure
  std::function<void(const Case&, const Verdict&)> on_case;
  std::function<void(int64_t done, int64_t total)> progress;
};

// The suite's cases, every one through matches-reference, cheapest first; one result
// (suite = suite_name). Stops at the first failure, shrinks it, and counts what it did
// not run.
PropertyResult run_suite_cases(const std::string& suite_name, const std::vector<SuiteCase>& cases,
                               const KernelEntry& kernel, const CheckSettings& settings, const SizeRunOptions& options);

// The size ladder (ladder.h): three cases in four through matches-reference, the fourth
// through the other properties in turn; one result per property used (suite "ladder").
// Stops at the first failure and shrinks it.
std::vector<PropertyResult> run_ladder(const KernelEntry& kernel, const CheckSettings& settings,
                                       const SizeRunOptions& options);

// The property ladder case `index` is checked by.
const PropertyInfo& ladder_property(int64_t index);

}  // namespace dxcheck
