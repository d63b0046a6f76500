// The outcome of one check on one case: the statuses of docs/design.md "Statuses" plus the evidence.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dxcheck {

enum class Status { passed, failed, unsupported, skipped, mistrusted };
const char* to_string(Status status);  // "PASSED", "FAILED", ...

// How a kernel call failed when the kernel itself went wrong (not its dx): a hang costs
// the whole call timeout, so the callers stop calling that kernel instead of shrinking.
enum class Fault { none, hung, crashed };

struct ElementReport {
  int64_t index = 0;                 // flat index into dx
  std::array<int64_t, 4> position{};  // (b, h, w, c) whatever the layout
  double expected = 0;               // the reference r_k (or its non-finite pattern)
  float got = 0;
  double tau = 0;                    // the bound, 0 where exactness is required
  int64_t ulps = 0;                  // float32 ULP distance from fl32(expected)
  double bound_use = 0;              // |got - expected| / tau; infinity for a wrong kind
  std::string why;
};

struct Verdict {
  Status status = Status::passed;
  std::string detail;
  Fault fault = Fault::none;
  int64_t checked = 0;    // elements compared
  int64_t unbounded = 0;  // elements where the float result may overflow legitimately
  double max_bound_use = 0;
  std::vector<ElementReport> worst;  // worst first, a few

  bool ok() const { return status != Status::failed; }
  bool hung() const { return fault == Fault::hung; }
};

inline Verdict with_status(Status status, std::string detail) {
  Verdict v;
  v.status = status;
  v.detail = std::move(detail);
  return v;
}

}  // namespace dxcheck
