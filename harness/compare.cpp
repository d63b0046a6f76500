#include "compare.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "conv_info.h"

namespace dxcheck {
namespace {

constexpr double kUnitDouble = 0x1p-53;
constexpr double kEta = 0x1p-150;
constexpr size_t kWorstKept = 5;
const double kInfinity = std::numeric_limits<double>::infinity();

bool matches_pattern(reference::Pattern pattern, float got) {
  switch (pattern) {
    case reference::Pattern::nan: return std::isnan(got);
    case reference::Pattern::positive_infinity: return got == std::numeric_limits<float>::infinity();
    case reference::Pattern::negative_infinity: return got == -std::numeric_limits<float>::infinity();
    case reference::Pattern::finite: return std::isfinite(got);
  }
  return false;
}

double pattern_value(reference::Pattern pattern, double finite_value) {
  switch (pattern) {
    case reference::Pattern::nan: return std::numeric_limits<double>::quiet_NaN();
    case reference::Pattern::positive_infinity: return kInfinity;
    case reference::Pattern::negative_infinity: return -kInfinity;
    case reference::Pattern::finite: break;
  }
  return finite_value;
}

// Gathers element outcomes into a verdict: keeps the worst few, counts, and decides
// MISTRUSTED when the data proved nothing (almost every element with real terms is 0).
class Collector {
 public:
  Collector(const dxcheck_conv_desc& desc, const float* dx) : desc_(desc), dx_(dx) {}

  void failure(int64_t k, double expected, double tau, const std::string& why) {
    record(k, expected, tau, kInfinity, why);
    ++failures_;
  }
  void pass(int64_t k, double expected, double tau, double use) {
    verdict_.max_bound_use = std::max(verdict_.max_bound_use, use);
    record(k, expected, tau, use, "");
  }
  void unbounded() { ++verdict_.unbounded; }
  void informative(bool nonzero) {
    ++with_terms_;
    if (nonzero) ++nonzero_;
  }

  Verdict finish(int64_t count) {
    verdict_.checked = count;
    std::sort(verdict_.worst.begin(), verdict_.worst.end(),
              [](const ElementReport& a, const ElementReport& b) { return a.bound_use > b.bound_use; });
    if (failures_ > 0) {
      verdict_.status = Status::failed;
      verdict_.detail = std::to_string(failures_) + " of " + std::to_string(count) + " elements wrong";
    } else if (with_terms_ > 0 && nonzero_ * 10 < with_terms_) {
      verdict_.status = Status::mistrusted;
      verdict_.detail = "only " + std::to_string(nonzero_) + " of " + std::to_string(with_terms_) +
                        " elements with real terms are nonzero: the data proves little";
    }
    return verdict_;
  }

 private:
  void record(int64_t k, double expected, double tau, double use, const std::string& why) {
    if (verdict_.worst.size() == kWorstKept) {
      auto least = std::min_element(verdict_.worst.begin(), verdict_.worst.end(),
                                    [](const ElementReport& a, const ElementReport& b) { return a.bound_use < b.bound_use; });
      if (least->bound_use >= use) return;
      verdict_.worst.erase(least);
    }
    ElementReport e;
    e.index = k;
    e.position = dx_position(desc_, k);
    e.expected = expected;
    e.got = dx_[k];
    e.tau = tau;
    e.ulps = ulp_distance(static_cast<float>(expected), dx_[k]);
    e.bound_use = use;
    e.why = why;
    verdict_.worst.push_back(e);
  }

