// `dxcheck run`: every property and the committed golden vectors against each chosen
// kernel, then the size suites (shape tables and the size ladder, cli/suite_runs.h)
// within the time budget; a verdict table, a JSON report (and what the report writers add).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "commands.h"
#include "driver.h"
#include "golden_vector_runs.h"
#include "host_info.h"
#include "kernel_choice.h"
#include "report.h"
#include "report_writers.h"
#include "run_console.h"
#include "suite_runs.h"
#include "vector_check.h"

#ifndef DXCHECK_SOURCE_DIR
#define DXCHECK_SOURCE_DIR "."
#endif

namespace dxcheck::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The size suites' seconds in a run without --time-budget, shared by the kernels: a
// plugin as slow as the faithful kernel (its tiny suite and vectors take a few seconds)
// stays under a minute.
constexpr double kDefaultSizeBudget = 45;
// Under --time-budget with size suites to follow, a kernel's tiny properties may use
// this much of its share (they need a few seconds; the cap matters for small budgets).
constexpr double kTinyShare = 0.3;
// Suite and ladder cases above this many elements (dx + dy + filter) are left out. It
// fits VGG's batch-1 layers, and their reference working set fits its default cap.
constexpr int64_t kDefaultMaxElements = int64_t{1} << 23;

struct RunOptions {
  std::vector<std::string> kernel_names;
  DriveOptions drive;
  CheckSettings settings;
  std::optional<Profile> profile;  // forced on every case; none: both profiles
  // --time-budget: the whole run's seconds (0: none, every suite case runs and the
  // ladder runs --cases cases). Not given: the tiny suite runs all its cases as it
  // always did, and the size suites share kDefaultSizeBudget.
  double time_budget = 0;
  bool time_budget_given = false;
  std::vector<std::string> suite_values;  // --suite, as given
  SuiteChoice suites;
  int64_t max_elements = kDefaultMaxElements;
  std::string shapes_path = std::string(DXCHECK_SOURCE_DIR) + "/corpus/shapes";
  PluginOptions plugin;
  ReportPaths reports = {{"json", "reports/out/report.json"}};  // by ReportFormat::name
  std::string vectors_path = std::string(DXCHECK_SOURCE_DIR) + "/corpus/tfjs/vectors";
};

RunOptions parse_options(const Args& args) {
  RunOptions o;
  std::set<std::string> reports_given;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--kernel") o.kernel_names.push_back(option_value(args, i));
    else if (a == "--cases") o.drive.cases = parse_count(a, option_value(args, i));
    else if (a == "--seed") o.drive.seed = parse_seed(option_value(args, i));
    else if (const ReportFormat* format = report_format_of_option(a)) {
      o.reports[format->name] = option_value(args, i);
      reports_given.insert(format->name);
    } else if (a == "--vectors") o.vectors_path = option_value(args, i);
    else if (a == "--no-vectors") o.vectors_path.clear();
    else if (a == "--time-budget") {
      o.time_budget = parse_seconds_option(a, option_value(args, i), kMaxTimeoutSeconds, /*0: no budget*/ true);
      o.time_budget_given = true;
    }
    else if (parse_plugin_option(args, i, o.plugin)) continue;
    else if (a == "--shard") std::tie(o.drive.shard_index, o.drive.shard_count) = parse_shard(option_value(args, i));
    else if (a == "--no-shrink") o.drive.shrink = false;
    else if (a == "--suite") o.suite_values.push_back(option_value(args, i));
    else if (a == "--max-elements") o.max_elements = std::min<int64_t>(parse_count(a, option_value(args, i)), int64_t{1} << 40);
    else if (a == "--shapes") o.shapes_path = option_value(args, i);
    else if (a == "--precision") {
      const std::string& p = option_value(args, i);
      if (!parse_precision(p, &o.settings.precision)) throw UsageError("--precision takes fp32, tf32, bf16 or fp16, got '" + p + "'");
    } else if (a == "--profile") {
      const std::string& p = option_value(args, i);
      if (p == "tfjs") o.profile = Profile::tfjs;
      else if (p == "peraxis") o.profile = Profile::peraxis;
      else throw UsageError("--profile takes tfjs or peraxis, got '" + p + "'");
    } else {
      throw UsageError("run: unknown option '" + a + "'");
    }
  }
  o.suites = parse_suite_choice(o.suite_values);
  // Larger cases need the reference to hold them: it keeps up to about 13 doubles per
  // element of dx (reference::working_set_elements), so a cap above the default raises
  // the reference's cap with it, and the case cap of the properties (property.h).
  if (o.max_elements > kDefaultMaxElements) {
    o.settings.reference_cap = std::max(o.settings.reference_cap, 13 * o.max_elements);
    o.settings.case_cap = std::max(o.settings.case_cap, o.max_elements);
  }
  const std::filesystem::path json(o.reports["json"]);
  for (const auto& format : report_formats()) {
    if (!format.beside_json.empty() && !reports_given.count(format.name)) {
      o.reports[format.name] = (json.parent_path() / json.stem()).string() + format.beside_json;
    }
  }
  return o;
}

