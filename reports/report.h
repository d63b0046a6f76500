// The report model of a dxcheck run and its JSON form (format dxcheck-report/1).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "case.h"
#include "verdict.h"

namespace dxcheck {

struct Counterexample {
  std::string case_string;  // the shrunk Case
  std::string detail;
  std::vector<ElementReport> worst;
  std::string repro;  // a command line that reruns it
  std::string original_case{};  // the failing case as first drawn, before shrinking ("" if unknown)
  std::string shrink{};         // how shrinking went, e.g. "shrunk in 9 steps (40 checks, 1.2 s) ..."
};

// Bound use (max |dx - r| / tau of a case) histogram bins: lower edges.
constexpr std::array<double, 6> kBoundUseBins = {0, 1e-3, 1e-2, 0.1, 0.5, 1};
size_t bound_use_bin(double use);

struct PropertyResult {
  std::string kernel;
  std::string property;
  std::string suite = "tiny";  // tiny (the properties' own cases and the vectors), tails, models, ladder
  bool calls_kernel = true;  // false for checks of dxcheck's own logic (conv-info)
  std::map<Status, int64_t> counts;  // cases per status
  std::map<std::string, int64_t> declines;  // UNSUPPORTED cases per reason the kernel gave
  double max_bound_use = 0;
  int64_t unbounded = 0;
  std::array<int64_t, kBoundUseBins.size()> bound_use_histogram{};  // PASSED cases
  std::optional<Counterexample> counterexample;
  bool hung = false;  // the kernel did not return: later properties are not run
  std::string note;   // e.g. stopped by the time budget

  int64_t count(Status status) const;  // cases with that status
  void tally(const Verdict& verdict);   // one more case: counts, declines by reason, bound use
  std::string name() const;  // the property, prefixed by its suite unless tiny: "tails/matches-reference"
  Status overall() const;  // FAILED if any case failed; else PASSED if any passed; ...
};

struct KernelInfo {
  std::string name, description;
  bool fixed_order = false, tfjs_bitwise = false;
};

struct HostInfo {
  std::string cpu, compiler, flags;
};

// A cell of the legal attribute grid: layout x pad form x rounding x stride class
// (rounding only with numeric or explicit pads, as the op demands).
struct CoverageCell {
  std::string layout, pad_form, rounding, stride_class;
  int64_t cases = 0;
  std::string key() const;  // "NHWC|number|ceil|equal": one cell, for counting
};
std::vector<CoverageCell> legal_coverage_grid();
// The cell of that grid a case falls in (cases 0).
CoverageCell coverage_cell_of(const Case& c);

// A cell of the size axis: channel class x spatial class x batch class (the class names
// of properties/suites.h, e.g. "17-64", "33-128", "1").
struct SizeCell {
  std::string channels, spatial, batch;
  int64_t cases = 0;
  std::string key() const;  // "17-64|33-128|1"
};
// The classes, smallest first: channels and sides by their maximum, batch as it is.
const std::vector<std::string>& channel_classes();  // 0, 1-4, 5-16, 17-64, 65-256, 257+
const std::vector<std::string>& spatial_classes();  // 0, 1-8, 9-32, 33-128, 129+
const std::vector<std::string>& batch_classes();    // 0, 1, 2-4, 5-16, 17+
std::vector<SizeCell> size_coverage_grid();

struct RunReport {
  std::string tool_version;
  std::string git_revision;
  std::string command_line;
  HostInfo host;
  uint64_t seed = 0;
  int64_t cases_per_property = 0;
  double time_budget_seconds = 0;  // 0: none
  std::string shard = "0/1";
  std::string precision;
  std::string profile;  // "tfjs", "peraxis" or "both"
  std::vector<KernelInfo> kernels;
  std::vector<PropertyResult> results;  // properties, then "tfjs-vectors" per kernel
  std::vector<CoverageCell> coverage;   // every legal cell, with the cases drawn there
  std::vector<SizeCell> size_coverage;  // every size cell, with the cases drawn there
  std::vector<std::string> suites;      // run, in order
  int64_t max_elements = 0;
  std::string vectors_path;             // "" when no golden vectors were replayed
  double elapsed_seconds = 0;
  // Why the run did not do all it set out to (interrupted; properties the time budget
  // left without their share); "" when it did. An incomplete run is not PASSED.
  std::string incomplete;

  Status verdict() const;  // FAILED if any failed, nothing was tested, or incomplete
  bool nothing_tested() const;  // no case PASSED anywhere (all declined, skipped, ...)
};

nlohmann::ordered_json to_json(const RunReport& report);
nlohmann::ordered_json to_json(const ElementReport& element);

}  // namespace dxcheck
