#include "worker_kernel.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "conv_info.h"
#include "kernel_call.h"
#include "plugin.h"

namespace dxcheck {
namespace {

constexpr uint32_t kCanaryA = 0x7fa00001;  // the payloads kernel_call.cpp uses in-process
constexpr uint32_t kCanaryB = 0xffb00002;

uint32_t bits_of(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

CallOutcome failed(std::string detail, Fault fault = Fault::none) {
  CallOutcome outcome;
  outcome.status = Status::failed;
  outcome.detail = std::move(detail);
  outcome.fault = fault;
  return outcome;
}

class WorkerKernel : public RemoteKernel {
 public:
  explicit WorkerKernel(WorkerSpec spec) : spec_(std::move(spec)) {
    connection_ = std::make_unique<WorkerConnection>(spec_);  // a load error surfaces here
  }
  ~WorkerKernel() override {
    if (connection_) connection_->finish();
  }

  std::string load_warning() const override { return ""; }
  std::string implementation() const { return connection_ ? connection_->hello().implementation : ""; }

  CallOutcome call(const dxcheck_conv_desc& desc, const std::vector<float>& dy, const std::vector<float>& filter,
                   int64_t /*align_offset: the worker's memory is its own*/) override {
    const auto expected_shape = dx_shape(desc);
    const int64_t dx_count = element_count(expected_shape);
    std::vector<float> first;
    for (const uint32_t canary : {kCanaryA, kCanaryB}) {
      if (!connection_) {
        try {
          connection_ = std::make_unique<WorkerConnection>(spec_);
        } catch (const std::exception& e) {
          return failed(std::string("could not restart the worker: ") + e.what());
        }
      }
      const int64_t id = next_id_++;
      WorkerConnection::Received got;
      if (connection_->send(worker_request_line(id, desc, dy, filter, canary), spec_.call_timeout_seconds)) {
        got = connection_->receive(spec_.call_timeout_seconds, worker_response_max_bytes(dx_count));
      } else {
        got.failure = "the worker stopped reading requests";
        connection_->kill();
      }
      if (got.ok && got.response.id != nlohmann::json(id)) {
        got.ok = false;
        got.failure = "the worker answered id " + got.response.id.dump() + " to request " + std::to_string(id);
        connection_->kill();
      }
      if (!got.ok) {
        const std::string why = got.failure + connection_->finish();
        connection_.reset();  // the next call starts a fresh worker
        return failed(why, got.fault);
      }
      const WorkerResponse& r = got.response;
      if (r.kind == WorkerResponse::Kind::decline) {
        if (!first.empty()) return failed("the worker declined a case it had answered: " + r.text);
        CallOutcome outcome;
        outcome.status = Status::unsupported;
        outcome.detail = "the kernel declined the case: " + r.text;  // kernel_call.cpp's words
        return outcome;
      }
      if (r.kind == WorkerResponse::Kind::error) return failed("the worker's kernel failed: " + r.text);
      if (r.shape != std::vector<int64_t>(expected_shape.begin(), expected_shape.end())) {
        return failed("the worker's dx has shape " + shape_text(r.shape) + ", not " +
                      shape_text({expected_shape.begin(), expected_shape.end()}));
      }
      if (static_cast<int64_t>(r.dx.size()) != dx_count) {
        return failed("the worker sent " + std::to_string(r.dx.size()) + " dx elements of " + std::to_string(dx_count));
      }
      if (canary == kCanaryA) {
        first = r.dx;
        if (first.empty()) break;  // nothing to write: one call says all
        continue;
      }
      for (int64_t k = 0; k < dx_count; ++k) {
        const uint32_t a = bits_of(first[static_cast<size_t>(k)]), b = bits_of(r.dx[static_cast<size_t>(k)]);
        if (a == b) continue;
        const bool unwritten = a == kCanaryA && b == kCanaryB;
        // NaN by NaN-ness (docs/design.md "Semantics matched, and where dxcheck is stricter"): a JIT may produce another NaN sign or payload on a
        // later call (WebAssembly leaves NaN bits nondeterministic); the canaries excepted.
        const bool canary = a == kCanaryA || a == kCanaryB || b == kCanaryA || b == kCanaryB;
        if (!canary && std::isnan(first[static_cast<size_t>(k)]) && std::isnan(r.dx[static_cast<size_t>(k)])) continue;
        char bits[64];
        std::snprintf(bits, sizeof bits, " (0x%08x, then 0x%08x)", a, b);
        return failed("dx element " + std::to_string(k) +
                      (unwritten ? " was not written (it kept the canary)" : " differs between two identical calls") + bits);
      }
    }
    CallOutcome outcome;
    outcome.dx = std::move(first);
    return outcome;
  }

 private:
  WorkerSpec spec_;
  std::unique_ptr<WorkerConnection> connection_;
  int64_t next_id_ = 0;
};

}  // namespace

std::chrono::milliseconds WorkerConnection::millis(double seconds) {
  // Saturating: a huge timeout is "never", not an overflow.
  if (!(seconds < 1e12)) return std::chrono::milliseconds(int64_t{1} << 50);
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(std::max(0.0, seconds) * 1000)));
}

