#include "kernel_call.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "conv_info.h"

namespace dxcheck {
namespace {

constexpr int64_t kGuardFloats = 64;
constexpr uint32_t kInputGuard = 0x7fc0dead;  // read past dy or F: poisons dx
constexpr uint32_t kDxGuard = 0x7fc0beef;     // must still be there after the call
constexpr uint32_t kCanaryA = 0x7fa00001;     // two distinct NaN payloads in dx
constexpr uint32_t kCanaryB = 0xffb00002;

float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
uint32_t to_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

// count floats at `offset` bytes from a 64-byte boundary, then a guard zone.
class GuardedBuffer {
 public:
  GuardedBuffer(int64_t count, int64_t offset) : count_(count) {
    const size_t bytes = static_cast<size_t>(offset + (count + kGuardFloats) * 4);
    storage_.reset(static_cast<char*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64)));
    if (!storage_) throw std::bad_alloc();
    data_ = reinterpret_cast<float*>(storage_.get() + offset);
  }
  float* data() { return data_; }
  void fill(uint32_t bits) { std::fill(data_, data_ + count_, from_bits(bits)); }
  void guard(uint32_t bits) { std::fill(data_ + count_, data_ + count_ + kGuardFloats, from_bits(bits)); }
  bool guard_intact(uint32_t bits) const {
    for (int64_t i = 0; i < kGuardFloats; ++i) {
      if (to_bits(data_[count_ + i]) != bits) return false;
    }
    return true;
  }
  bool equals(const std::vector<float>& v) const {
    return count_ == 0 || std::memcmp(data_, v.data(), static_cast<size_t>(count_) * 4) == 0;
  }

 private:
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> storage_;
  float* data_;
  int64_t count_;
};

// ": <reason>" when the kernel says why its last call returned nonzero.
std::string kernel_says(const KernelEntry& kernel) {
  const char* message = kernel.message ? kernel.message() : nullptr;
  return message && *message ? std::string(": ") + message : std::string();
}

}  // namespace

Verdict verdict_of(const CallOutcome& call) {
  Verdict v = with_status(call.status, call.detail);
  v.fault = call.fault;
  return v;
}

CallOutcome call_kernel(const KernelEntry& kernel, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                        const std::vector<float>& filter, int64_t align_offset) {
  if (kernel.remote) return kernel.remote->call(desc, dy, filter, align_offset);
  CallOutcome outcome;
  const int64_t dx_count = element_count(dx_shape(desc));
  GuardedBuffer dy_buffer(static_cast<int64_t>(dy.size()), align_offset);
  GuardedBuffer filter_buffer(static_cast<int64_t>(filter.size()), align_offset);
  GuardedBuffer dx_buffer(dx_count, align_offset);
  if (!dy.empty()) std::memcpy(dy_buffer.data(), dy.data(), dy.size() * 4);
  if (!filter.empty()) std::memcpy(filter_buffer.data(), filter.data(), filter.size() * 4);
  dy_buffer.guard(kInputGuard);
  filter_buffer.guard(kInputGuard);
  dx_buffer.guard(kDxGuard);

  // The first call's dx, the outcome once the second call gave the same bits.
  std::vector<float> first;
  for (uint32_t canary : {kCanaryA, kCanaryB}) {
    dx_buffer.fill(canary);
    const int code = kernel.function(&desc, dy_buffer.data(), filter_buffer.data(), dx_buffer.data());
    if (code == DXCHECK_UNSUPPORTED) {
      outcome.status = Status::unsupported;
      outcome.detail = "the kernel declined the case" + kernel_says(kernel);
      return outcome;
    }
    if (code != DXCHECK_OK) {
      outcome.status = Status::failed;
      outcome.detail = "the kernel returned error code " + std::to_string(code) + kernel_says(kernel);
      return outcome;
    }
    if (!dx_buffer.guard_intact(kDxGuard)) {
      outcome.status = Status::failed;
      outcome.detail = "the kernel wrote past the end of dx";
      return outcome;
    }
    if (!dy_buffer.equals(dy) || !filter_buffer.equals(filter) || !dy_buffer.guard_intact(kInputGuard) ||
        !filter_buffer.guard_intact(kInputGuard)) {
      outcome.status = Status::failed;
      outcome.detail = "the kernel changed its inputs (dy or filter)";
      return outcome;
    }
    if (canary == kCanaryA) {
      first.assign(dx_buffer.data(), dx_buffer.data() + dx_count);
      continue;
    }
    if (dx_count > 0 && std::memcmp(first.data(), dx_buffer.data(), static_cast<size_t>(dx_count) * 4) == 0) continue;
    for (int64_t k = 0; k < dx_count; ++k) {
      const uint32_t bits = to_bits(dx_buffer.data()[k]), first_bits = to_bits(first[static_cast<size_t>(k)]);
      if (bits == first_bits) continue;
      const bool unwritten = first_bits == kCanaryA && bits == kCanaryB;
      outcome.status = Status::failed;
      outcome.detail = "dx element " + std::to_string(k) +
                       (unwritten ? " was not written" : " differs between two identical calls");
      return outcome;
    }
  }
  outcome.dx = std::move(first);
  return outcome;
}

}  // namespace dxcheck
