// `dxcheck tfjs-diff --cases N --seed S [--node PATH] [--case CASE ...] [--verbose]`: the live
// differential against the real TFJS 4.22.0 (docs/design.md "Oracle 3: real TFJS"). Cases come from the
// same generator as the properties (gen::any_case), sampled with a seeded rc::Random
// (case i from the i-th split of Random(seed), size 100), so a seed names the run;
// the profile is forced to tfjs, the only one TFJS has. Every case goes to ONE tfjs-cpu
// worker (workers/tfjs.js, the worker protocol of docs/worker-protocol.md), one request at a time,
// with the protocol's "tfjs-attrs" extension: TFJS gets the case's own attributes and
// runs its op checks, its conv-info and its kernel ("via": "op"). The TFJS-bitwise
// kernels' dx (through the judge, judge.h) must equal TFJS's bit for bit, NaN by NaN-ness.
//
// The worker folder is DXCHECK_WORKERS_DIR from the environment, else the source tree's
// workers/ (a compile definition). Exit 0 all equal, 1 a difference, 2 usage or a
// missing node / node_modules (or --missing-node-exit CODE, for CTest's SKIP_RETURN_CODE).
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include "commands.h"
#include "compare.h"
#include "fill.h"
#include "generators.h"
#include "judge.h"
#include "kernel_choice.h"
#include "registry.h"
#include "verdict_text.h"
#include "tfjs_attrs.h"
#include "worker_kernel.h"

namespace dxcheck::cli {
namespace {

using nlohmann::json;

constexpr int kGenerationSize = 100;    // RapidCheck's usual maximum size
constexpr double kReplyTimeoutSeconds = 120;  // one reply; node answers small cases in < 1 ms
constexpr uint32_t kCanary = 0x7fa00001;      // unused by TFJS (it allocates dx itself)

// The request of case i: the desc and data as for any worker kernel, plus TFJS's own
// attributes through the tfjs-attrs extension.
std::string request_line(int64_t id, const Case& c, const CaseData& data) {
  nlohmann::ordered_json extension;
  extension["tfjs"]["attrs"] = attrs_to_json(c.attrs());
  extension["tfjs"]["via"] = "op";
  return worker_request_line(id, data.desc, data.dy, data.filter, kCanary, extension);
}

struct Difference {
  std::string detail;
  Verdict verdict;  // the element comparison, when there is one
};

// Compares one response with the kernels' results; nothing when they agree.
// *trivial: TFJS's dx is empty or all zeros (such a case proves little).
std::optional<Difference> compare_response(const WorkerResponse& response, const Case& c, const CaseData& data,
                                           const std::vector<KernelEntry>& kernels, bool* trivial) {
  if (response.kind == WorkerResponse::Kind::error) {
    const bool refused = response.text.rfind("worker:", 0) == 0;
    return Difference{std::string(refused ? "the worker refused: " : "TFJS rejects, dxcheck accepts: ") + response.text, {}};
  }
  if (response.kind == WorkerResponse::Kind::decline) return Difference{"the worker declined: " + response.text, {}};
  const auto ours = dx_shape(data.desc);
  if (response.shape != std::vector<int64_t>(ours.begin(), ours.end()) ||
      static_cast<int64_t>(response.dx.size()) != element_count(ours)) {
    return Difference{"TFJS's dx shape " + shape_text(response.shape) + " (" + std::to_string(response.dx.size()) +
                          " values) differs from dxcheck's " + shape_text({ours.begin(), ours.end()}), {}};
  }
  *trivial = std::all_of(response.dx.begin(), response.dx.end(), [](float x) { return x == 0.0f; });
  for (const auto& kernel : kernels) {
    Standard tfjs;
    tfjs.golden = &response.dx;  // the kernels here are all TFJS-bitwise
    const Judgement j = judge(kernel, data.desc, data.dy, data.filter, c.align_offset, tfjs);
    if (!j.called) return Difference{kernel.name + ": " + j.verdict.detail, {}};
    if (j.verdict.status == Status::failed) return Difference{kernel.name + " vs TFJS: " + j.verdict.detail, j.verdict};
  }
  return std::nullopt;
}

void print_difference(const std::string& case_string, const Difference& d) {
  std::cout << std::left << std::setw(10) << "FAILED" << case_string << "\n          " << d.detail << "\n";
  write_elements(std::cout, d.verdict, "          ", 3);
}

}  // namespace

int tfjs_diff_command(const Args& args) {
  int64_t cases = 1000;
  uint64_t seed = 1;
  std::string node;
  std::vector<std::string> case_strings;
  int missing_exit = kExitUsage;
  bool verbose = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--cases") cases = std::min<int64_t>(parse_count(a, option_value(args, i)), int64_t{1} << 30);
    else if (a == "--seed") seed = parse_seed(option_value(args, i));
    else if (a == "--node") node = option_value(args, i);
    else if (a == "--case") case_strings.push_back(option_value(args, i));
    else if (a == "--verbose") verbose = true;
    else if (a == "--missing-node-exit") missing_exit = static_cast<int>(std::min<int64_t>(parse_count(a, option_value(args, i)), 255));
    else throw UsageError("tfjs-diff: unknown option '" + a + "'");
  }

