#include "plugin.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "conv_info.h"
#include "kernel_call.h"
#include "plugin_protocol.h"

#ifndef DXCHECK_INSTALLED_WORKER
#define DXCHECK_INSTALLED_WORKER "/usr/local/bin/dxcheck-worker"
#endif

namespace dxcheck {
namespace {

using namespace plugin_protocol;

// The canary pair is two invocations; more marks than that is a garbled stream (and
// must not keep a hung call alive forever).
constexpr int kMaxInvocationMarks = 2;

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

// The worker's last stderr line, for a message (sanitizer reports end with a summary).
std::string last_line(const std::string& tail) {
  size_t end = tail.find_last_not_of("\n\r ");
  if (end == std::string::npos) return "";
  const size_t begin = tail.find_last_of('\n', end);
  std::string line = tail.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1) + 1);
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

class PluginKernel : public RemoteKernel {
 public:
  PluginKernel(std::string path, PluginOptions options) : path_(std::move(path)), options_(std::move(options)) {
    if (options_.worker_executable.empty()) options_.worker_executable = default_worker_executable();
    std::string error;
    if (!start(&error)) throw PluginLoadError("cannot load plugin " + path_ + ": " + error);
  }

  std::string load_warning() const override { return load_warning_; }

  CallOutcome call(const dxcheck_conv_desc& desc, const std::vector<float>& dy, const std::vector<float>& filter,
                   int64_t align_offset) override {
    CallOutcome outcome;
    outcome.status = Status::failed;
    std::string error;
    if (!worker_ && !start(&error)) {
      outcome.detail = "could not restart the plugin worker: " + error;
      return outcome;
    }
    Writer request;
    request.put(kRequest);
    request.put(desc);
    request.put<int64_t>(align_offset);
    request.put_floats(dy);
    request.put_floats(filter);
    const double timeout = options_.call_timeout_seconds;
    Deadline deadline = deadline_after(timeout);
    ChildProcess& worker = *worker_;
    IoStatus io = worker.write(request.bytes.data(), request.bytes.size(), deadline);
    auto in = reader([&](void* p, size_t n) { return (io = worker.read(p, n, deadline)) == IoStatus::ok; });
    in.ok = io == IoStatus::ok;
    uint32_t magic = in.get<uint32_t>();
    for (int marks = 0; in.ok && magic == kInvocation && marks < kMaxInvocationMarks; ++marks) {
      deadline = deadline_after(timeout);  // each invocation gets the whole timeout
      magic = in.get<uint32_t>();
    }
    if (in.ok && magic == kResponse) {
      const int32_t status = in.get<int32_t>();
      outcome.detail = in.get_text();
      outcome.dx = in.get_floats(static_cast<uint64_t>(std::max<int64_t>(0, element_count(dx_shape(desc)))));
      if (in.ok) {
        outcome.status = status == 0 ? Status::passed : status == 1 ? Status::unsupported : Status::failed;
        return outcome;
      }
    }
    outcome.dx.clear();
    if (io == IoStatus::timed_out) {
      worker.kill_for_timeout(timeout);
      outcome.fault = Fault::hung;
      outcome.detail = std::string(kTimeoutDetail) + " " + seconds_text(timeout) + " s (worker killed)";
    } else if (io == IoStatus::closed) {
      outcome.fault = Fault::crashed;
      outcome.detail = crash_text(worker.wait(deadline_after(2), 2), worker.stderr_tail());
    } else {
      worker.kill();
      outcome.detail = "the plugin worker's answer was garbled (did the kernel write to dxcheck's pipe?); worker killed";
    }
    worker_.reset();  // the next call starts a fresh worker
    return outcome;
  }

