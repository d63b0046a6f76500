// Deterministic input data: splitmix64, one stream per tensor, and an integer-only
// mapping from random bits to floats (an integer times an exact power of two, or a
// value from a fixed table), so every compiler rebuilds the same bits.
#pragma once

#include <cstdint>
#include <vector>

#include "case.h"

namespace dxcheck {

enum class TensorId : uint64_t { dy = 1, filter = 2, x = 3, dy2 = 4, filter2 = 5 };

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t state) : state_(state) {}
  // The stream of one tensor of one case.
  static SplitMix64 for_tensor(uint64_t seed, TensorId id);
  uint64_t next();
  // SplitMix64's finalizer: a bijection that spreads every input bit over the output
  // (also what derives independent seeds from a seed and an index).
  static uint64_t mix(uint64_t z);
  // Uniform enough in [low, high]; the small modulo bias does not matter here.
  int64_t in_range(int64_t low, int64_t high);

 private:
  uint64_t state_;
};

// What the data must respect: how many terms one dx element sums at most, and how
// large |dy| * |F| * terms may get for integer data to stay exact (2^24 for float32;
// properties that add two inputs use 2^23).
struct FillBudget {
  int64_t max_terms = 1;
  int64_t exact_budget = int64_t{1} << 24;
};

// An upper bound on the real terms of any dx element: ceil(fh/sh) * ceil(fw/sw) * O.
int64_t max_terms_per_element(const dxcheck_conv_desc& desc);

// Largest integer magnitude B with B * B * max_terms <= exact_budget (at least 1).
int64_t integer_bound(const FillBudget& budget);

std::vector<float> fill_tensor(Fill fill, uint64_t seed, TensorId id, int64_t count,
                               const FillBudget& budget);

// The inputs a Case describes, resolved: desc, dy and filter in the desc's layout.
struct CaseData {
  dxcheck_conv_desc desc;
  FillBudget budget;
  std::vector<float> dy;
  std::vector<float> filter;
};

// Throws ConvInfoError for attributes that are rejected.
CaseData make_case_data(const Case& c, const Limits& limits = {});

}  // namespace dxcheck
