#include <iomanip>
#include <iostream>

#include "commands.h"
#include "driver.h"
#include "kernel_choice.h"

namespace dxcheck::cli {
namespace {

void print_worst(const Verdict& v) {
  if (v.worst.empty()) return;
  std::cout << "      " << std::left << std::setw(10) << "index" << std::setw(18) << "(b,h,w,c)" << std::setw(16)
            << "expected" << std::setw(16) << "got" << std::setw(13) << "tau" << std::setw(12) << "ulps" << "why\n";
  for (const auto& e : v.worst) {
    const std::string at = "(" + std::to_string(e.position[0]) + "," + std::to_string(e.position[1]) + "," +
                           std::to_string(e.position[2]) + "," + std::to_string(e.position[3]) + ")";
    std::cout << "      " << std::setw(10) << e.index << std::setw(18) << at << std::setw(16) << std::setprecision(9)
              << e.expected << std::setw(16) << e.got << std::setw(13) << std::setprecision(3) << e.tau
              << std::setw(12) << e.ulps << e.why << "\n";
  }
}

}  // namespace

int repro_command(const Args& args) {
  std::vector<std::string> kernel_names;
  std::string case_text;
  CheckSettings settings;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--kernel") kernel_names.push_back(option_value(args, i));
    else if (args[i].rfind("--", 0) == 0) throw UsageError("repro: unknown option '" + args[i] + "'");
    else if (case_text.empty()) case_text = args[i];
    else throw UsageError("repro takes one case string");
  }
  if (case_text.empty()) throw UsageError("repro needs a case string (dx1_...)");
  const Case c = parse_case(case_text);  // a CaseError is an input error: exit 2
  const auto desc = c.desc();
  std::cout << "case " << to_string(c) << "\n  dy [" << dy_shape(desc)[0] << "," << dy_shape(desc)[1] << ","
            << dy_shape(desc)[2] << "," << dy_shape(desc)[3] << "], pads top " << desc.pad_top << " bottom "
            << desc.pad_bottom << " left " << desc.pad_left << " right " << desc.pad_right << "\n";
  bool failed = false;
  for (const auto& kernel : choose_kernels(kernel_names)) {
    for (const auto& property : all_properties()) {
      const Verdict v = check_case(property, kernel, c, settings);
      failed = failed || v.status == Status::failed;
      std::cout << std::left << std::setw(12) << to_string(v.status) << std::setw(12) << kernel.name
                << std::setw(24) << property.id << v.detail << "\n";
      print_worst(v);
    }
  }
  return failed ? kExitFailed : kExitPassed;
}

}  // namespace dxcheck::cli