 private:
  static std::string crash_text(const ChildExit& exit, const std::string& tail) {
    std::string text;
    switch (exit.how) {
      case ChildExit::How::signaled:
        text = "the kernel crashed (signal " + std::to_string(exit.signal) + ", " + ::strsignal(exit.signal) + ")";
        break;
      case ChildExit::How::exited:
        text = "the kernel crashed (the worker exited with status " + std::to_string(exit.code) +
               ", e.g. a sanitizer's report)";
        break;
      case ChildExit::How::killed_for_memory:
        return "the kernel ran out of memory: the worker's resident memory passed its " +
               byte_size_text(exit.memory_limit_bytes) + " cap (--memory-limit); worker killed";
      case ChildExit::How::killed_for_timeout:
        return "the plugin worker closed its pipe but did not exit; worker killed";
      case ChildExit::How::unknown: text = "the plugin worker ended in an unknown way"; break;
    }
    if (exit.stderr_says_out_of_memory) text += "; out of memory: an allocation failed (its stderr: " + last_line(tail) + ")";
    return text;
  }

  bool start(std::string* error) {
    ChildSpec spec;
    spec.argv = {options_.worker_executable, "__plugin-worker", path_};
    spec.name = "the plugin worker for " + path_;
    spec.memory_limit_bytes = options_.memory_limit_bytes;
    spec.stderr_forward_cap_bytes = options_.output_cap_bytes;
    try {
      worker_ = std::make_unique<ChildProcess>(spec);
    } catch (const SpawnError& e) {
      return *error = e.what(), false;
    }
    ChildProcess& worker = *worker_;
    const Deadline deadline = deadline_after(options_.load_timeout_seconds);
    IoStatus io = IoStatus::ok;
    auto in = reader([&](void* p, size_t n) { return (io = worker.read(p, n, deadline)) == IoStatus::ok; });
    const uint32_t magic = in.get<uint32_t>();
    const int32_t loaded = in.get<int32_t>();
    const std::string message = in.get_text();
    if (!in.ok || magic != kHello) {
      if (io == IoStatus::timed_out) {
        worker.kill_for_timeout(options_.load_timeout_seconds);
        *error = "it did not finish loading within " + seconds_text(options_.load_timeout_seconds) +
                 " s (a constructor that blocks?); worker killed (--load-timeout)";
      } else if (io == IoStatus::closed) {
        const ChildExit exit = worker.wait(deadline_after(2), 2);
        *error = "the worker died while loading it: " +
                 (exit.how == ChildExit::How::killed_for_memory ? "out of memory, " + exit.describe() : exit.describe());
      } else {
        worker.kill();
        *error = "the worker's hello was garbled (did a constructor write to dxcheck's pipe?)";
      }
      worker_.reset();
      return false;
    }
    if (loaded != 0) {
      worker_.reset();
      return *error = message, false;
    }
    load_warning_ = message;
    return true;
  }

  std::string path_;
  PluginOptions options_;
  std::unique_ptr<ChildProcess> worker_;
  std::string load_warning_;
};

}  // namespace

std::string default_worker_executable() {
  if (const char* given = std::getenv("DXCHECK_WORKER"); given && *given) return given;
  std::error_code no_self;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", no_self);
  std::vector<std::filesystem::path> candidates;
  if (!no_self) candidates.push_back(self.parent_path() / "dxcheck-worker");
  candidates.push_back(DXCHECK_INSTALLED_WORKER);
  for (const auto& candidate : candidates) {
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate.string();
  }
  throw PluginLoadError("no dxcheck-worker to run the plugin in: none beside " +
                        (no_self ? std::string("this program") : self.string()) + " nor at " +
                        DXCHECK_INSTALLED_WORKER + "; set DXCHECK_WORKER or PluginOptions::worker_executable");
}

KernelEntry load_plugin(const std::string& path, const PluginOptions& options) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error && status.type() != std::filesystem::file_type::not_found) {
    throw PluginLoadError("cannot load plugin " + path + ": " + error.message());  // e.g. a symlink loop
  }
  if (status.type() == std::filesystem::file_type::not_found) throw PluginLoadError("cannot load plugin " + path + ": no such file");
  if (status.type() == std::filesystem::file_type::directory) throw PluginLoadError("cannot load plugin " + path + ": a directory, not a library");
  KernelEntry entry;
  entry.name = "lib:" + path;
  entry.description = "plugin " + path;
  entry.remote = std::make_shared<PluginKernel>(path, options);
  return entry;
}

}  // namespace dxcheck