  // The cases first: a bad --case is a usage error even without node.
  std::vector<Case> all;
  if (!case_strings.empty()) {
    for (const auto& s : case_strings) all.push_back(parse_case(s));
  } else {
    rc::Random root(seed);
    const rc::Gen<Case> generator = gen::any_case();
    for (int64_t i = 0; i < cases; ++i) {
      Case c = generator(root.split(), kGenerationSize).value();
      c.with_profile(Profile::tfjs);  // TFJS has only its own conv-info
      all.push_back(c);
    }
  }

  const std::vector<NamedWorker> workers = named_workers();
  NamedWorker tfjs_cpu = *find_named_worker(workers, "tfjs-cpu");
  if (!node.empty()) {
    tfjs_cpu.spec.command[0] = node;
    if (find_executable(node).empty()) tfjs_cpu.off_reason = "node not found: " + node;
    else if (tfjs_cpu.off_reason == "node is not on PATH") tfjs_cpu.off_reason.clear();
  }
  if (!tfjs_cpu.off_reason.empty()) {
    std::cerr << "dxcheck tfjs-diff: " << tfjs_cpu.off_reason
              << " (node 20 and `npm ci` in workers/, or --node PATH); the live differential needs the real TFJS\n";
    return missing_exit;
  }

  std::vector<KernelEntry> kernels;
  for (const auto& k : builtin_kernels()) {
    if (k.tfjs_bitwise) kernels.push_back(k);
  }
  if (kernels.empty()) throw std::runtime_error("no built-in kernel claims TFJS bit parity");

  const auto start = std::chrono::steady_clock::now();
  tfjs_cpu.spec.start_timeout_seconds = kReplyTimeoutSeconds;
  WorkerConnection worker(tfjs_cpu.spec);  // a PluginLoadError is exit 2
  const auto& extensions = worker.hello().extensions;
  if (std::find(extensions.begin(), extensions.end(), "tfjs-attrs") == extensions.end()) {
    throw std::runtime_error("the tfjs-cpu worker lacks the tfjs-attrs extension");
  }
  // One request at a time: the runner (child_process.h) serves one thread, and a
  // request written while the worker blocks on writing a large answer could stall both.
  int64_t passed = 0, failed = 0, trivial = 0;
  std::string broken;  // why the run could not finish
  for (size_t i = 0; i < all.size() && broken.empty(); ++i) {
    const std::string case_string = to_string(all[i]);
    CaseData data;
    try {
      data = make_case_data(all[i]);
    } catch (const ConvInfoError& e) {
      print_difference(case_string, {std::string("dxcheck rejects the case (TFJS not asked): ") + e.what(), {}});
      ++failed;
      continue;
    }
    if (!worker.send(request_line(static_cast<int64_t>(i), all[i], data), kReplyTimeoutSeconds)) {
      worker.kill();
      broken = "stopped reading requests (case " + std::to_string(i) + ", " + case_string + ")";
      break;
    }
    const auto got = worker.receive(kReplyTimeoutSeconds, worker_response_max_bytes(element_count(dx_shape(data.desc))));
    if (!got.ok) {
      broken = got.failure + " (case " + std::to_string(i) + ", " + case_string + ")";
      break;
    }
    if (got.response.id != json(i)) {
      worker.kill();
      broken = "answered id " + got.response.id.dump() + " to case " + std::to_string(i) + " (" + case_string + ")";
      break;
    }
    bool all_zero = false;
    if (const auto difference = compare_response(got.response, all[i], data, kernels, &all_zero)) {
      print_difference(case_string, *difference);
      ++failed;
    } else {
      ++passed;
      trivial += all_zero;
      if (verbose) std::cout << std::left << std::setw(10) << "PASSED" << case_string << (all_zero ? "  (all-zero dx)" : "") << "\n";
    }
  }
  if (!broken.empty()) worker.kill();
  const std::string ended = worker.finish();
  if (!broken.empty()) {
    std::cerr << "dxcheck tfjs-diff: the tfjs-cpu worker " << broken << ended << "\n";
    return kExitUsage;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!ended.empty()) {
    std::cerr << "dxcheck tfjs-diff: the tfjs-cpu worker ended badly" << ended << "\n";
    return kExitUsage;
  }

  std::cout << "tfjs-diff: " << (case_strings.empty() ? "seed " + std::to_string(seed) + ", " : std::string())
            << all.size() << " cases vs " << worker.hello().implementation << ", kernel";
  for (const auto& k : kernels) std::cout << " " << k.name;
  std::cout << ": " << passed << " identical (" << trivial << " of them with an empty or all-zero dx), " << failed
            << " differ\n"
            << std::fixed << std::setprecision(2) << "time " << seconds << " s (node start included), "
            << std::setprecision(0) << (seconds > 0 ? static_cast<double>(all.size()) / seconds : 0.0) << " cases/s\n";
  if (failed > 0) return kExitFailed;
  if (passed == 0) {
    std::cout << "nothing tested\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace dxcheck::cli
