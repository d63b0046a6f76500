#include "kernel_choice.h"

#include <cstdlib>
#include <filesystem>

#include "commands.h"
#include "plugin.h"

#ifndef DXCHECK_WORKERS_SOURCE_DIR
#define DXCHECK_WORKERS_SOURCE_DIR ""
#endif
#ifndef DXCHECK_BUILT_ADAPTERS
#define DXCHECK_BUILT_ADAPTERS ""
#endif
#ifndef DXCHECK_ADAPTER_BUILD_DIR
#define DXCHECK_ADAPTER_BUILD_DIR "."
#endif
#ifndef DXCHECK_ADAPTER_INSTALL_DIR
#define DXCHECK_ADAPTER_INSTALL_DIR "lib/dxcheck"
#endif

namespace dxcheck::cli {
namespace {

namespace fs = std::filesystem;

fs::path workers_dir() {
  if (const char* env = std::getenv("DXCHECK_WORKERS_DIR"); env && *env) return env;
  return DXCHECK_WORKERS_SOURCE_DIR;
}

struct WorkerRow {
  const char* name;
  std::vector<const char*> script_and_arguments;
  std::vector<const char*> packages;  // under workers/node_modules
  bool fixed_order, tfjs_bitwise;
  const char* description;
};

// tfjs-cpu is the semantics dxcheck mirrors: bit for bit. tfjs-wasm runs the same loop
// (yR, yC, d2 ascending whatever the layout) in float: a fixed order, not TFJS's bits.
// ONNX Runtime is a GEMM plus col2im whose blocking dxcheck does not know: no claims.
// The ONNX Runtime mapping around a TFJS-order ConvTranspose must give TFJS's bits.
const std::vector<WorkerRow>& worker_rows() {
  static const std::vector<WorkerRow> rows = {
      {"tfjs-cpu", {"tfjs.js", "cpu"}, {"@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-cpu"}, true, true,
       "TFJS CPU backend under node (worker), runKernel('Conv2DBackpropInput')"},
      {"tfjs-wasm", {"tfjs.js", "wasm"}, {"@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-wasm"}, true, false,
       "TFJS WASM backend under node (worker), runKernel('Conv2DBackpropInput')"},
      {"onnxruntime", {"onnxruntime.js"}, {"onnxruntime-node"}, false, false,
       "ONNX Runtime CPU under node (worker), a one-node ConvTranspose model"},
      // The adapter self-test: onnxruntime's mapping around a ConvTranspose in TFJS's order.
      {"onnxruntime-mapping", {"onnxruntime.js", "--engine", "reference"}, {}, true, true,
       "the onnxruntime worker's mapping around a TFJS-order ConvTranspose in JavaScript (self-test)"},
  };
  return rows;
}

// Implementations people ship, by name: plugins the project builds (adapters/) when
// their package is here. `packages` is what brings one that was not built.
struct NamedAdapter {
  const char* name;
  const char* file;
  const char* packages;
  const char* description;
};
constexpr NamedAdapter kAdapters[] = {
    {"xnnpack", "libdxcheck_xnnpack.so", "libxnnpack-dev libpthreadpool-dev",
     "XNNPACK xnn_create_deconvolution2d_nhwc_f32 (plugin adapter)"},
    {"torch-backward", "libdxcheck_torch_backward.so", "libtorch-dev",
     "PyTorch at::convolution_backward (plugin adapter)"},
    {"torch-transpose", "libdxcheck_torch_transpose.so", "libtorch-dev",
     "PyTorch at::conv_transpose2d (plugin adapter)"},
    {"armnn", "libdxcheck_armnn.so", "libarmnn-dev libarmnn-cpuref-backend22",
     "Arm NN TransposeConvolution2d on CpuRef (plugin adapter)"},
};

bool adapter_built(const std::string& name) {
  const std::string built = std::string(",") + DXCHECK_BUILT_ADAPTERS + ",";  // "xnnpack,armnn"
  return built.find("," + name + ",") != std::string::npos;
}

const NamedAdapter* find_adapter(const std::string& name) {
  for (const auto& a : kAdapters) {
    if (name == a.name) return &a;
  }
  return nullptr;
}

// Installed beside the executable (bin/../lib/dxcheck) when it is, else the build tree.
std::string adapter_path(const NamedAdapter& adapter) {
  std::error_code error;
  const auto exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = exe.parent_path().parent_path() / DXCHECK_ADAPTER_INSTALL_DIR / adapter.file;
    if (fs::exists(installed, error)) return installed.string();
  }
  return std::string(DXCHECK_ADAPTER_BUILD_DIR) + "/" + adapter.file;
}

KernelEntry load_adapter(const NamedAdapter& adapter, const PluginOptions& options) {
  const std::string name = adapter.name;
  if (!adapter_built(name)) {
    throw UsageError("kernel '" + name + "' is not built here: install " + adapter.packages + " and reconfigure");
  }
  const std::string path = adapter_path(adapter);
  if (!fs::exists(path)) {
    throw UsageError("kernel '" + name + "' is configured but not built yet: " + path +
                     " is missing (cmake --build <build dir> --target dxcheck_adapters)");
  }
  KernelEntry entry = load_plugin(path, options);
  entry.name = name;
  entry.description = adapter.description;
  return entry;
}

}  // namespace

