// Shared between the benchmark translation units.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "dxcheck_kernel.h"

namespace dxcheck_bench {

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

// Registers fma_peak/avx2 and fma_peak/avx512, each threads:1 and threads:2.
void register_fma_peak();

}  // namespace dxcheck_bench
