#include "child_process.h"

#include "child_process_groups.h"
#include "process_group_memory.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
#define DXCHECK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DXCHECK_UNDER_ASAN 1
#endif
#endif

namespace dxcheck {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSlice = std::chrono::milliseconds(10);  // watchdog period while waiting
constexpr auto kMemorySampleEvery = std::chrono::milliseconds(10);
constexpr size_t kTailBytes = 4096;

int move_high(int fd) {
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

bool mentions_out_of_memory(const std::string& text) {
  for (const char* sign : {"std::bad_alloc", "out of memory", "Cannot allocate memory", "out-of-memory"}) {
    if (text.find(sign) != std::string::npos) return true;
  }
  return false;
}

// In the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void exec_child(char* const* argv, int in, int out, int err, int report, pid_t parent,
                             rlim_t address_space) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // dxcheck died before the line above
  sigset_t all;
  sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    ::sigaction(s, &action, nullptr);
  }
#ifdef SYS_close_range
  ::syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC: none of dxcheck's files */);
#endif
  if (address_space > 0) {
    const struct rlimit limit {address_space, address_space};
    ::setrlimit(RLIMIT_AS, &limit);
  }
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    const int e = errno;
    (void)!::write(report, &e, sizeof e);
    ::_exit(127);
  }
  ::execv(argv[0], argv);
  const int e = errno;
  (void)!::write(report, &e, sizeof e);
  ::_exit(127);
}

}  // namespace

Deadline deadline_after(double seconds) {
  const auto now = Clock::now();
  const double room = std::chrono::duration<double>(Deadline::max() - now).count() / 2;
  if (!(seconds < room)) return Deadline::max();  // also NaN
  if (seconds <= 0) return now;
  return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

int64_t default_child_memory_limit_bytes() {
  const int64_t four_gib = int64_t{4} << 30;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return four_gib;
  return std::min(four_gib, static_cast<int64_t>(pages) * page / 2);
}

ChildProcess::ChildProcess(const ChildSpec& spec)
    : name_(spec.name.empty() && !spec.argv.empty() ? spec.argv[0] : spec.name),
      memory_limit_(std::max<int64_t>(0, spec.memory_limit_bytes)),
      forward_cap_(spec.stderr_forward_cap_bytes),
      forward_(spec.forward_stderr) {
  if (spec.argv.empty()) throw SpawnError("nothing to run (empty argv)");
  install_handlers_once();
  std::vector<std::string> args = spec.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[8];
  for (int i = 0; i < 8; i += 2) {
    if (::pipe2(fds + i, O_CLOEXEC) != 0) {
      const int e = errno;
      for (int j = 0; j < i; ++j) ::close(fds[j]);
      throw SpawnError("cannot start " + name_ + ": no pipes (" + std::strerror(e) + ")");
    }
  }
  for (int& fd : fds) fd = move_high(fd);  // never 0, 1 or 2, whatever dxcheck's own are
  const int child_in = fds[0], child_out = fds[3], child_err = fds[5], report_write = fds[7];
  stdin_ = fds[1], stdout_ = fds[2], stderr_ = fds[4];
  const int report_read = fds[6];

  rlim_t address_space = 0;
#ifndef DXCHECK_UNDER_ASAN
  if (spec.address_space_backstop && memory_limit_ > 0) address_space = static_cast<rlim_t>(2 * memory_limit_ + (int64_t{1} << 30));
#endif
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) exec_child(argv.data(), child_in, child_out, child_err, report_write, parent, address_space);
  const int fork_error = errno;
  for (int fd : {child_in, child_out, child_err, report_write}) ::close(fd);
  if (pid_ < 0) {
    ::close(report_read);
    for (int fd : {stdin_, stdout_, stderr_}) ::close(fd);
    stdin_ = stdout_ = stderr_ = -1;
    throw SpawnError("cannot start " + name_ + ": fork failed (" + std::strerror(fork_error) + ")");
  }
  ::setpgid(pid_, pid_);  // also here: no window in which a kill(-pid) misses it
  slot_ = take_slot(pid_);
  group_memory_ = std::make_unique<ProcessGroupMemory>(pid_);
  pidfd_ = open_pidfd(pid_);
  int exec_errno = 0;
  ssize_t n;
  do n = ::read(report_read, &exec_errno, sizeof exec_errno);
  while (n < 0 && errno == EINTR);
  ::close(report_read);
  if (n == sizeof exec_errno) {
    kill();
    throw SpawnError("cannot run " + args[0] + ": " + std::strerror(exec_errno));
  }
  for (int fd : {stdin_, stdout_, stderr_}) set_nonblocking(fd);
}

