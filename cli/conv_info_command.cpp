#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "kernel_choice.h"
#include "property.h"
#include "registry.h"
#include "tfjs_attrs.h"

namespace dxcheck::cli {

int conv_info_command(const Args& args) {
  if (args.size() > 1) throw UsageError("conv-info takes at most one FILE (default: stdin)");
  std::stringstream text;
  if (args.empty() || args[0] == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(args[0]);
    if (!in) throw std::runtime_error("cannot read " + args[0]);
    text << in.rdbuf();
  }
  const auto attrs = nlohmann::json::parse(text.str(), nullptr, false);
  if (attrs.is_discarded()) throw std::runtime_error("the input is not valid JSON");
  std::cout << desc_to_json(resolve_conv_info(attrs_from_json(attrs))).dump(2) << "\n";
  return kExitPassed;
}

int list_command(const Args& args) {
  if (!args.empty()) throw UsageError("list takes no arguments");
  std::cout << "properties:\n";
  for (const auto& p : all_properties()) std::cout << "  " << p.id << "  " << p.summary << "\n";
  std::cout << "kernels:\n";
  for (const auto& k : builtin_kernels()) std::cout << "  " << k.name << "  " << k.description << "\n";
  std::cout << "worker kernels (docs/worker-protocol.md; also worker:COMMAND):\n";
  for (const auto& w : named_workers()) {
    std::cout << "  " << w.spec.name << "  " << (w.off_reason.empty() ? "on" : "off: " + w.off_reason) << "  "
              << w.spec.description << "\n";
  }
  return kExitPassed;
}

}  // namespace dxcheck::cli
