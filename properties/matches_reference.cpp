#include "fill.h"
#include "kernel_call.h"
#include "property.h"
#include "reference.h"
#include "support.h"

namespace dxcheck {

bool is_exact_fill(Fill fill) { return fill == Fill::integer || fill == Fill::subnormal; }

Verdict check_matches_reference(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  const CaseData data = support::case_data(c, settings, support::kNeedsReference);
  Verdict verdict;
  const CallOutcome call = call_kernel(kernel, data.desc, data.dy, data.filter, c.align_offset);
  if (call.status != Status::passed) {
    verdict.status = call.status;
    verdict.detail = call.detail;
    return verdict;
  }
  const reference::Backprop ref = reference::backprop_input(data.desc, data.dy.data(), data.filter.data());
  verdict = compare_within_bound(data.desc, ref, call.dx.data(), settings.precision);
  if (verdict.status == Status::failed) return verdict;
  if (kernel.tfjs_bitwise) {
    Verdict interval = compare_faithful_interval(data.desc, ref, call.dx.data());
    if (interval.status == Status::failed) return interval;
  }
  if (is_exact_fill(c.fill) && settings.precision == Precision::fp32) {  // 2^24 budget: exact in fp32 only
    Verdict exact = compare_exact(data.desc, ref, call.dx.data());
    if (exact.status == Status::failed) return exact;
  }
  return verdict;
}

}  // namespace dxcheck
