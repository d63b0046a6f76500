// One worker process for the worker protocol, line by line, on the runner every child
// of dxcheck goes through (child_process.h): its own process group killed as a whole
// (also on dxcheck's exit and its SIGINT, SIGTERM, SIGHUP), PR_SET_PDEATHSIG, a
// resident-memory cap, a deadline on every write and read, its stderr drained all the
// time (it never blocks on it), passed on up to a cap, its tail kept to explain a failure.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace dxcheck {

struct WorkerLimits {
  int64_t memory_limit_bytes = default_child_memory_limit_bytes();  // resident; 0: none
  int64_t output_cap_bytes = int64_t{1} << 20;  // its stderr passed on to dxcheck's
};

class WorkerProcess {
 public:
  // argv[0] without a '/' is looked up on PATH. std::runtime_error when it cannot start.
  explicit WorkerProcess(const std::vector<std::string>& argv, const WorkerLimits& limits = {});
  ~WorkerProcess();  // closes its input, gives it a moment, kills what is left of it
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // false once the worker no longer reads (EPIPE, death) or takes longer than `timeout`.
  bool write(const std::string& bytes, std::chrono::milliseconds timeout);
  void close_input();  // the worker sees EOF: its signal to exit

  enum class Read { line, closed, timed_out, too_long };
  // The next line without its '\n'. too_long: max_bytes passed without a newline.
  Read read_line(std::string* line, std::chrono::milliseconds timeout, size_t max_bytes);

  void kill();  // SIGKILL to the whole process group
  // Waits for the exit (up to grace, then kills the group): how it ended.
  ChildExit wait(std::chrono::milliseconds grace = std::chrono::seconds(5));
  bool running() const { return child_->running(); }
  std::string stderr_tail(size_t max_bytes = 2000) const;

 private:
  std::unique_ptr<ChildProcess> child_;
  std::string buffer_;
  size_t scanned_ = 0;
};

// "exit status 3", "killed by signal 9 (Killed)", "killed by dxcheck, out of memory:
// its resident memory passed the 256 MiB cap (--memory-limit)": for messages.
std::string worker_exit_text(const ChildExit& exit);

// The path of `program` on PATH ("" when absent); a name with a '/' is returned as it is
// when executable.
std::string find_executable(const std::string& program);

}  // namespace dxcheck