// "" when every property the budget reached got at least one case; else why not.
std::string budget_shortfall(const RunReport& report, double budget) {
  if (budget <= 0) return "";
  int64_t starved = 0, properties = 0;
  for (const auto& r : report.results) {
    if (!r.calls_kernel || r.property == "tfjs-vectors" || r.property == "fp-environment" || r.hung) continue;
    ++properties;
    int64_t cases = 0;
    for (const auto& [status, count] : r.counts) cases += count;
    starved += cases == 0 && r.note.rfind("stopped by the time budget", 0) == 0;
  }
  if (starved == 0) return "";
  std::ostringstream text;
  text << "the time budget of " << budget << " s left " << starved << " of " << properties
       << " properties without a single case (a case takes longer than a property's share: raise --time-budget)";
  return text.str();
}

// The cases counted per cell, into the report's grids.
void count_coverage(RunReport& report, std::map<std::string, int64_t>& coverage,
                    std::map<std::string, int64_t>& size_coverage) {
  for (auto& cell : report.coverage) cell.cases = coverage[cell.key()];
  for (auto& cell : report.size_coverage) cell.cases = size_coverage[cell.key()];
}

}  // namespace

int run_command(const Args& args, const std::string& command_line) {
  RunOptions o = parse_options(args);
  check_report_paths(o.reports);  // not after an hour of checking
  const auto started = Clock::now();
  RunReport report;
  report.tool_version = version_string();
  report.git_revision = git_revision();
  report.command_line = command_line;
  report.host = host_info();
  report.seed = o.drive.seed;
  report.cases_per_property = o.drive.cases;
  report.time_budget_seconds = o.time_budget_given ? o.time_budget : 0;
  report.shard = std::to_string(o.drive.shard_index) + "/" + std::to_string(o.drive.shard_count);
  report.precision = to_string(o.settings.precision);
  report.profile = o.profile ? to_string(*o.profile) : "both";
  report.vectors_path = o.vectors_path;
  // From here on an interruption leaves a report that says so, not an older one.
  keep_interrupted_report(report, o.reports);
  const std::vector<KernelEntry> kernels = choose_kernels(o.kernel_names, o.plugin);
  const std::vector<VectorFile> vectors = o.suites.tiny ? load_vectors(o.vectors_path) : std::vector<VectorFile>{};
  const SizeSuites size_suites = load_size_suites(o.suites, o.shapes_path);
  for (const auto& k : kernels) report.kernels.push_back({k.name, k.description, k.fixed_order, k.tfjs_bitwise});
  report.coverage = legal_coverage_grid();
  report.size_coverage = size_coverage_grid();
  report.suites = o.suites.names();
  report.max_elements = o.max_elements;
  std::map<std::string, int64_t> coverage, size_coverage;
  // Each result goes into the report, which a SIGINT/SIGTERM then writes as it stands.
  const auto record = [&](PropertyResult r) {
    print_result(r);
    report.results.push_back(std::move(r));
    count_coverage(report, coverage, size_coverage);
    report.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    keep_interrupted_report(report, o.reports);
  };
  keep_interrupted_report(report, o.reports);

  rc::Gen<Case> cases = gen::any_case();
  if (o.profile) {
    const Profile forced = *o.profile;
    cases = rc::gen::map(cases, [forced](Case c) { return c.with_profile(forced); });
  }
  const auto& properties = all_properties();
  const int64_t units = static_cast<int64_t>(kernels.size() * properties.size());
  Progress progress(units * o.drive.cases / o.drive.shard_count);
  o.drive.on_case = [&](const Case& c, const Verdict&) {
    ++coverage[coverage_cell_of(c).key()];
    ++size_coverage[SizeCell{channel_class(c), spatial_class(c), batch_class(c), 0}.key()];
  };

  std::string suite_list;
  for (const auto& name : report.suites) suite_list += (suite_list.empty() ? "" : ", ") + name;
  std::cout << "dxcheck run: seed " << o.drive.seed << ", " << o.drive.cases << " cases per property, precision "
            << report.precision << ", profile " << report.profile << ", shard " << report.shard << ", suites "
            << suite_list << ", time budget "
            << (o.time_budget_given ? (o.time_budget > 0 ? std::to_string(static_cast<int64_t>(o.time_budget)) + " s" : "none")
                                    : std::to_string(static_cast<int64_t>(kDefaultSizeBudget)) + " s for the size suites")
            << "\n";
  int64_t unit = 0;
  double size_seconds = 0;  // spent in size suites so far
  if (!vectors.empty()) {
    PropertyResult r = replay_error_vectors(vectors);
    record(std::move(r));
  }
  for (size_t kernel_index = 0; kernel_index < kernels.size(); ++kernel_index) {
    const KernelEntry& kernel = kernels[kernel_index];
    // Under --time-budget, this kernel's share of the run's budget: an even part of what
    // is left.
    const auto kernel_start = Clock::now();
    const double kernel_share =
        (o.time_budget - std::chrono::duration<double>(kernel_start - started).count()) /
        static_cast<double>(kernels.size() - kernel_index);
    const auto kernel_deadline = kernel_start + std::chrono::milliseconds(static_cast<int64_t>(std::max(0.0, kernel_share) * 1000));
    const auto tiny_deadline = kernel_start + std::chrono::milliseconds(static_cast<int64_t>(
        std::max(0.0, kernel_share) * (o.suites.any_size_suite() ? kTinyShare : 1.0) * 1000));
    size_t properties_left = properties.size();
    if (kernel.remote && !kernel.remote->load_warning().empty()) {
      // A library that changes the process's floating-point environment when loaded
      // (FTZ/DAZ from -ffast-math) breaks TFJS semantics for its host: a finding.
      PropertyResult r;
      r.kernel = kernel.name;
      r.property = "fp-environment";
      r.counts[Status::failed] = 1;
      r.counterexample = Counterexample{"", kernel.remote->load_warning(), {}, ""};
      record(std::move(r));
    }
    bool hung = false;
    for (const auto& property : properties) {
      if (!o.suites.tiny) break;
      const int64_t base = unit++ * o.drive.cases / o.drive.shard_count;
      if (hung) {
        PropertyResult r;
        r.kernel = kernel.name;
        r.property = property.id;
        r.note = "not run: the kernel hung in an earlier property";
        record(std::move(r));
        continue;
      }
      DriveOptions drive = o.drive;
      if (o.time_budget > 0) {
        // Each remaining property gets an even share of the tiny suite's remaining time
        // (the driver looks at the clock before every case).
        const auto now = Clock::now();
        drive.deadline = now + (tiny_deadline > now ? (tiny_deadline - now) / static_cast<int64_t>(properties_left) : Clock::duration{});
      }
      --properties_left;
      drive.progress = [&, base](int64_t done) { progress.update(base + done, kernel.name + " " + property.id); };
      PropertyResult r = drive_property(property, kernel, o.settings, drive, cases);
      progress.finish();
      hung = r.hung;
      record(std::move(r));
    }
    if (!vectors.empty() && !hung) {
      PropertyResult r = replay_vectors(vectors, kernel, o.settings);
      record(std::move(r));
    }
    if (o.suites.any_size_suite() && !hung) {
      SizeRunOptions size;
      if (o.time_budget_given && o.time_budget > 0) size.deadline = kernel_deadline;
      if (!o.time_budget_given) {  // an even part of the size suites' default budget left
        const double left = kDefaultSizeBudget - size_seconds;
        size.deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(
                                           std::max(0.0, left) * 1000 / static_cast<double>(kernels.size() - kernel_index)));
      }
      const auto size_start = Clock::now();
      size.max_elements = o.max_elements;
      size.seed = o.drive.seed;
      size.shard_index = o.drive.shard_index, size.shard_count = o.drive.shard_count;
      size.shrink = o.drive.shrink;
      // A minute per failure by default; a run with a small budget shrinks for less.
      if (o.time_budget_given && o.time_budget > 0) size.shrink_seconds = std::clamp(o.time_budget / 2, 5.0, 60.0);
      size.on_case = o.drive.on_case;
      Progress size_progress(0);
      size.progress = [&](int64_t done, int64_t total) {
        if (done == 1) size_progress.restart(total);
        size_progress.update(done, kernel.name + " size suites");
      };
      run_size_suites(o.suites, size_suites, kernel, o.settings, size, o.drive.cases, [&](PropertyResult r) {
        size_progress.finish();
        record(std::move(r));
      });
      size_seconds += std::chrono::duration<double>(Clock::now() - size_start).count();
    }
  }
  count_coverage(report, coverage, size_coverage);
  report.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report.incomplete = budget_shortfall(report, o.time_budget);

  write_report_files(report, o.reports);
  const Status verdict = report.verdict();
  std::cout << "\n";
  print_verdict_table(report, std::cout);
  std::cout << "verdict: " << to_string(verdict) << (report.nothing_tested() ? " (nothing tested)" : "")
            << (report.incomplete.empty() ? "" : " (incomplete: " + report.incomplete + ")") << "\n"
            << "report: " << written_reports(o.reports) << "\n";
  return verdict == Status::passed ? kExitPassed : kExitFailed;
}

}  // namespace dxcheck::cli
