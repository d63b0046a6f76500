// Kernels from shared libraries (`--kernel lib:PATH`), run in a worker process so a
// crash, a hang, a memory blow-up or a flood of output is a FAILED case, never a lost
// report. The worker is an executable run as `WORKER __plugin-worker PATH` (the
// dxcheck command itself, or dxcheck-worker: see PluginOptions::worker_executable)
// through ChildProcess (child_process.h: its own process group, killed with the run, a
// memory cap, deadlines on every pipe operation, capped stderr); it loads the library,
// applies the buffer discipline of kernel_call.h in its own memory and sends back the
// outcome. Each kernel invocation (the canary pair is two) gets the whole call timeout.
// The floating-point environment is checked after loading and after each call, and
// restored.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "child_process.h"
#include "registry.h"

namespace dxcheck {

struct PluginLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PluginOptions {
  // The worker: an executable that takes `__plugin-worker PATH` (dxcheck or
  // dxcheck-worker). "": default_worker_executable().
  std::string worker_executable;
  double call_timeout_seconds = 20;  // per kernel invocation
  double load_timeout_seconds = 60;  // starting the worker and loading the library
  int64_t memory_limit_bytes = default_child_memory_limit_bytes();  // the worker's; 0: none
  int64_t output_cap_bytes = int64_t{1} << 20;  // the worker's stderr passed on
};

// Spawns a worker and loads the library; PluginLoadError names the file and the
// reason (missing file, missing symbol, ABI version, how the worker died while loading
// it). The entry's `remote` runs calls.
KernelEntry load_plugin(const std::string& path, const PluginOptions& options = {});

// The dxcheck-worker a program that links the checks uses by default: $DXCHECK_WORKER
// when set, else dxcheck-worker beside the running executable, else the one of the
// install tree this library was built for (bin/dxcheck-worker under the configured
// prefix); PluginLoadError when there is none. The dxcheck command passes itself.
std::string default_worker_executable();

// What `dxcheck __plugin-worker PATH` and `dxcheck-worker __plugin-worker PATH` run:
// requests on stdin, answers on stdout.
int plugin_worker_main(const std::string& path);

}  // namespace dxcheck
