// Comparing a kernel's dx with the reference under the error bound (docs/design.md "The error bound").
//
// u = unit roundoff of the kernel's precision, u_d = 2^-53, eta = 2^-150 (float32
// underflow), gamma(n, v) = n v / (1 - n v). For dx element k with n_k real terms,
// M_k = sum of |dy| |F| over them and reference r_k, Higham's model with underflow
// gives, for any summation order, blocking or FMA:
//   |dx_k - r_k| <= tau_k = gamma(n_k, u) M_k + gamma(n_k + 1, u_d) M_k + 2 (n_k + 1) eta
// The first term is the kernel's float32 sum, the second the reference's double sum,
// the third the underflow of every product and addition.
#pragma once

#include "dxcheck_kernel.h"
#include "reference.h"
#include "verdict.h"

namespace dxcheck {

enum class Precision { fp32, tf32, bf16, fp16 };
double unit_roundoff(Precision precision);
const char* to_string(Precision precision);
bool parse_precision(const std::string& text, Precision* out);

double gamma(double n, double unit);  // infinity once n * unit >= 1

struct Bound {
  bool bounded;  // false: the float result may overflow legitimately
  double tau;
};
Bound element_bound(double terms, double magnitude, Precision precision);

// Any correct kernel: within tau where bounded, the non-finite pattern where the
// finite part is bounded, exact zeros where no real term exists.
Verdict compare_within_bound(const dxcheck_conv_desc& desc, const reference::Backprop& ref,
                             const float* dx, Precision precision = Precision::fp32);

// The TFJS-faithful kernel (one double sum, one rounding): the double result lies in
// [r - e, r + e] with e = 2 gamma(n + 1, u_d) M, so dx lies in [fl32(r - e), fl32(r + e)].
Verdict compare_faithful_interval(const dxcheck_conv_desc& desc, const reference::Backprop& ref,
                                  const float* dx);

// Exact data (every partial sum representable): dx must equal fl32(r), zeros by value.
Verdict compare_exact(const dxcheck_conv_desc& desc, const reference::Backprop& ref, const float* dx);

enum class Sameness {
  bits,   // bit for bit (NaN by NaN-ness)
  value,  // by value: +0 == -0, NaN by NaN-ness
};
// Two results that must agree; `what` names the rule in the detail. Never MISTRUSTED:
// no reference is involved.
Verdict compare_equal(const dxcheck_conv_desc& desc, const float* expected, const float* got, Sameness sameness,
                      const std::string& what);

// Two kernel results that must agree bit for bit (NaN by NaN-ness).
Verdict compare_bitwise(const dxcheck_conv_desc& desc, const float* expected, const float* got);

// (b, h, w, c) of flat dx index k, whatever the layout.
std::array<int64_t, 4> dx_position(const dxcheck_conv_desc& desc, int64_t k);

// Distance in float32 steps (ordered integers); 0 for two NaNs or +0 / -0.
int64_t ulp_distance(float a, float b);

}  // namespace dxcheck
