#include "worker_process.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace dxcheck {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat s;
  return ::stat(path.c_str(), &s) == 0 && S_ISREG(s.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

Deadline deadline_in(std::chrono::milliseconds timeout) {
  return deadline_after(std::chrono::duration<double>(timeout).count());
}

}  // namespace

std::string find_executable(const std::string& program) {
  if (program.find('/') != std::string::npos) return is_executable_file(program) ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (is_executable_file(candidate)) return candidate;
  }
  return "";
}

std::string worker_exit_text(const ChildExit& exit) {
  switch (exit.how) {
    case ChildExit::How::exited:
      return "exit status " + std::to_string(exit.code) +
             (exit.stderr_says_out_of_memory ? "; out of memory (an allocation failed, its stderr says)" : "");
    case ChildExit::How::killed_for_memory:
      return "killed by dxcheck, out of memory: its resident memory passed the " +
             byte_size_text(exit.memory_limit_bytes) + " cap (--memory-limit)";
    default: return exit.describe();
  }
}

WorkerProcess::WorkerProcess(const std::vector<std::string>& argv, const WorkerLimits& limits) {
  if (argv.empty()) throw std::runtime_error("an empty worker command");
  const std::string program = find_executable(argv[0]);
  if (program.empty()) throw std::runtime_error(argv[0] + ": no such executable");
  ChildSpec spec;
  spec.argv = argv;
  spec.argv[0] = program;
  spec.name = "the worker " + argv[0];
  spec.memory_limit_bytes = limits.memory_limit_bytes;
  // No RLIMIT_AS: node reserves far more address space than it touches (V8's heap cage,
  // 10 GiB per WebAssembly memory), so the resident-memory watchdog alone caps a worker.
  spec.address_space_backstop = false;
  spec.stderr_forward_cap_bytes = limits.output_cap_bytes;
  try {
    child_ = std::make_unique<ChildProcess>(spec);
  } catch (const SpawnError& e) {
    throw std::runtime_error(e.what());
  }
}

WorkerProcess::~WorkerProcess() = default;  // ChildProcess: stdin closed, 100 ms, group killed

bool WorkerProcess::write(const std::string& bytes, std::chrono::milliseconds timeout) {
  return child_->write(bytes.data(), bytes.size(), deadline_in(timeout)) == IoStatus::ok;
}

void WorkerProcess::close_input() { child_->close_stdin(); }

WorkerProcess::Read WorkerProcess::read_line(std::string* line, std::chrono::milliseconds timeout, size_t max_bytes) {
  const Deadline deadline = deadline_in(timeout);
  for (;;) {
    const size_t newline = buffer_.find('\n', scanned_);
    if (newline != std::string::npos) {
      *line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      scanned_ = 0;
      return Read::line;
    }
    scanned_ = buffer_.size();
    if (buffer_.size() > max_bytes) return Read::too_long;
    char chunk[1 << 16];
    size_t got = 0;
    switch (child_->read_some(chunk, sizeof chunk, &got, deadline)) {
      case IoStatus::ok: buffer_.append(chunk, got); break;
      case IoStatus::timed_out: return Read::timed_out;
      case IoStatus::closed: return Read::closed;
    }
  }
}

void WorkerProcess::kill() { child_->kill(); }

ChildExit WorkerProcess::wait(std::chrono::milliseconds grace) {
  const double seconds = std::chrono::duration<double>(grace).count();
  return child_->wait(deadline_after(seconds), seconds);
}

std::string WorkerProcess::stderr_tail(size_t max_bytes) const {
  std::string text = child_->stderr_tail();
  const bool cut = text.size() > max_bytes || child_->stderr_bytes() > static_cast<int64_t>(text.size());
  if (text.size() > max_bytes) text.erase(0, text.size() - max_bytes);
  return cut ? "..." + text : text;
}

}  // namespace dxcheck
