// Properties judged against the Eigen reference (docs/design.md "Oracle 1: the reference"), each on the
// fill it needs: exact data, special values, and the TFJS-faithful interval.
#include <cfloat>
#include <cmath>
#include <limits>

#include "fill.h"
#include "judge.h"
#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {

Verdict judge_data(const KernelEntry& kernel, const Case& c, const CaseData& data, const Standard& standard) {
  return judge(kernel, data.desc, data.dy, data.filter, c.align_offset, standard).verdict;
}

// Dense special values: half of the elements from {+0, -0, +Inf, -Inf, NaN, +-FLT_MAX,
// denorm_min}, the rest multiples of 2^-23 in [-1, 1]; drawn from the case's dy2 and
// filter2 streams (integer-only mapping, so it rebuilds bit for bit). The special fill
// mixes one special in eight: a 0 * Inf pair then needs many terms, which keeps
// shrunk cases large; here a handful of terms is enough.
std::vector<float> dense_specials(uint64_t seed, TensorId id, int64_t count) {
  static const float table[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, FLT_MAX, -FLT_MAX, 0x1p-149f};
  SplitMix64 rng = SplitMix64::for_tensor(seed, id);
  std::vector<float> out(static_cast<size_t>(count));
  for (float& v : out) {
    const uint64_t pick = rng.next() % 16;
    v = pick < 8 ? table[pick] : std::ldexp(static_cast<float>(rng.in_range(-(1 << 23), 1 << 23)), -23);
  }
  return out;
}

// Within the bound, and NaN wherever the reference's pattern is NaN. judged: the kernel
// gave a dx and the reference was computed (else the verdict says why not).
Verdict judge_pattern(const KernelEntry& kernel, const Case& c, const CaseData& data, const CheckSettings& settings,
                      bool* judged) {
  Standard standard = support::standard(settings);
  standard.interval = false;
  const Judgement j = judge(kernel, data.desc, data.dy, data.filter, c.align_offset, standard);
  Verdict v = j.verdict;
  *judged = j.called;
  if (!j.called || v.status == Status::failed) return v;
  const reference::Backprop& ref = *j.reference;
  int64_t wrong = 0;
  for (size_t k = 0; k < j.dx.size(); ++k) {
    if (ref.terms[k] == 0 || ref.pattern[k] != reference::Pattern::nan || std::isnan(j.dx[k])) continue;
    if (++wrong > 5) continue;
    ElementReport e;
    e.index = static_cast<int64_t>(k);
    e.position = dx_position(data.desc, e.index);
    e.expected = std::numeric_limits<double>::quiet_NaN();
    e.got = j.dx[k];
    e.bound_use = std::numeric_limits<double>::infinity();
    e.why = "a NaN, 0*Inf or +Inf with -Inf term: NaN in every order";
    v.worst.push_back(e);
  }
  if (wrong > 0) {
    v.status = Status::failed;
    v.detail = std::to_string(wrong) + " elements with a NaN pattern are not NaN";
  }
  return v;
}

}  // namespace

// Exact data (docs/design.md "Exact data"): integers, or integers scaled into the subnormal
// range, with max|dy| max|F| n_max <= 2^24, so every partial sum is exact in any order
// and the only accepted answer is the reference's value (zeros by value). The fill is
// mapped: subnormal stays, anything else becomes int.
Verdict check_exact_data(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.fill_with(settings.precision == Precision::fp32 ? support::exact_fill(drawn.fill) : Fill::integer);
  Standard exact = support::standard(settings);
  exact.bound = exact.interval = false;
  exact.exact = true;
  return judge_data(kernel, c, support::exact_case_data(c, settings, support::kNeedsReference), exact);
}

// Special values (NaN, +-Inf, +-0, +-FLT_MAX, subnormals) mixed into uniform data: the
// non-finite pattern of the reference over real terms. A NaN pattern holds whatever
// the finite part does (a NaN term, a 0*Inf term, or +Inf and -Inf terms give NaN in
// every order), so it is checked on unbounded elements too; +-Inf only where the
// finite part cannot overflow to the opposite infinity. Two runs: the case's special
// fill, then dense special values on the same desc (see dense_specials).
Verdict check_nonfinite_pattern(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.fill_with(Fill::special);
  CaseData data = support::case_data(c, settings, support::kNeedsReference);
  bool judged = false;
  Verdict first = judge_pattern(kernel, c, data, settings, &judged);
  if (!judged || first.status == Status::failed) return first;
  data.dy = dense_specials(c.seed, TensorId::dy2, static_cast<int64_t>(data.dy.size()));
  data.filter = dense_specials(c.seed, TensorId::filter2, static_cast<int64_t>(data.filter.size()));
  Verdict second = judge_pattern(kernel, c, data, settings, &judged);
  if (!judged) return second;
  if (second.status == Status::failed) second.detail += " (dense special values from the dy2/filter2 streams)";
  // Either pass proving something is enough: on tiny shapes one of them is often all
  // zeros, which must not turn an informative case into MISTRUSTED.
  if (first.status == Status::passed && second.status == Status::mistrusted) second.status = Status::passed;
  if (second.status == Status::passed && first.status == Status::mistrusted) first.status = Status::passed;
  return support::worse(first, second);
}

// The TFJS-faithful kernel sums each element once in double and rounds once, so its
// result lies in [fl32(r - e), fl32(r + e)], e = 2 gamma(n + 1, u_d) M. Other kernels
// round every partial sum to float: the interval does not apply to them (SKIPPED, which
// never fails a run).
Verdict check_faithful_interval(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  if (!kernel.tfjs_bitwise) return with_status(Status::skipped, "applies to TFJS-bitwise kernels only");
  Standard interval = support::standard(settings);
  interval.bound = false;
  return judge_data(kernel, c, support::case_data(c, settings, support::kNeedsReference), interval);
}

}  // namespace dxcheck
