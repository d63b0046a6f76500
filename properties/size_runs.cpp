#include "size_runs.h"

#include <algorithm>
#include <map>

#include "driver.h"
#include "ladder.h"
#include "shrink.h"
#include "verdict_text.h"

namespace dxcheck {
namespace {

using Clock = std::chrono::steady_clock;

// Before anything was measured: about a plugin as slow as the faithful kernel (1 GFLOP/s)
// called twice per check, plus a reference of the same speed.
constexpr double kAssumedSecondsPerWork = 2e-9;
// Predictions are averages; a case is started only if it fits with this margin.
constexpr double kMargin = 1.25;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double seconds_left(const SizeRunOptions& o) {
  return o.deadline ? std::chrono::duration<double>(*o.deadline - Clock::now()).count() : 1e300;
}

Verdict checked(const PropertyInfo& property, const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  try {
    return property.check(kernel, c, settings);
  } catch (const ConvInfoError& e) {
    Verdict v;
    v.status = Status::failed;  // suites and the ladder hold only legal cases: dxcheck's bug
    v.detail = std::string("case rejected: ") + e.what();
    return v;
  }
}

// The failure of `c` as the report shows it: shrunk (unless it hung: every attempt would
// cost the whole call timeout), with the original case beside the shrunk one.
Counterexample counterexample_for(const PropertyInfo& property, const KernelEntry& kernel,
                                  const CheckSettings& settings, const Case& c, const Verdict& v,
                                  const std::string& where, const SizeRunOptions& options) {
  Case smallest = c;
  Verdict verdict = v;
  std::string summary = "not shrunk";
  if (options.shrink && !v.hung()) {
    const auto fails = [&](const Case& candidate, Verdict* out) {
      *out = checked(property, kernel, candidate, settings);
      return out->status == Status::failed && !out->hung();
    };
    const ShrinkOutcome outcome = shrink_case(
        c, v, fails, Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(options.shrink_seconds * 1000)));
    smallest = outcome.smallest;
    verdict = outcome.verdict;
    summary = shrink_summary(c, outcome);
  }
  Counterexample ce;
  ce.case_string = to_string(smallest);
  ce.original_case = to_string(c);
  ce.detail = where + ": " + verdict.detail;
  ce.worst = verdict.worst;
  ce.repro = repro_command_line(ce.case_string, kernel.name);
  ce.shrink = summary;
  return ce;
}

std::string left_out_note(int64_t run, int64_t total, const std::map<std::string, int64_t>& by_time,
                          int64_t by_cap, const std::string& smallest_left_out) {
  if (run == total) return "";
  std::string note = "ran " + std::to_string(run) + " of " + std::to_string(total) + " cases, cheapest first";
  if (!by_time.empty()) {
    int64_t count = 0;
    std::string blocks;
    for (const auto& [block, n] : by_time) {
      count += n;
      blocks += (blocks.empty() ? "" : ", ") + block + " " + std::to_string(n);
    }
    note += "; left out " + std::to_string(count) + " by the time budget (" + blocks + "; the smallest " +
            smallest_left_out + ")";
  }
  if (by_cap > 0) note += "; left out " + std::to_string(by_cap) + " above --max-elements";
  return note;
}

}  // namespace

double CostModel::work(const Case& c) {
  const double real = static_cast<double>(case_multiply_adds(c));
  const double inflated = static_cast<double>(c.batch) * static_cast<double>(c.in_height) *
                          static_cast<double>(c.in_width) * static_cast<double>(c.in_channels) *
                          static_cast<double>(c.filter_height) * static_cast<double>(c.filter_width) *
                          static_cast<double>(c.out_channels);
  return real + inflated + 32.0 * static_cast<double>(case_elements(c)) + 2e4;
}

double CostModel::seconds_per_work() const { return work_ > 0 ? seconds_ / work_ : kAssumedSecondsPerWork; }

double CostModel::predict(const Case& c) const { return kMargin * seconds_per_work() * work(c); }

void CostModel::observe(const Case& c, double seconds) {
  seconds_ += seconds;
  work_ += work(c);
}