ChildProcess::~ChildProcess() {
  close_stdin();
  if (running()) wait(Clock::now() + std::chrono::milliseconds(100));
  kill();
  for (int* fd : {&stdout_, &stderr_, &pidfd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void ChildProcess::close_stdin() {
  if (stdin_ >= 0) ::close(stdin_);
  stdin_ = -1;
}

std::string ChildProcess::stderr_tail() const { return tail_; }

void ChildProcess::drain_stderr() {
  char buffer[65536];
  while (stderr_ >= 0) {
    const ssize_t n = ::read(stderr_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) ::close(stderr_), stderr_ = -1;
      return;
    }
    stderr_total_ += n;
    tail_.append(buffer, static_cast<size_t>(n));
    if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
    if (!forward_) continue;
    const int64_t room = std::max<int64_t>(0, forward_cap_ - stderr_forwarded_);
    const int64_t passed = std::min<int64_t>(room, n);
    if (passed > 0) {
      (void)!::write(2, buffer, static_cast<size_t>(passed));
      stderr_forwarded_ += passed;
    }
    if (passed < n && !capped_note_printed_) {
      capped_note_printed_ = true;
      const std::string note = "\n[dxcheck: the output of " + name_ + " passed " + byte_size_text(forward_cap_) +
                               "; the rest is dropped]\n";
      (void)!::write(2, note.data(), note.size());
    }
  }
}

// The whole group's memory: a plugin's forked child that leaks is the plugin leaking.
// Sampling a large group takes a while (a file or two per member): the next sample
// waits ten times as long as this one took, so the watchdog costs at most a tenth of
// the time dxcheck spends waiting.
void ChildProcess::check_memory() {
  if (!running() || memory_limit_ <= 0) return;
  const auto now = Clock::now();
  if (now < next_memory_sample_) return;
  const int64_t resident = group_memory_->sample(memory_limit_);
  next_memory_sample_ = now + std::max<Clock::duration>(kMemorySampleEvery, 10 * (Clock::now() - now));
  peak_resident_ = std::max(peak_resident_, resident);
  if (resident > memory_limit_) {
    killed_for_memory_ = true;
    kill();
  }
}

void ChildProcess::kill_group() {
  if (pid_ > 0 && !reaped_) ::kill(-pid_, SIGKILL);  // the leader is at worst a zombie: its id is still ours
}

// block: wait for the leader; else only notice a death. Either way the group goes.
void ChildProcess::reap(bool block) {
  if (reaped_ || pid_ <= 0) return;
  siginfo_t info{};
  int got;
  do got = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
  while (got < 0 && errno == EINTR);
  if (got < 0 && errno == ECHILD) {  // reaped elsewhere (SIGCHLD ignored): how it ended is lost
    kill_group();
    reaped_ = true;
    if (slot_ >= 0) release_slot(slot_);
    slot_ = -1;
    exit_ = ChildExit{};
    return;
  }
  if (got < 0 || info.si_pid != pid_) return;
  kill_group();  // its descendants die with it
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  raw_status_ = status;
  reaped_ = true;
  if (slot_ >= 0) release_slot(slot_);
  slot_ = -1;
  ChildExit e;
  if (killed_for_memory_) {
    e.how = ChildExit::How::killed_for_memory;
    e.memory_limit_bytes = memory_limit_;
  } else if (WIFEXITED(status)) {
    e.how = ChildExit::How::exited;
    e.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    e.how = ChildExit::How::signaled;
    e.signal = WTERMSIG(status);
  }
  drain_stderr();
  e.stderr_says_out_of_memory = e.how != ChildExit::How::killed_for_memory && !e.clean() && mentions_out_of_memory(tail_);
  exit_ = e;
}

ChildProcess::Wake ChildProcess::wait_for(int fd, short events, Deadline deadline) {
  for (;;) {
    check_memory();
    pollfd fds[3];
    int count = 0, fd_at = -1, err_at = -1, pid_at = -1;
    if (fd >= 0) fd_at = count, fds[count++] = {fd, events, 0};
    if (stderr_ >= 0) err_at = count, fds[count++] = {stderr_, POLLIN, 0};
    if (pidfd_ >= 0 && running()) pid_at = count, fds[count++] = {pidfd_, POLLIN, 0};
    const auto now = Clock::now();
    if (now >= deadline) return Wake::deadline;
    const auto slice = std::min<Clock::duration>(deadline - now, kSlice);
    // Once the group is dead every byte it wrote is in the pipe: no more waiting (a
    // descendant that left the group may hold the pipe open forever).
    const int timeout_ms = running() ? static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()) : 0;
    const int ready = ::poll(fds, static_cast<nfds_t>(count), timeout_ms);
    if (ready == 0 && !running()) return Wake::died;
    if (ready < 0 && errno != EINTR) return Wake::died;  // cannot happen with valid fds
    if (ready <= 0) {
      if (pidfd_ < 0) reap(false);
      if (!running() && fd < 0) return Wake::died;
      continue;
    }
    if (err_at >= 0 && fds[err_at].revents) drain_stderr();
    if (fd_at >= 0 && fds[fd_at].revents) return Wake::ready;
    if (pid_at >= 0 && fds[pid_at].revents) reap(false);  // the group dies now; the pipes close
    if (!running() && fd < 0) return Wake::died;
  }
}

IoStatus ChildProcess::write(const void* data, size_t size, Deadline deadline) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    if (stdin_ < 0) return IoStatus::closed;
    const Wake wake = wait_for(stdin_, POLLOUT, deadline);
    if (wake == Wake::deadline) return IoStatus::timed_out;
    if (wake == Wake::died) return IoStatus::closed;
    const ssize_t n = ::write(stdin_, p, size);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) return IoStatus::closed;  // EPIPE: it stopped reading
    p += n;
    size -= static_cast<size_t>(n);
  }
  return IoStatus::ok;
}

