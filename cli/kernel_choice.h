// Turning --kernel values into kernel entries.
#pragma once

#include <string>
#include <vector>

#include "plugin.h"
#include "registry.h"
#include "worker_kernel.h"

namespace dxcheck::cli {

// Every built-in kernel when names is empty; "lib:PATH" loads a plugin, "worker:COMMAND"
// starts a worker-protocol process, a named worker kernel (tfjs-cpu, ...) starts its node
// worker (a PluginLoadError names what is wrong); a UsageError for an unknown name.
std::vector<KernelEntry> choose_kernels(const std::vector<std::string>& names, const PluginOptions& plugin_options = {});

// The kernels implemented by a worker in workers/ (DXCHECK_WORKERS_DIR, else the source
// tree's), each on only when node and its npm packages are there.
struct NamedWorker {
  WorkerSpec spec;           // command ready to run
  std::string off_reason;    // "" when it can run
};
std::vector<NamedWorker> named_workers();
const NamedWorker* find_named_worker(const std::vector<NamedWorker>& workers, const std::string& name);

// The adapter plugins (adapters/: xnnpack, torch-backward, ...), each on when built here.
struct AdapterInfo {
  std::string name, description;
  std::string off_reason;  // "" when built
};
std::vector<AdapterInfo> named_adapters();

}  // namespace dxcheck::cli
