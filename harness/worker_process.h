// One worker process for the worker protocol: stdin and stdout are pipes, stderr goes to
// an unlinked temporary file (so a chatty worker can never block on it) whose tail
// explains a failure. The worker runs in its own process group, killed as a whole.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace dxcheck {

class WorkerProcess {
 public:
  // argv[0] without a '/' is looked up on PATH. std::runtime_error when it cannot start.
  explicit WorkerProcess(const std::vector<std::string>& argv);
  ~WorkerProcess();  // kills what is left of it
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  bool write(const std::string& bytes);  // false once the worker no longer reads (EPIPE)
  void close_input();                     // the worker sees EOF: its signal to exit

  enum class Read { line, closed, timed_out, too_long };
  // The next line without its '\n'. too_long: max_bytes passed without a newline.
  Read read_line(std::string* line, std::chrono::milliseconds timeout, size_t max_bytes);

  void kill();  // SIGKILL to the whole process group
  // Waits for the exit (up to grace, then kills): "exit status N" or "killed by signal N (name)".
  std::string wait(std::chrono::milliseconds grace = std::chrono::seconds(5));
  bool running() const { return pid_ > 0; }
  std::string stderr_tail(size_t max_bytes = 2000) const;

 private:
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1, stderr_fd_ = -1;
  std::string buffer_, exit_text_;
  size_t scanned_ = 0;
};

// The path of `program` on PATH ("" when absent); a name with a '/' is returned as it is
// when executable.
std::string find_executable(const std::string& program);

}  // namespace dxcheck
