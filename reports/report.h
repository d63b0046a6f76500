// The report model of a dxcheck run and its JSON form (format dxcheck-report/1).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verdict.h"

namespace dxcheck {

struct Counterexample {
  std::string case_string;  // the shrunk Case
  std::string detail;
  std::vector<ElementReport> worst;
  std::string repro;  // a command line that reruns it
};

struct PropertyResult {
  std::string kernel;
  std::string property;
  std::map<Status, int64_t> counts;  // cases per status
  double max_bound_use = 0;
  int64_t unbounded = 0;
  std::optional<Counterexample> counterexample;

  Status overall() const;  // FAILED if any case failed; else PASSED if any passed; ...
};

struct RunReport {
  std::string tool_version;
  std::string git_revision;
  std::string command_line;
  uint64_t seed = 0;
  int64_t cases_per_property = 0;
  std::string precision;
  std::vector<std::string> kernels;
  std::vector<PropertyResult> results;

  Status verdict() const;  // FAILED if any failed or nothing was tested
  bool nothing_tested() const;  // no case PASSED anywhere (all declined, skipped, ...)
};

nlohmann::ordered_json to_json(const RunReport& report);
nlohmann::ordered_json to_json(const ElementReport& element);

}  // namespace dxcheck
