#include "report.h"

#include <cmath>

namespace dxcheck {
namespace {

// JSON has no NaN or infinities: they travel as strings, as in dxcheck-vector/1.
nlohmann::ordered_json number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

int64_t count_of(const PropertyResult& r, Status s) {
  auto it = r.counts.find(s);
  return it == r.counts.end() ? 0 : it->second;
}

}  // namespace

Status PropertyResult::overall() const {
  for (Status s : {Status::failed, Status::passed, Status::mistrusted, Status::unsupported}) {
    if (count_of(*this, s) > 0) return s;
  }
  return Status::skipped;
}

bool RunReport::nothing_tested() const {
  for (const auto& r : results) {
    if (count_of(r, Status::passed) > 0) return false;
  }
  return true;
}

Status RunReport::verdict() const {
  for (const auto& r : results) {
    if (r.overall() == Status::failed) return Status::failed;
  }
  return nothing_tested() ? Status::failed : Status::passed;
}

nlohmann::ordered_json to_json(const ElementReport& e) {
  return {{"index", e.index},       {"b", e.position[0]},   {"h", e.position[1]},
          {"w", e.position[2]},     {"c", e.position[3]},   {"expected", number(e.expected)},
          {"got", number(e.got)},   {"tau", number(e.tau)}, {"ulps", e.ulps},
          {"bound_use", number(e.bound_use)}, {"why", e.why}};
}

nlohmann::ordered_json to_json(const RunReport& report) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    nlohmann::ordered_json counts;
    for (Status s : {Status::passed, Status::failed, Status::unsupported, Status::skipped, Status::mistrusted}) {
      counts[to_string(s)] = count_of(r, s);
    }
    nlohmann::ordered_json item{{"kernel", r.kernel},
                                {"property", r.property},
                                {"status", to_string(r.overall())},
                                {"counts", counts},
                                {"max_bound_use", number(r.max_bound_use)},
                                {"unbounded", r.unbounded},
                                {"counterexample", nullptr}};
    if (r.counterexample) {
      nlohmann::ordered_json worst = nlohmann::ordered_json::array();
      for (const auto& e : r.counterexample->worst) worst.push_back(to_json(e));
      item["counterexample"] = {{"case", r.counterexample->case_string},
                                {"detail", r.counterexample->detail},
                                {"worst", worst},
                                {"repro", r.counterexample->repro}};
    }
    results.push_back(item);
  }
  return {{"format", "dxcheck-report/1"},
          {"tool", {{"name", "dxcheck"}, {"version", report.tool_version}, {"git_revision", report.git_revision}}},
          {"command_line", report.command_line},
          {"seed", report.seed},
          {"cases_per_property", report.cases_per_property},
          {"precision", report.precision},
          {"kernels", report.kernels},
          {"results", results},
          {"verdict", to_string(report.verdict())}};
}

}  // namespace dxcheck
