// docs/design.md "Oracle 2: the adjoint identity": <conv2d(x, F), dy> == <x, dx>, with x from
// the case's own x stream and the forward conv in double from reference/. The forward
// conv takes oh, ow, top and left from the desc: it checks the kernel's arithmetic and
// index mapping, not conv-info.
#include <algorithm>
#include <cmath>

#include <cstdio>

#include "fill.h"
#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {

std::string exact_text(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace

Verdict check_adjoint(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.fill_with(support::finite_fill(drawn.fill));  // the identity needs finite inputs
  const CaseData data = support::exact_case_data(c, settings, support::kNeedsReference);
  const dxcheck_conv_desc& d = data.desc;
  std::vector<float> dx;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &dx)) return *early;

  const int64_t x_count = static_cast<int64_t>(dx.size());
  const std::vector<float> x = fill_tensor(c.fill, c.seed, TensorId::x, x_count, data.budget);
  const std::vector<double> x_d(x.begin(), x.end()), filter_d(data.filter.begin(), data.filter.end());
  const std::vector<double> y = reference::forward_conv(d, x_d.data(), filter_d.data());
  const reference::Backprop ref = reference::backprop_input(d, data.dy.data(), data.filter.data());

  double lhs = 0, rhs = 0, spread = 0, total = 0;  // spread = sum |x_k| tau_k, total = T
  int64_t unbounded = 0;
  bool any_terms = false;
  for (size_t k = 0; k < data.dy.size(); ++k) lhs += y[k] * static_cast<double>(data.dy[k]);
  for (int64_t k = 0; k < x_count; ++k) {
    rhs += x_d[k] * static_cast<double>(dx[k]);
    const Bound b = element_bound(ref.terms[k], ref.magnitude[k], settings.precision);
    if (!b.bounded) ++unbounded;
    any_terms = any_terms || ref.terms[k] > 0;
    spread += std::fabs(x_d[k]) * b.tau;
    total += std::fabs(x_d[k]) * ref.magnitude[k];
  }
  Verdict v;
  v.checked = 1;
  if (unbounded > 0) {
    v.status = Status::skipped;
    v.unbounded = unbounded;
    v.detail = std::to_string(unbounded) + " dx elements may overflow: the identity bounds nothing";
    return v;
  }
  // N_terms covers the longer of the two double sums (rhs over dx, lhs over y after the
  // forward conv's own sums): docs/design.md "The adjoint bound".
  const double n_terms = static_cast<double>(std::max<int64_t>(
                             x_count, int64_t{d.filter_height} * d.filter_width * d.in_channels +
                                          element_count(dy_shape(d)))) + 1;
  // Integer x and T <= 2^53: every product and partial sum is an exact double.
  const bool exact = c.fill == Fill::integer && settings.precision == Precision::fp32 && total <= 0x1p53;
  const double allowed = exact ? 0.0 : spread + 2 * gamma(n_terms, 0x1p-53) * total;
  const double error = std::fabs(lhs - rhs);
  v.max_bound_use = allowed > 0 ? error / allowed : 0;
  if (!(error <= allowed)) {
    v.status = Status::failed;
    v.detail = "<conv2d(x, F), dy> = " + exact_text(lhs) + " but <x, dx> = " + exact_text(rhs) +
               (exact ? " (exact data: must be equal)" : "; allowed difference " + exact_text(allowed));
    ElementReport e;
    e.expected = lhs;
    e.got = static_cast<float>(rhs);
    e.tau = allowed;
    e.bound_use = v.max_bound_use;
    e.why = "adjoint identity";
    v.worst.push_back(e);
  } else if (total == 0 && any_terms) {
    // Real terms exist but every one is zero (x, dy or F all zero): nothing was proved.
    v.status = Status::mistrusted;
    v.detail = "T = sum |x| M = 0: the data proves nothing";
  }
  return v;
}

}  // namespace dxcheck
