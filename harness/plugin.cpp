#include "plugin.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "fp_environment.h"
#include "kernel_call.h"

extern char** environ;

namespace dxcheck {
namespace {

constexpr int kRequestFd = 3, kResponseFd = 4;  // in the worker
constexpr uint32_t kHello = 0x49485844, kRequest = 0x51525844, kResponse = 0x53525844;

// ---- byte streams over pipes ------------------------------------------------------

bool write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

enum class ReadResult { ok, closed, timed_out };

// deadline < 0: wait forever (the worker side).
ReadResult read_all(int fd, void* data, size_t size, std::chrono::steady_clock::time_point deadline, bool wait_forever) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    if (!wait_forever) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return ReadResult::timed_out;
      pollfd pfd{fd, POLLIN, 0};
      const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) return ReadResult::timed_out;
    }
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ReadResult::closed;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return ReadResult::ok;
}

struct Writer {
  std::vector<char> bytes;
  template <typename T>
  void put(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof v);
  }
  void put_floats(const std::vector<float>& v) {
    put<uint64_t>(v.size());
    const char* p = reinterpret_cast<const char*>(v.data());
    bytes.insert(bytes.end(), p, p + v.size() * sizeof(float));
  }
  void put_text(const std::string& s) {
    put<uint64_t>(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
};

// Reads typed values from a pipe; any failure sticks in `result`.
struct Reader {
  int fd;
  std::chrono::steady_clock::time_point deadline;
  bool wait_forever;
  ReadResult result = ReadResult::ok;
  template <typename T>
  T get() {
    T v{};
    if (result == ReadResult::ok) result = read_all(fd, &v, sizeof v, deadline, wait_forever);
    return v;
  }
  std::vector<float> get_floats() {
    const uint64_t n = get<uint64_t>();
    std::vector<float> v;
    if (result != ReadResult::ok || n > (uint64_t{1} << 32)) return result = ReadResult::closed, v;
    v.resize(n);
    if (n) result = read_all(fd, v.data(), n * sizeof(float), deadline, wait_forever);
    return v;
  }
  std::string get_text() {
    const uint64_t n = get<uint64_t>();
    std::string s;
    if (result != ReadResult::ok || n > (1u << 20)) return result = ReadResult::closed, s;
    s.resize(n);
    if (n) result = read_all(fd, s.data(), n, deadline, wait_forever);
    return s;
  }
};

// ---- the parent side ---------------------------------------------------------------

int high_cloexec(int fd) {
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

class PluginKernel : public RemoteKernel {
 public:
  PluginKernel(std::string path, PluginOptions options) : path_(std::move(path)), options_(std::move(options)) {
    if (options_.worker_executable.empty()) options_.worker_executable = std::filesystem::read_symlink("/proc/self/exe");
    std::string error;
    if (!start(&error)) throw PluginLoadError("cannot load plugin " + path_ + ": " + error);
  }
  ~PluginKernel() override { stop(); }

  std::string load_warning() const override { return load_warning_; }

  CallOutcome call(const dxcheck_conv_desc& desc, const std::vector<float>& dy, const std::vector<float>& filter,
                   int64_t align_offset) override {
    CallOutcome outcome;
    outcome.status = Status::failed;
    std::string error;
    if (pid_ <= 0 && !start(&error)) {
      outcome.detail = "could not restart the plugin worker: " + error;
      return outcome;
    }
    Writer request;
    request.put(kRequest);
    request.put(desc);
    request.put<int64_t>(align_offset);
    request.put_floats(dy);
    request.put_floats(filter);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(options_.call_timeout_seconds * 1000));
    Reader in{from_worker_, deadline, false};
    if (write_all(to_worker_, request.bytes.data(), request.bytes.size()) && in.get<uint32_t>() == kResponse) {
      const int32_t status = in.get<int32_t>();
      outcome.detail = in.get_text();
      outcome.dx = in.get_floats();
      if (in.result == ReadResult::ok) {
        outcome.status = status == 0 ? Status::passed : status == 1 ? Status::unsupported : Status::failed;
        return outcome;
      }
    }
    if (in.result == ReadResult::timed_out) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", options_.call_timeout_seconds);
      outcome.detail = std::string(kTimeoutDetail) + " " + seconds + " s (worker killed)";
      ::kill(pid_, SIGKILL);
    }
    const int wait_status = reap();
    if (in.result != ReadResult::timed_out) {
      outcome.detail = WIFSIGNALED(wait_status)
                           ? "the kernel crashed (signal " + std::to_string(WTERMSIG(wait_status)) + ", " +
                                 strsignal(WTERMSIG(wait_status)) + ")"
                           : "the kernel crashed (the worker exited with status " +
                                 std::to_string(WEXITSTATUS(wait_status)) + ", e.g. a sanitizer's report)";
    }
    return outcome;
  }

 private:
  bool start(std::string* error) {
    int request_pipe[2], response_pipe[2];
    if (::pipe(request_pipe) != 0 || ::pipe(response_pipe) != 0) return *error = std::strerror(errno), false;
    const int child_in = high_cloexec(request_pipe[0]), parent_out = high_cloexec(request_pipe[1]);
    const int parent_in = high_cloexec(response_pipe[0]), child_out = high_cloexec(response_pipe[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in, kRequestFd);
    posix_spawn_file_actions_adddup2(&actions, child_out, kResponseFd);
    std::string exe = options_.worker_executable, mode = "__plugin-worker", lib = path_;
    char* argv[] = {exe.data(), mode.data(), lib.data(), nullptr};
    const int spawned = ::posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(child_in);
    ::close(child_out);
    to_worker_ = parent_out;
    from_worker_ = parent_in;
    if (spawned != 0) {
      pid_ = 0;
      stop();
      return *error = "cannot start the worker " + exe + ": " + std::strerror(spawned), false;
    }
    Reader in{from_worker_, std::chrono::steady_clock::now() + std::chrono::seconds(60), false};
    const bool hello = in.get<uint32_t>() == kHello;
    const int32_t loaded = in.get<int32_t>();
    const std::string message = in.get_text();
    if (!hello || in.result != ReadResult::ok) {
      stop();
      return *error = "the worker died while loading it", false;
    }
    if (loaded != 0) {
      stop();
      return *error = message, false;
    }
    load_warning_ = message;
    return true;
  }

  int reap() {
    int status = 0;
    if (pid_ > 0) ::waitpid(pid_, &status, 0);
    pid_ = 0;
    stop();
    return status;
  }

  void stop() {
    if (to_worker_ >= 0) ::close(to_worker_);
    if (from_worker_ >= 0) ::close(from_worker_);
    to_worker_ = from_worker_ = -1;
    if (pid_ > 0) {  // closing its request pipe ends the worker's loop
      int status;
      ::waitpid(pid_, &status, 0);
      pid_ = 0;
    }
  }

  std::string path_;
  PluginOptions options_;
  pid_t pid_ = 0;
  int to_worker_ = -1, from_worker_ = -1;
  std::string load_warning_;
};

// ---- the worker side ---------------------------------------------------------------

void send_hello(int32_t status, const std::string& message) {
  Writer w;
  w.put(kHello);
  w.put(status);
  w.put_text(message);
  write_all(kResponseFd, w.bytes.data(), w.bytes.size());
}

}  // namespace

