// Shared between the benchmark translation units.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>

#include "dxcheck_kernel.h"

namespace dxcheck_bench {

// Floats on a 64-byte boundary, as frameworks allocate tensors (TensorFlow, PyTorch and
// oneDNN align to 64 bytes): a 16-float row then starts a cache line, as it does for users.
class AlignedFloats {
 public:
  explicit AlignedFloats(size_t count)
      : data_(static_cast<float*>(std::aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64))) {
    if (data_ == nullptr) throw std::bad_alloc();
    std::memset(data_.get(), 0, count * sizeof(float));
  }
  float* data() { return data_.get(); }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
};

// A prepared oneDNN backward-data primitive on plain memory; run() executes it once.
struct Baseline {
  virtual ~Baseline() = default;
  virtual void run() = 0;
  virtual std::string implementation() const = 0;
};

// nullptr when oneDNN is not built in or declines the shape.
std::unique_ptr<Baseline> make_onednn(const dxcheck_conv_desc& desc, const float* dy,
                                      const float* filter, float* dx);

// oneDNN's implementation name for the shape ("" when not built in or declined), from a
// primitive descriptor alone: no buffers.
std::string onednn_implementation(const dxcheck_conv_desc& desc);

// What this CPU runs: AVX2 with FMA; AVX-512F as well (fma_peak.cpp).
bool has_avx2();
bool has_avx512();

// Registers fma_peak/avx2 and fma_peak/avx512, each threads:1 and threads:2.
void register_fma_peak();

// Registers tile/<isa>/panel-in-l1 and tile/<isa>/res3x3s1-panels (microkernel_tile.cpp).
void register_microkernel_tiles();

}  // namespace dxcheck_bench