IoStatus ChildProcess::read(void* data, size_t size, Deadline deadline) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    if (stdout_ < 0) return IoStatus::closed;
    const Wake wake = wait_for(stdout_, POLLIN, deadline);
    if (wake == Wake::deadline) return IoStatus::timed_out;
    if (wake == Wake::died) return IoStatus::closed;
    const ssize_t n = ::read(stdout_, p, size);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) return IoStatus::closed;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return IoStatus::ok;
}

IoStatus ChildProcess::read_some(void* data, size_t capacity, size_t* got, Deadline deadline) {
  *got = 0;
  for (;;) {
    if (stdout_ < 0) return IoStatus::closed;
    const Wake wake = wait_for(stdout_, POLLIN, deadline);
    if (wake == Wake::deadline) return IoStatus::timed_out;
    if (wake == Wake::died) return IoStatus::closed;
    const ssize_t n = ::read(stdout_, data, capacity);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) return IoStatus::closed;
    *got = static_cast<size_t>(n);
    return IoStatus::ok;
  }
}

ChildExit ChildProcess::wait(Deadline deadline, double timeout_seconds) {
  while (running()) {
    if (wait_for(-1, 0, deadline) == Wake::deadline) return kill_for_timeout(timeout_seconds);
  }
  return *exit_;
}

ChildExit ChildProcess::kill() {
  if (running()) {
    kill_group();
    reap(true);
    if (!exit_) exit_ = ChildExit{};
  }
  return *exit_;
}

ChildExit ChildProcess::kill_for_timeout(double seconds) {
  if (!running()) return *exit_;
  kill();
  if (!killed_for_memory_) {
    exit_->how = ChildExit::How::killed_for_timeout;
    exit_->timeout_seconds = seconds;
    exit_->stderr_says_out_of_memory = false;
  }
  return *exit_;
}

}  // namespace dxcheck