KernelEntry load_plugin(const std::string& path, const PluginOptions& options) {
  if (!std::filesystem::exists(path)) throw PluginLoadError("cannot load plugin " + path + ": no such file");
  ::signal(SIGPIPE, SIG_IGN);  // a dead worker shows as a failed write, not a dead dxcheck
  KernelEntry entry;
  entry.name = "lib:" + path;
  entry.description = "plugin " + path;
  entry.remote = std::make_shared<PluginKernel>(path, options);
  return entry;
}

int plugin_worker_main(const std::string& path) {
  ::dup2(2, 1);  // whatever the plugin prints must not reach the protocol
  const uint32_t fp_before = fp_control_state();
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) return send_hello(1, ::dlerror()), 2;
  auto function = reinterpret_cast<dxcheck_backprop_input_fn>(::dlsym(library, "dxcheck_backprop_input"));
  if (!function) return send_hello(1, "it does not export dxcheck_backprop_input"), 2;
  if (auto version = reinterpret_cast<int (*)()>(::dlsym(library, "dxcheck_kernel_abi_version"))) {
    const int v = version();
    if (v != DXCHECK_KERNEL_ABI_VERSION) {
      return send_hello(1, "its dxcheck_kernel_abi_version() is " + std::to_string(v) + "; this dxcheck speaks " +
                               std::to_string(DXCHECK_KERNEL_ABI_VERSION)),
             2;
    }
  }
  std::string warning;
  const uint32_t fp_after = fp_control_state();
  if (fp_after != fp_before) {
    warning = "loading the plugin changed the floating-point environment: " + describe_fp_change(fp_before, fp_after) +
              " (built with -ffast-math?); restored";
    restore_fp_control_state(fp_before);
  }
  send_hello(0, warning);

  KernelEntry entry;
  entry.name = path;
  entry.function = function;
  Reader in{kRequestFd, {}, true};
  while (in.get<uint32_t>() == kRequest && in.result == ReadResult::ok) {
    const auto desc = in.get<dxcheck_conv_desc>();
    const auto align = in.get<int64_t>();
    const auto dy = in.get_floats();
    const auto filter = in.get_floats();
    if (in.result != ReadResult::ok) break;
    const uint32_t before = fp_control_state();
    CallOutcome outcome = call_kernel(entry, desc, dy, filter, align);
    const uint32_t after = fp_control_state();
    if (after != before) {
      restore_fp_control_state(before);
      outcome.status = Status::failed;
      outcome.detail = "the kernel changed the floating-point environment: " + describe_fp_change(before, after);
      outcome.dx.clear();
    }
    Writer w;
    w.put(kResponse);
    w.put<int32_t>(outcome.status == Status::passed ? 0 : outcome.status == Status::unsupported ? 1 : 2);
    w.put_text(outcome.detail);
    w.put_floats(outcome.dx);
    if (!write_all(kResponseFd, w.bytes.data(), w.bytes.size())) break;
  }
  return 0;
}

}  // namespace dxcheck
