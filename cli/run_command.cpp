#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "commands.h"
#include "driver.h"
#include "kernel_choice.h"
#include "report.h"

namespace dxcheck::cli {

int run_command(const Args& args, const std::string& command_line) {
  std::vector<std::string> kernel_names;
  DriveOptions drive;
  std::string report_path = "reports/out/report.json";
  CheckSettings settings;
  double call_timeout = 20;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--kernel") kernel_names.push_back(option_value(args, i));
    else if (a == "--cases") drive.cases = static_cast<int>(std::min<int64_t>(parse_count(a, option_value(args, i)), 1 << 30));
    else if (a == "--seed") drive.seed = parse_seed(option_value(args, i));
    else if (a == "--report") report_path = option_value(args, i);
    else if (a == "--call-timeout") call_timeout = static_cast<double>(parse_count(a, option_value(args, i)));
    else if (a == "--precision") {
      const std::string& p = option_value(args, i);
      if (!parse_precision(p, &settings.precision)) throw UsageError("--precision takes fp32, tf32, bf16 or fp16, got '" + p + "'");
    } else throw UsageError("run: unknown option '" + a + "'");
  }
  const std::vector<KernelEntry> kernels = choose_kernels(kernel_names, call_timeout);

  RunReport report;
  report.tool_version = version_string();
  report.git_revision = git_revision();
  report.command_line = command_line;
  report.seed = drive.seed;
  report.cases_per_property = drive.cases;
  report.precision = to_string(settings.precision);
  for (const auto& k : kernels) report.kernels.push_back(k.name);

  std::cout << "dxcheck run: seed " << drive.seed << ", " << drive.cases << " cases per property, precision "
            << report.precision << "\n";
  for (const auto& kernel : kernels) {
    if (kernel.remote && !kernel.remote->load_warning().empty()) {
      // A library that changes the process's floating-point environment when loaded
      // (FTZ/DAZ from -ffast-math) breaks TFJS semantics for its host: a finding.
      PropertyResult r;
      r.kernel = kernel.name;
      r.property = "fp-environment";
      r.counts[Status::failed] = 1;
      r.counterexample = Counterexample{"", kernel.remote->load_warning(), {}, ""};
      std::cout << std::left << std::setw(12) << "FAILED" << std::setw(12) << kernel.name << "fp-environment\n    "
                << kernel.remote->load_warning() << "\n";
      report.results.push_back(std::move(r));
    }
    for (const auto& property : all_properties()) {
      PropertyResult r = drive_property(property, kernel, settings, drive);
      std::cout << std::left << std::setw(12) << to_string(r.overall()) << std::setw(12) << kernel.name
                << std::setw(24) << property.id;
      for (const auto& [status, count] : r.counts) std::cout << " " << to_string(status) << "=" << count;
      std::cout << "  max bound use " << r.max_bound_use << "\n";
      if (r.counterexample) {
        std::cout << "    " << r.counterexample->detail << "\n"
                  << "    case:  " << r.counterexample->case_string << "\n"
                  << "    repro: " << r.counterexample->repro << "\n";
      }
      report.results.push_back(std::move(r));
    }
  }

  const std::filesystem::path path(report_path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write the report to " + report_path);
  out << to_json(report).dump(2) << "\n";
  const Status verdict = report.verdict();
  std::cout << "verdict: " << to_string(verdict) << (report.nothing_tested() ? " (nothing tested)" : "")
            << "\nreport: " << report_path << "\n";
  return verdict == Status::passed ? kExitPassed : kExitFailed;
}

}  // namespace dxcheck::cli
