#include "judge.h"

#include "kernel_call.h"

namespace dxcheck {

Judgement judge(const KernelEntry& kernel, const dxcheck_conv_desc& desc, const std::vector<float>& dy,
                const std::vector<float>& filter, int64_t align_offset, const Standard& standard,
                const reference::Backprop* known) {
  Judgement j;
  const bool golden = standard.golden && kernel.tfjs_bitwise;
  const bool needs_reference = standard.reference && !golden;
  if (needs_reference && !known) {
    if (auto why = reference::skip_reason(desc, standard.reference_cap)) {
      j.verdict = with_status(Status::skipped, *why);
      return j;
    }
  }
  CallOutcome call = call_kernel(kernel, desc, dy, filter, align_offset);
  if (call.status != Status::passed) {
    j.verdict = verdict_of(call);
    return j;
  }
  j.called = true;
  j.dx = std::move(call.dx);
  if (golden) {
    j.verdict = compare_bitwise(desc, standard.golden->data(), j.dx.data());
    return j;
  }
  if (!needs_reference) return j;
  if (!known) known = &j.reference.emplace(reference::backprop_input(desc, dy.data(), filter.data()));
  if (standard.bound) {
    j.verdict = compare_within_bound(desc, *known, j.dx.data(), standard.precision);
    if (j.verdict.status == Status::failed) return j;
  }
  if (standard.interval && kernel.tfjs_bitwise) {
    Verdict interval = compare_faithful_interval(desc, *known, j.dx.data());
    if (interval.status == Status::failed) {
      j.verdict = std::move(interval);
      return j;
    }
  }
  if (standard.exact) {
    Verdict exact = compare_exact(desc, *known, j.dx.data());
    if (exact.status == Status::failed || !standard.bound) j.verdict = std::move(exact);
  }
  return j;
}

}  // namespace dxcheck
