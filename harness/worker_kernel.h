// Kernels implemented by another process (`--kernel worker:COMMAND`, and the named
// worker kernels tfjs-cpu, tfjs-wasm, onnxruntime): any program that speaks the worker
// protocol dxcheck-worker/1 on its stdin and stdout (docs/worker-protocol.md), in any
// language. The call goes through the same checks as every kernel: dx is requested twice
// with two NaN canary payloads and an element whose bits differ between the answers
// (canary A then canary B) was not written; its shape and element count must be exact;
// a death, a hang, garbage or too little data is a FAILED case with its reason, the
// worker then killed and restarted for the next call; a decline is UNSUPPORTED with the
// worker's reason; a worker's error is FAILED, never a pass.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "registry.h"
#include "verdict.h"
#include "worker_process.h"
#include "worker_protocol.h"

namespace dxcheck {

struct WorkerSpec {
  std::string name;                  // in reports: "tfjs-wasm", "worker:COMMAND"
  std::vector<std::string> command;  // argv; argv[0] is looked up on PATH
  std::string description;
  bool fixed_order = false;          // registry claims (registry.h)
  bool tfjs_bitwise = false;
  double call_timeout_seconds = 20;  // one response
  double start_timeout_seconds = 60; // the hello (node and a WebAssembly compile take ~1 s)
  WorkerLimits limits;               // memory cap, stderr passed on
};

// A started worker that has said hello. Use from one thread (the runner's rule).
class WorkerConnection {
 public:
  // PluginLoadError (plugin.h) with the reason and the worker's stderr when it does not
  // start or says no proper hello.
  explicit WorkerConnection(const WorkerSpec& spec);
  const WorkerHello& hello() const { return hello_; }

  // false when the worker stops reading or takes longer than timeout_seconds to.
  bool send(const std::string& line, double timeout_seconds) { return process_.write(line, millis(timeout_seconds)); }

  struct Received {
    bool ok = false;          // a well-formed response line arrived
    WorkerResponse response;  // when ok
    std::string failure;      // when not: why (the worker has then been killed)
    Fault fault = Fault::none;  // when not: it hung or died
  };
  // The next response within timeout_seconds; a line longer than max_bytes is a failure.
  Received receive(double timeout_seconds, size_t max_bytes);
  void kill() { process_.kill(); }
  // Closes its input and waits for it to exit: "" when it exited with status 0, else what
  // happened and the tail of its stderr.
  std::string finish();
  std::string stderr_tail() const { return process_.stderr_tail(); }

 private:
  static std::chrono::milliseconds millis(double seconds);
  std::string died_text();
  WorkerProcess process_;
  WorkerHello hello_;
};

KernelEntry load_worker_kernel(const WorkerSpec& spec);

// "worker:COMMAND" -> argv: COMMAND split at spaces (no shell, no quoting).
std::vector<std::string> split_worker_command(const std::string& command);

}  // namespace dxcheck