PropertyResult run_suite_cases(const std::string& suite_name, const std::vector<SuiteCase>& cases,
                               const KernelEntry& kernel, const CheckSettings& settings,
                               const SizeRunOptions& options) {
  const PropertyInfo& property = *find_property("matches-reference");
  PropertyResult result;
  result.kernel = kernel.name;
  result.property = property.id;
  result.suite = suite_name;

  std::vector<size_t> order;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (static_cast<int>(i % static_cast<size_t>(options.shard_count)) == options.shard_index) order.push_back(i);
  }
  std::vector<double> work(cases.size());
  for (size_t i = 0; i < cases.size(); ++i) work[i] = CostModel::work(cases[i].c);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return work[a] < work[b]; });

  CostModel cost;
  int64_t run = 0, by_cap = 0;
  std::map<std::string, int64_t> by_time;
  std::string smallest_left_out;
  bool out_of_time = false, failed = false;
  for (size_t i : order) {
    const SuiteCase& entry = cases[i];
    if (case_elements(entry.c) > options.max_elements) {
      ++by_cap;
      continue;
    }
    if (failed) continue;  // after the first failure: not run, and not counted as left out by time
    if (out_of_time || cost.predict(entry.c) > seconds_left(options)) {
      if (!out_of_time) smallest_left_out = to_string(entry.c);
      out_of_time = true;
      ++by_time[entry.block];
      continue;
    }
    const auto started = Clock::now();
    const Verdict v = checked(property, kernel, entry.c, settings);
    cost.observe(entry.c, seconds_since(started));
    ++run;
    result.tally(v);
    if (options.on_case) options.on_case(entry.c, v);
    if (options.progress) options.progress(run, static_cast<int64_t>(order.size()));
    if (v.status == Status::failed) {
      failed = true;
      result.hung = v.hung();
      result.counterexample =
          counterexample_for(property, kernel, settings, entry.c, v, suite_name + "/" + entry.block, options);
    }
  }
  if (failed) {
    result.note = "stopped at the first failure after " + std::to_string(run) + " of " +
                  std::to_string(order.size()) + " cases";
  } else {
    result.note = left_out_note(run, static_cast<int64_t>(order.size()), by_time, by_cap, smallest_left_out);
  }
  return result;
}

const PropertyInfo& ladder_property(int64_t index) {
  // Properties that check a drawn case as it is (or map it deterministically) and say
  // something new at real sizes; matches-reference carries most of the ladder.
  static const char* const others[] = {"adjoint",         "nonfinite-pattern", "exact-data",   "determinism",
                                       "layout-equality", "batch-split",       "linearity-dy", "linearity-filter"};
  if (index % 4 != 3) return *find_property("matches-reference");
  return *find_property(others[(index / 4) % (sizeof others / sizeof others[0])]);
}

std::vector<PropertyResult> run_ladder(const KernelEntry& kernel, const CheckSettings& settings,
                                       const SizeRunOptions& options) {
  std::map<std::string, PropertyResult> results;
  std::vector<std::string> order;
  const auto result_for = [&](const PropertyInfo& p) -> PropertyResult& {
    auto [it, inserted] = results.try_emplace(p.id);
    if (inserted) {
      it->second.kernel = kernel.name;
      it->second.property = p.id;
      it->second.suite = "ladder";
      order.push_back(p.id);
    }
    return it->second;
  };

  CostModel cost;
  int64_t index = 0, largest = 0;
  std::string largest_case;
  bool failed = false;
  int64_t run = 0;
  for (; index < options.max_cases && !failed; ++index) {
    if (index % options.shard_count != options.shard_index) continue;
    const double left = seconds_left(options);
    if (left <= 0) break;
    // A case may take at most a third of the time left, so the ladder climbs as far as
    // the budget allows and then keeps drawing below that size.
    Case c = ladder_case(options.seed, index, options.max_elements, INT64_MAX);
    for (int i = 0; i < 64 && cost.predict(c) > left / 3; ++i) {
      const Case smaller = fit_case(c, std::max<int64_t>(1, case_elements(c) - 1),
                                    std::max<int64_t>(0, case_multiply_adds(c) - 1));
      if (smaller == c) break;
      c = smaller;
    }
    if (cost.predict(c) > left) break;
    const PropertyInfo& property = ladder_property(index);
    const auto started = Clock::now();
    const Verdict v = checked(property, kernel, c, settings);
    cost.observe(c, seconds_since(started));
    PropertyResult& r = result_for(property);
    r.tally(v);
    ++run;
    if (case_elements(c) > largest) largest = case_elements(c), largest_case = to_string(c);
    if (options.on_case) options.on_case(c, v);
    if (options.progress) options.progress(index + 1, options.max_cases == INT64_MAX ? 0 : options.max_cases);
    if (v.status == Status::failed) {
      failed = true;
      r.hung = v.hung();
      r.counterexample = counterexample_for(property, kernel, settings, c, v, "ladder case " + std::to_string(index), options);
    }
  }
  if (order.empty()) result_for(ladder_property(0));  // nothing ran: still a row that says so
  std::vector<PropertyResult> out;
  for (const auto& id : order) out.push_back(std::move(results[id]));
  const std::string note = (failed ? "stopped at the first failure after " : "ran ") + std::to_string(run) +
                           " ladder cases" + (failed || index == options.max_cases ? "" : " (the time budget ended it)") +
                           "; the largest " + (largest_case.empty() ? "none" : largest_case + " (" + std::to_string(largest) + " elements)");
  out.front().note = note;  // one note for the ladder, on its first row
  return out;
}

}  // namespace dxcheck
