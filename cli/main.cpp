#include <iostream>

#include "commands.h"
#include "kernel_choice.h"
#include "git_revision.h"
#include "plugin.h"
#include "rapidcheck_runner.h"
#include "registry.h"
#include "report_formats.h"

#ifndef DXCHECK_VERSION
#define DXCHECK_VERSION "unknown"
#endif

namespace dxcheck::cli {

std::string version_string() { return DXCHECK_VERSION; }
std::string git_revision() { return DXCHECK_GIT_REVISION; }

namespace {

const char* kUsage =
    "usage: dxcheck <command> [options]\n"
    "\n"
    "Proves a Conv2DBackpropInput kernel right against TensorFlow.js 4.22.0 CPU\n"
    "semantics, or shows the smallest input on which it is wrong.\n"
    "\n"
    "commands:\n"
    "  run [--kernel K ...] [--cases N] [--seed S|random] [--report F.json] [options]\n"
    "        check every property on random cases against each kernel\n"
    "        (default: every built-in kernel, seed 1, report under reports/out/)\n"
    "  repro CASE [--kernel K ...]\n"
    "        rerun one case (a dx1_... string) and show the worst elements\n"
    "  conv-info [FILE]\n"
    "        resolve TFJS attributes (JSON, from FILE or stdin) into the kernel desc\n"
    "  vectors PATH... [--kernel K ...]\n"
    "        replay dxcheck-vector/1 files (folders: every *.json below), e.g. the TFJS\n"
    "        golden vectors in corpus/tfjs/vectors\n"
    "  tfjs-diff [--cases N] [--seed S] [--node PATH] [--case CASE ...] [--verbose]\n"
    "        live differential: random cases through the real TFJS 4.22.0 under node\n"
    "        (the tfjs-cpu worker, workers/tfjs.js; needs `npm ci` there), compared bit for bit\n"
    "  list  the stable property ids and the built-in kernels\n"
    "\n"
    "  --version, --help\n"
    "\n";

const char* kRunOptions =
    "run options:\n"
    "  --suite tiny|tails|models|ladder|all (repeatable; default: every suite, the size suites\n"
    "    under a shared time budget), --max-elements N (the size suites' cap per tensor),\n"
    "  --shapes DIR (the shape suites, default corpus/shapes), --time-budget SEC (the whole run),\n"
    "  --shard I/N (this run's share of the case chunks), --no-shrink, --precision\n"
    "  fp32|tf32|bf16|fp16 (the bound's), --profile tfjs|peraxis (default: both),\n"
    "  --vectors PATH (default corpus/tfjs/vectors), --no-vectors\n";

const char* kUsageTail =
    "plugin and worker options (run, repro, vectors): --call-timeout SEC (each kernel call,\n"
    "  default 20), --load-timeout SEC (default 60), --memory-limit MIB|none (the\n"
    "  worker's resident memory, default min(4096, half the RAM)), --output-cap KIB\n"
    "  (the worker's stderr passed on, default 1024); see docs/guarantees.md\n"
    "exit codes: 0 all passed, 1 a check failed or nothing was tested, 2 usage or input error\n";

// The kernel names --kernel takes, from the registries themselves (`dxcheck list` says
// which are on here).
std::string kernels_usage() {
  std::string builtin, workers, adapters;
  for (const auto& k : dxcheck::builtin_kernels()) builtin += (builtin.empty() ? "" : ", ") + k.name;
  for (const auto& w : named_workers()) workers += (workers.empty() ? "" : ", ") + w.spec.name;
  for (const auto& a : named_adapters()) adapters += (adapters.empty() ? "" : ", ") + a.name;
  return "kernels (--kernel K):\n"
         "  built-in: " + builtin + "\n"
         "  lib:PATH (a plugin; see dxcheck_kernel.h), worker:COMMAND (another process;\n"
         "    docs/worker-protocol.md)\n"
         "  node workers: " + workers + "\n"
         "  adapter plugins: " + adapters + "\n"
         "  (`dxcheck list` says which are on)\n";
}

// The report files of `dxcheck run`, from the report formats' table.
std::string reports_usage() {
  std::string text = "run reports:\n";
  for (const auto& format : dxcheck::report_formats()) {
    const std::string option = "  " + format.option + " FILE";
    text += option + std::string(option.size() < 18 ? 18 - option.size() : 1, ' ') + format.help + "\n";
  }
  return text;
}

}  // namespace
}  // namespace dxcheck::cli

int main(int argc, char** argv) {
  using namespace dxcheck::cli;
  dxcheck::configure_rapidcheck_quietly();
  Args args(argv + 1, argv + argc);
  std::string command_line = "dxcheck";
  for (const auto& a : args) command_line += " " + a;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage << kernels_usage() << kRunOptions << reports_usage() << kUsageTail;
    return args.empty() ? kExitUsage : kExitPassed;
  }
  if (args[0] == "--version") {
    std::cout << "dxcheck " << version_string() << " (" << git_revision() << ")\n";
    return kExitPassed;
  }
  const std::string command = args[0];
  if (command == "__plugin-worker" && args.size() == 2) return dxcheck::plugin_worker_main(args[1]);
  const Args rest(args.begin() + 1, args.end());
  try {
    if (command == "run") return run_command(rest, command_line);
    if (command == "repro") return repro_command(rest);
    if (command == "conv-info") return conv_info_command(rest);
    if (command == "vectors") return vectors_command(rest);
    if (command == "tfjs-diff") return tfjs_diff_command(rest);
    if (command == "list") return list_command(rest);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "dxcheck: " << e.what() << "\n(see dxcheck --help)\n";
    return kExitUsage;
  } catch (const dxcheck::PluginLoadError& e) {
    std::cerr << "dxcheck " << command << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "dxcheck " << command << ": " << e.what() << "\n";
    return kExitUsage;
  }
}