std::vector<AdapterInfo> named_adapters() {
  std::vector<AdapterInfo> adapters;
  for (const auto& a : kAdapters) {
    adapters.push_back({a.name, a.description,
                        adapter_built(a.name) ? "" : std::string("not built: install ") + a.packages + " and reconfigure"});
  }
  return adapters;
}

std::vector<NamedWorker> named_workers() {
  const fs::path dir = workers_dir();
  const std::string node = find_executable("node");
  std::vector<NamedWorker> workers;
  for (const auto& row : worker_rows()) {
    NamedWorker w;
    w.spec.name = row.name;
    w.spec.description = row.description;
    w.spec.fixed_order = row.fixed_order;
    w.spec.tfjs_bitwise = row.tfjs_bitwise;
    w.spec.command = {node.empty() ? "node" : node, (dir / row.script_and_arguments[0]).string()};
    w.spec.command.insert(w.spec.command.end(), row.script_and_arguments.begin() + 1, row.script_and_arguments.end());
    if (node.empty()) w.off_reason = "node is not on PATH";
    else if (!fs::exists(dir / row.script_and_arguments[0])) w.off_reason = (dir / row.script_and_arguments[0]).string() + " not found (set DXCHECK_WORKERS_DIR)";
    for (const char* package : row.packages) {
      if (w.off_reason.empty() && !fs::exists(dir / "node_modules" / package / "package.json")) {
        w.off_reason = std::string("npm package ") + package + " missing: run `npm ci` in " + dir.string();
      }
    }
    workers.push_back(std::move(w));
  }
  return workers;
}

const NamedWorker* find_named_worker(const std::vector<NamedWorker>& workers, const std::string& name) {
  for (const auto& w : workers) {
    if (w.spec.name == name) return &w;
  }
  return nullptr;
}

namespace {

// A worker kernel gets the run's limits as a plugin does.
WorkerSpec with_run_limits(WorkerSpec spec, const PluginOptions& options) {
  spec.call_timeout_seconds = options.call_timeout_seconds;
  spec.start_timeout_seconds = options.load_timeout_seconds;
  spec.limits.memory_limit_bytes = options.memory_limit_bytes;
  spec.limits.output_cap_bytes = options.output_cap_bytes;
  return spec;
}

}  // namespace

std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names, const PluginOptions& given_options) {
  if (names.empty()) return builtin_kernels();
  // The dxcheck command runs its plugins in itself (`dxcheck __plugin-worker PATH`):
  // it needs no dxcheck-worker beside it (docs/design.md "Plugins").
  PluginOptions plugin_options = given_options;
  if (plugin_options.worker_executable.empty()) {
    std::error_code error;
    const auto self = fs::read_symlink("/proc/self/exe", error);
    if (!error) plugin_options.worker_executable = self.string();
  }
  std::vector<KernelEntry> chosen;
  const std::vector<NamedWorker> workers = named_workers();
  for (const auto& name : names) {
    if (name.rfind("lib:", 0) == 0) {
      chosen.push_back(load_plugin(name.substr(4), plugin_options));
      continue;
    }
    if (name.rfind("worker:", 0) == 0) {
      WorkerSpec spec;
      spec.name = name;
      spec.command = split_worker_command(name.substr(7));
      if (spec.command.empty()) throw UsageError("--kernel worker:COMMAND needs a command");
      spec.description = "worker " + name.substr(7);
      chosen.push_back(load_worker_kernel(with_run_limits(spec, plugin_options)));
      continue;
    }
    if (const NamedAdapter* adapter = find_adapter(name)) {
      chosen.push_back(load_adapter(*adapter, plugin_options));
      continue;
    }
    if (const NamedWorker* worker = find_named_worker(workers, name)) {
      if (!worker->off_reason.empty()) throw PluginLoadError("kernel " + name + " is off: " + worker->off_reason);
      WorkerSpec spec = worker->spec;
      chosen.push_back(load_worker_kernel(with_run_limits(spec, plugin_options)));
      continue;
    }
    const KernelEntry* entry = find_builtin_kernel(name);
    if (!entry) {
      std::string known;
      for (const auto& k : builtin_kernels()) known += " " + k.name;
      for (const auto& w : workers) known += " " + w.spec.name;
      for (const auto& a : kAdapters) known += std::string(" ") + a.name + (adapter_built(a.name) ? "" : " (not built)");
      throw UsageError("unknown kernel '" + name + "' (known:" + known + "; or lib:PATH, worker:COMMAND)");
    }
    chosen.push_back(*entry);
  }
  return chosen;
}

}  // namespace dxcheck::cli
