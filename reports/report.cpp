#include "report.h"

#include <algorithm>
#include <cmath>

namespace dxcheck {
namespace {

// JSON has no NaN or infinities: they travel as strings, as in dxcheck-vector/1.
nlohmann::ordered_json number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

}  // namespace

size_t bound_use_bin(double use) {
  for (size_t i = 0; i + 1 < kBoundUseBins.size(); ++i) {
    if (use < kBoundUseBins[i + 1]) return i;
  }
  return kBoundUseBins.size() - 1;
}

int64_t PropertyResult::count(Status status) const {
  auto it = counts.find(status);
  return it == counts.end() ? 0 : it->second;
}

void PropertyResult::tally(const Verdict& verdict) {
  ++counts[verdict.status];
  if (verdict.status == Status::unsupported) ++declines[verdict.detail];
  max_bound_use = std::max(max_bound_use, verdict.max_bound_use);
  unbounded += verdict.unbounded;
  if (verdict.status == Status::passed) ++bound_use_histogram[bound_use_bin(verdict.max_bound_use)];
}

std::string PropertyResult::name() const { return suite == "tiny" ? property : suite + "/" + property; }

Status PropertyResult::overall() const {
  for (Status s : {Status::failed, Status::passed, Status::mistrusted, Status::unsupported}) {
    if (count(s) > 0) return s;
  }
  return Status::skipped;
}

bool RunReport::nothing_tested() const {
  for (const auto& r : results) {
    if (r.calls_kernel && r.count(Status::passed) > 0) return false;
  }
  return true;
}

Status RunReport::verdict() const {
  for (const auto& r : results) {
    if (r.overall() == Status::failed) return Status::failed;
  }
  return nothing_tested() || !incomplete.empty() ? Status::failed : Status::passed;
}

nlohmann::ordered_json to_json(const ElementReport& e) {
  return {{"index", e.index},       {"b", e.position[0]},   {"h", e.position[1]},
          {"w", e.position[2]},     {"c", e.position[3]},   {"expected", number(e.expected)},
          {"got", number(e.got)},   {"tau", number(e.tau)}, {"ulps", e.ulps},
          {"bound_use", number(e.bound_use)}, {"why", e.why}};
}

namespace {

// The coverage grid's labels, once: by Padding::Kind, and the stride classes.
const char* const kPadForms[] = {"valid", "same", "number", "explicit"};
const char* const kStrideClasses[] = {"1x1", "equal", "unequal"};

}  // namespace

std::string CoverageCell::key() const { return layout + "|" + pad_form + "|" + rounding + "|" + stride_class; }
std::string SizeCell::key() const { return channels + "|" + spatial + "|" + batch; }

std::vector<CoverageCell> legal_coverage_grid() {
  std::vector<CoverageCell> grid;
  for (const char* layout : {"NHWC", "NCHW"}) {
    for (const char* pad : kPadForms) {
      const bool string_pad = std::string(pad) == "valid" || std::string(pad) == "same";
      for (const char* rounding : {"none", "floor", "round", "ceil"}) {
        if (string_pad && std::string(rounding) != "none") continue;
        for (const char* stride : kStrideClasses) grid.push_back({layout, pad, rounding, stride, 0});
      }
    }
  }
  return grid;
}

CoverageCell coverage_cell_of(const Case& c) {
  const int stride = (c.stride_height == 1 && c.stride_width == 1) ? 0 : c.stride_height == c.stride_width ? 1 : 2;
  return {to_string(c.layout), kPadForms[static_cast<int>(c.pad.kind)],
          c.rounding == Rounding::none ? "none" : to_string(c.rounding), kStrideClasses[stride], 0};
}

const std::vector<std::string>& channel_classes() {
  static const std::vector<std::string> names = {"0", "1-4", "5-16", "17-64", "65-256", "257+"};
  return names;
}
const std::vector<std::string>& spatial_classes() {
  static const std::vector<std::string> names = {"0", "1-8", "9-32", "33-128", "129+"};
  return names;
}
const std::vector<std::string>& batch_classes() {
  static const std::vector<std::string> names = {"0", "1", "2-4", "5-16", "17+"};
  return names;
}

std::vector<SizeCell> size_coverage_grid() {
  std::vector<SizeCell> grid;
  for (const auto& batch : batch_classes()) {
    for (const auto& channels : channel_classes()) {
      for (const auto& spatial : spatial_classes()) grid.push_back({channels, spatial, batch, 0});
    }
  }
  return grid;
}

nlohmann::ordered_json to_json(const RunReport& report) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    nlohmann::ordered_json counts;
    for (Status s : {Status::passed, Status::failed, Status::unsupported, Status::skipped, Status::mistrusted}) {
      counts[to_string(s)] = r.count(s);
    }
    nlohmann::ordered_json item{{"kernel", r.kernel},
                                {"property", r.property},
                                {"suite", r.suite},
                                {"status", to_string(r.overall())},
                                {"counts", counts},
                                {"declines", r.declines},
                                {"max_bound_use", number(r.max_bound_use)},
                                {"unbounded", r.unbounded},
                                {"bound_use_histogram", nlohmann::ordered_json::array()},
                                {"calls_kernel", r.calls_kernel},
                                {"note", r.note},
                                {"counterexample", nullptr}};
    for (size_t i = 0; i < kBoundUseBins.size(); ++i) {
      item["bound_use_histogram"].push_back({{"from", kBoundUseBins[i]}, {"cases", r.bound_use_histogram[i]}});
    }
    if (r.counterexample) {
      nlohmann::ordered_json worst = nlohmann::ordered_json::array();
      for (const auto& e : r.counterexample->worst) worst.push_back(to_json(e));
      item["counterexample"] = {{"case", r.counterexample->case_string},
                                {"detail", r.counterexample->detail},
                                {"worst", worst},
                                {"repro", r.counterexample->repro},
                                {"original_case", r.counterexample->original_case},
                                {"shrink", r.counterexample->shrink}};
    }
    results.push_back(item);
  }
  nlohmann::ordered_json kernels = nlohmann::ordered_json::array();
  for (const auto& k : report.kernels) {
    kernels.push_back({{"name", k.name}, {"description", k.description}, {"fixed_order", k.fixed_order},
                       {"tfjs_bitwise", k.tfjs_bitwise}});
  }
  nlohmann::ordered_json coverage = nlohmann::ordered_json::array();
  for (const auto& c : report.coverage) {
    coverage.push_back({{"layout", c.layout}, {"pad", c.pad_form}, {"rounding", c.rounding},
                        {"stride", c.stride_class}, {"cases", c.cases}});
  }
  nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
  for (const auto& c : report.size_coverage) {
    sizes.push_back({{"channels", c.channels}, {"spatial", c.spatial}, {"batch", c.batch}, {"cases", c.cases}});
  }
  return {{"format", "dxcheck-report/1"},
          {"tool", {{"name", "dxcheck"}, {"version", report.tool_version}, {"git_revision", report.git_revision}}},
          {"host", {{"cpu", report.host.cpu}, {"compiler", report.host.compiler}, {"flags", report.host.flags}}},
          {"command_line", report.command_line},
          {"seed", report.seed},
          {"cases_per_property", report.cases_per_property},
          {"time_budget_seconds", report.time_budget_seconds},
          {"shard", report.shard},
          {"precision", report.precision},
          {"profile", report.profile},
          {"kernels", kernels},
          {"results", results},
          {"coverage", coverage},
          {"size_coverage", sizes},
          {"suites", report.suites},
          {"max_elements", report.max_elements},
          {"vectors", report.vectors_path},
          {"elapsed_seconds", report.elapsed_seconds},
          {"verdict", to_string(report.verdict())},
          {"nothing_tested", report.nothing_tested()},
          {"incomplete", report.incomplete}};
}

}  // namespace dxcheck
