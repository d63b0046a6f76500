// One way to run another program from dxcheck (a plugin worker, an external kernel
// command, ...) so that whatever it does, dxcheck keeps its limits:
//  - it runs in its own process group with PR_SET_PDEATHSIG(SIGKILL), and the whole
//    group is killed when the ChildProcess ends, when dxcheck exits, and when dxcheck
//    gets SIGINT, SIGTERM or SIGHUP: no descendant outlives the run (except one that
//    leaves the group with setsid, or when dxcheck itself is SIGKILLed);
//  - its memory is capped twice: a resident-memory watchdog over its whole process group
//    (sampled every 10 ms while dxcheck waits on it; process_group_memory.h; passing the
//    cap kills the group and is reported as out of memory) and RLIMIT_AS as the
//    kernel-enforced backstop (not under AddressSanitizer, which reserves terabytes of
//    address space);
//  - every write, read and wait takes a deadline (poll), so a child that stops talking,
//    talks half a message or never exits costs at most that deadline; the death of the
//    child ends a wait at once, even when a descendant still holds its pipes;
//  - its stdin is a pipe dxcheck writes, its stdout a pipe dxcheck reads (the protocol),
//    its stderr is forwarded to dxcheck's stderr up to a cap (then one line says it was
//    capped) and its last bytes kept for error messages;
//  - how it ended is reported precisely: exit status, signal and its name, killed by
//    dxcheck for a timeout or for memory.
// Use from one thread (the one that spawned: PR_SET_PDEATHSIG follows that thread).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dxcheck {

class ProcessGroupMemory;
using Deadline = std::chrono::steady_clock::time_point;

// now + seconds, saturating (a huge or infinite timeout is "never", not an overflow).
Deadline deadline_after(double seconds);

// min(4 GiB, half the machine's physical memory).
int64_t default_child_memory_limit_bytes();

struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is run as is (a path; no PATH search)
  std::string name;               // for messages, e.g. "the plugin worker"; default argv[0]
  // Resident memory cap (watchdog); 0: none.
  int64_t memory_limit_bytes = default_child_memory_limit_bytes();
  // RLIMIT_AS at twice the cap plus 1 GiB (allocators and thread stacks reserve far
  // more address space than they touch). Off under AddressSanitizer builds, and when
  // false (a child built with AddressSanitizer cannot start under it).
  bool address_space_backstop = true;
  // Bytes of the child's stderr passed on to dxcheck's stderr over its lifetime.
  int64_t stderr_forward_cap_bytes = int64_t{1} << 20;
  bool forward_stderr = true;  // false: only kept (the tail) for messages
};

struct SpawnError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How a child ended.
struct ChildExit {
  enum class How { exited, signaled, killed_for_timeout, killed_for_memory, unknown };
  How how = How::unknown;
  int code = 0;    // exited: the status
  int signal = 0;  // signaled: the signal
  int64_t memory_limit_bytes = 0;  // killed_for_memory: the cap it passed
  double timeout_seconds = 0;      // killed_for_timeout: what it did not meet
  bool stderr_says_out_of_memory = false;  // e.g. std::bad_alloc under RLIMIT_AS

  bool clean() const { return how == How::exited && code == 0; }
  bool out_of_memory() const { return how == How::killed_for_memory || stderr_says_out_of_memory; }
  // "exited with status 3", "killed by signal 11 (Segmentation fault)", "killed by
  // dxcheck: out of memory (resident memory passed its 4096 MiB cap)", ...
  std::string describe() const;
};

enum class IoStatus {
  ok,         // every byte moved
  closed,     // the child closed the pipe or died (see wait())
  timed_out,  // the deadline passed first (the child is still running)
};

class ChildProcess {
 public:
  // Starts the child; SpawnError names what failed (missing executable, no pipes...).
  explicit ChildProcess(const ChildSpec& spec);
  // Closes its stdin, gives it 100 ms to exit, then kills the group; reaps.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Exactly `size` bytes to its stdin / from its stdout, or why not. Its stderr is
  // drained meanwhile and its memory watched (an overrun kills it: then `closed`).
  IoStatus write(const void* data, size_t size, Deadline deadline);
  IoStatus read(void* data, size_t size, Deadline deadline);
  // At least one and at most `capacity` bytes from its stdout (*got says how many), for
  // a protocol of lines rather than sizes.
  IoStatus read_some(void* data, size_t capacity, size_t* got, Deadline deadline);
  void close_stdin();

  // Waits for the child to exit by itself until the deadline, then kills the group
  // (How::killed_for_timeout, with `timeout_seconds` for the message). Idempotent.
  ChildExit wait(Deadline deadline, double timeout_seconds = 0);
  // Kills the group now and reaps: How::signaled (SIGKILL), or how it had ended.
  ChildExit kill();
  // The same, reported as How::killed_for_timeout after `seconds` (unless it had
  // already ended by itself or for memory).
  ChildExit kill_for_timeout(double seconds);
  bool running() const { return !exit_.has_value(); }

  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }
  std::string stderr_tail() const;  // its last (up to 4 KiB) stderr bytes
  int64_t stderr_bytes() const { return stderr_total_; }
  int64_t peak_resident_bytes() const { return peak_resident_; }

 private:
  enum class Wake { ready, deadline, died };
  Wake wait_for(int fd, short events, Deadline deadline);
  void drain_stderr();
  void check_memory();
  void reap(bool block);
  void kill_group();

  std::string name_;
  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1, pidfd_ = -1;
  int64_t memory_limit_ = 0, forward_cap_ = 0;
  bool forward_ = true, capped_note_printed_ = false;
  int64_t stderr_total_ = 0, stderr_forwarded_ = 0, peak_resident_ = 0;
  std::string tail_;
  int raw_status_ = 0;
  bool reaped_ = false, killed_for_memory_ = false;
  std::chrono::steady_clock::time_point next_memory_sample_{};
  std::unique_ptr<ProcessGroupMemory> group_memory_;  // the watchdog's sampler
  std::optional<ChildExit> exit_;
  int slot_ = -1;  // in the table of groups killed on signals and exit
};

// "4096 MiB", "512 KiB": for messages.
std::string byte_size_text(int64_t bytes);

// Calls `hook` (async-signal-safe code only) from dxcheck's SIGINT/SIGTERM/SIGHUP
// handler after every child group has been killed and before the signal takes dxcheck
// down as usual; nullptr: none. The handlers are installed by the first ChildProcess
// or by this call.
void set_termination_hook(void (*hook)(int signal));

}  // namespace dxcheck
