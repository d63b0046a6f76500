// Kernels from shared libraries (`--kernel lib:PATH`), run in a worker process so a
// crash or a hang is a FAILED case, never a lost report. The worker is spawned (not
// forked from a process that may have threads) from a dxcheck executable run as
// `dxcheck __plugin-worker PATH`; it loads the library, applies the buffer discipline
// of kernel_call.h in its own memory and sends back the outcome. The floating-point
// environment is checked after loading and after each call, and restored.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "registry.h"

namespace dxcheck {

struct PluginLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PluginOptions {
  std::string worker_executable;  // a dxcheck binary; "" = /proc/self/exe
  double call_timeout_seconds = 20;
};

// Spawns a worker and loads the library; PluginLoadError names the file and the
// reason (missing file, missing symbol, ABI version). The entry's `remote` runs calls.
KernelEntry load_plugin(const std::string& path, const PluginOptions& options = {});

// What `dxcheck __plugin-worker PATH` runs: reads requests from fd 3, answers on fd 4.
int plugin_worker_main(const std::string& path);

}  // namespace dxcheck