  const dxcheck_conv_desc& desc_;
  const float* dx_;
  Verdict verdict_;
  int64_t failures_ = 0, with_terms_ = 0, nonzero_ = 0;
};

int64_t dx_elements(const dxcheck_conv_desc& d) { return element_count(dx_shape(d)); }

// Shared by every comparison: structural zeros and non-finite patterns; returns false
// when the element was decided here.
bool decided_without_value(Collector& out, const reference::Backprop& ref, int64_t k, float got,
                           bool pattern_applies) {
  if (ref.terms[k] == 0) {
    if (got != 0.0f) out.failure(k, 0.0, 0.0, "no real term, so it must be exactly zero");
    else out.pass(k, 0.0, 0.0, 0.0);
    return true;
  }
  const auto pattern = ref.pattern[k];
  if (pattern != reference::Pattern::finite) {
    out.informative(true);
    if (!pattern_applies) {
      out.unbounded();
      return true;
    }
    if (matches_pattern(pattern, got)) out.pass(k, pattern_value(pattern, 0), 0.0, 0.0);
    else out.failure(k, pattern_value(pattern, 0), 0.0, "non-finite pattern differs");
    return true;
  }
  out.informative(ref.dx[k] != 0.0);
  return false;
}

}  // namespace

const char* to_string(Status status) {
  switch (status) {
    case Status::passed: return "PASSED";
    case Status::failed: return "FAILED";
    case Status::unsupported: return "UNSUPPORTED";
    case Status::skipped: return "SKIPPED";
    case Status::mistrusted: return "MISTRUSTED";
  }
  return "?";
}

double unit_roundoff(Precision precision) {
  switch (precision) {
    case Precision::fp32: return 0x1p-24;
    case Precision::tf32: return 0x1p-11;
    case Precision::bf16: return 0x1p-8;
    case Precision::fp16: return 0x1p-11;
  }
  return 0x1p-24;
}

const char* to_string(Precision precision) {
  switch (precision) {
    case Precision::fp32: return "fp32";
    case Precision::tf32: return "tf32";
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
  }
  return "?";
}

bool parse_precision(const std::string& text, Precision* out) {
  for (Precision p : {Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16}) {
    if (text == to_string(p)) return *out = p, true;
  }
  return false;
}

double gamma(double n, double unit) {
  const double nu = n * unit;
  return nu < 1 ? nu / (1 - nu) : kInfinity;
}

Bound element_bound(double n, double magnitude, Precision precision) {
  const double u = unit_roundoff(precision);
  const double g = gamma(n, u);
  if (n * u >= 1 || magnitude * (1 + g) > FLT_MAX) return {false, kInfinity};
  return {true, g * magnitude + gamma(n + 1, kUnitDouble) * magnitude + 2 * (n + 1) * kEta};
}

Verdict compare_within_bound(const dxcheck_conv_desc& desc, const reference::Backprop& ref, const float* dx,
                             Precision precision) {
  Collector out(desc, dx);
  const int64_t count = dx_elements(desc);
  for (int64_t k = 0; k < count; ++k) {
    const Bound bound = element_bound(ref.terms[k], ref.magnitude[k], precision);
    if (decided_without_value(out, ref, k, dx[k], bound.bounded)) continue;
    if (!bound.bounded) {
      out.unbounded();
      continue;
    }
    const double error = std::fabs(static_cast<double>(dx[k]) - ref.dx[k]);
    if (!(error <= bound.tau)) {  // NaN and Inf land here too
      out.failure(k, ref.dx[k], bound.tau, "outside the error bound");
    } else {
      out.pass(k, ref.dx[k], bound.tau, error / bound.tau);
    }
  }
  return out.finish(count);
}

Verdict compare_faithful_interval(const dxcheck_conv_desc& desc, const reference::Backprop& ref,
                                  const float* dx) {
  Collector out(desc, dx);
  const int64_t count = dx_elements(desc);
  for (int64_t k = 0; k < count; ++k) {
    // A double accumulation of float32 products cannot overflow: the pattern always holds.
    if (decided_without_value(out, ref, k, dx[k], true)) continue;
    const double e = 2 * gamma(ref.terms[k] + 1, kUnitDouble) * ref.magnitude[k];
    const float low = static_cast<float>(ref.dx[k] - e), high = static_cast<float>(ref.dx[k] + e);
    if (!(low <= dx[k] && dx[k] <= high)) {
      out.failure(k, ref.dx[k], e, "outside [fl32(r - e), fl32(r + e)]");
    } else {
      // A faithful overflow (r beyond FLT_MAX, dx = +-Inf, inside the interval) has no
      // finite distance: it must not turn max_bound_use into inf.
      // No bound use here: the final rounding to float may exceed e by design; the
      // interval (between the rounded ends) is the whole test.
      out.pass(k, ref.dx[k], e, 0.0);
    }
  }
  return out.finish(count);
}

Verdict compare_exact(const dxcheck_conv_desc& desc, const reference::Backprop& ref, const float* dx) {
  Collector out(desc, dx);
  const int64_t count = dx_elements(desc);
  for (int64_t k = 0; k < count; ++k) {
    if (decided_without_value(out, ref, k, dx[k], true)) continue;
    const float expected = static_cast<float>(ref.dx[k]);
    if (dx[k] != expected) out.failure(k, ref.dx[k], 0.0, "exact data: must equal the reference");
    else out.pass(k, ref.dx[k], 0.0, 0.0);
  }
  return out.finish(count);
}

Verdict compare_equal(const dxcheck_conv_desc& desc, const float* expected, const float* got, Sameness sameness,
                        const std::string& what) {
  Verdict v;
  const auto shape = dx_shape(desc);
  const int64_t count = element_count(shape);
  int64_t failures = 0;
  for (int64_t k = 0; k < count; ++k) {
    const bool both_nan = std::isnan(expected[k]) && std::isnan(got[k]);
    const bool same = both_nan || (sameness == Sameness::bits ? std::memcmp(&expected[k], &got[k], 4) == 0
                                                              : expected[k] == got[k]);
    if (same) continue;
    if (++failures > 5) continue;
    ElementReport e;
    e.index = k;
    e.position = dx_position(desc, k);
    e.expected = expected[k];
    e.got = got[k];
    e.ulps = ulp_distance(expected[k], got[k]);
    e.bound_use = std::numeric_limits<double>::infinity();
    e.why = what;
    v.worst.push_back(e);
  }
  v.checked = count;
  if (failures > 0) {
    v.status = Status::failed;
    v.detail = std::to_string(failures) + " of " + std::to_string(count) + " elements differ: " + what;
  }
  return v;
}


Verdict compare_bitwise(const dxcheck_conv_desc& desc, const float* expected, const float* got) {
  return compare_equal(desc, expected, got, Sameness::bits, "bits differ");
}

std::array<int64_t, 4> dx_position(const dxcheck_conv_desc& d, int64_t index) {
  const auto shape = dx_shape(d);
  std::array<int64_t, 4> at{};
  for (int axis = 3; axis >= 0; --axis) {
    at[axis] = index % shape[axis];
    index /= shape[axis];
  }
  if (d.data_format == DXCHECK_NCHW) return {at[0], at[2], at[3], at[1]};
  return at;
}

int64_t ulp_distance(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<int64_t>::max();
  auto ordered = [](float f) {
    int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits < 0 ? -static_cast<int64_t>(bits & 0x7fffffff) : static_cast<int64_t>(bits);
  };
  const int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

}  // namespace dxcheck
