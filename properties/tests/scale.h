// DXCHECK_PROP_SCALE (e.g. 100 for nightly runs) multiplies every case count of the
// property tests; unset or invalid means 1.
#pragma once

#include <cstdint>
#include <cstdlib>

namespace dxcheck::testing {

inline int prop_scale() {
  const char* text = std::getenv("DXCHECK_PROP_SCALE");
  if (!text) return 1;
  const long value = std::strtol(text, nullptr, 10);
  return value >= 1 && value <= 100000 ? static_cast<int>(value) : 1;
}

// DXCHECK_PROP_SEED overrides the teeth tests' fixed seed (to try others by hand).
inline uint64_t prop_seed(uint64_t fallback) {
  const char* text = std::getenv("DXCHECK_PROP_SEED");
  return text ? std::strtoull(text, nullptr, 10) : fallback;
}

}  // namespace dxcheck::testing