WorkerConnection::WorkerConnection(const WorkerSpec& spec) try : process_(spec.command, spec.limits) {
  std::string line;
  const auto read = process_.read_line(&line, millis(spec.start_timeout_seconds), 1 << 20);
  if (read != WorkerProcess::Read::line) {
    if (read == WorkerProcess::Read::timed_out) process_.kill();
    const char* what = read == WorkerProcess::Read::timed_out ? "said no hello within " : "ended before its hello";
    throw PluginLoadError("cannot start worker " + spec.name + ": it " + what +
                          (read == WorkerProcess::Read::timed_out ? seconds_text(spec.start_timeout_seconds) + " s" : "") +
                          died_text());
  }
  try {
    hello_ = parse_worker_hello(line);
  } catch (const std::exception& e) {
    process_.kill();
    throw PluginLoadError("cannot start worker " + spec.name + ": " + e.what() + died_text());
  }
} catch (const std::runtime_error& e) {
  if (dynamic_cast<const PluginLoadError*>(&e)) throw;
  throw PluginLoadError("cannot start worker " + spec.name + ": " + e.what());
}

WorkerConnection::Received WorkerConnection::receive(double timeout_seconds, size_t max_bytes) {
  Received got;
  std::string line;
  switch (process_.read_line(&line, millis(timeout_seconds), max_bytes)) {
    case WorkerProcess::Read::line:
      got.response = parse_worker_response(line);
      got.ok = got.response.kind != WorkerResponse::Kind::malformed;
      if (!got.ok) {
        got.failure = "the worker answered garbage: " + got.response.text;
        process_.kill();
      }
      return got;
    case WorkerProcess::Read::timed_out:
      got.failure = std::string(kTimeoutDetail) + " " + seconds_text(timeout_seconds) + " s (worker killed)";
      got.fault = Fault::hung;
      break;
    case WorkerProcess::Read::too_long:
      got.failure = "the worker sent more than " + std::to_string(max_bytes) + " bytes without ending the line";
      break;
    case WorkerProcess::Read::closed:
      got.failure = process_.wait(std::chrono::seconds(1)).out_of_memory() ? "the kernel ran out of memory"
                                                                            : "the worker died before answering";
      got.fault = Fault::crashed;
      break;
  }
  process_.kill();
  return got;
}

std::string WorkerConnection::died_text() {
  const std::string exit = worker_exit_text(process_.wait(std::chrono::seconds(1)));
  const std::string tail = process_.stderr_tail();
  return " (" + exit + ")" + (tail.empty() ? "" : "; its stderr: " + tail);
}

std::string WorkerConnection::finish() {
  process_.close_input();
  const ChildExit exit = process_.wait(std::chrono::seconds(5));
  if (exit.clean()) return "";
  const std::string tail = process_.stderr_tail();
  return " (" + worker_exit_text(exit) + ")" + (tail.empty() ? "" : "; its stderr: " + tail);
}

KernelEntry load_worker_kernel(const WorkerSpec& spec) {
  KernelEntry entry;
  entry.name = spec.name;
  entry.fixed_order = spec.fixed_order;
  entry.tfjs_bitwise = spec.tfjs_bitwise;
  auto kernel = std::make_shared<WorkerKernel>(spec);
  const std::string implementation = kernel->implementation();
  entry.description = spec.description + (implementation.empty() ? "" : " [" + implementation + "]");
  entry.remote = kernel;
  return entry;
}

std::vector<std::string> split_worker_command(const std::string& command) {
  std::vector<std::string> argv;
  std::istringstream words(command);
  for (std::string word; words >> word;) argv.push_back(word);
  return argv;
}

}  // namespace dxcheck
