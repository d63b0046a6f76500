#include "vector_check.h"

#include "case.h"
#include "compare.h"
#include "kernel_call.h"

namespace dxcheck {

Verdict check_vector_attributes(const VectorFile& v) {
  std::string ours;
  dxcheck_conv_desc desc{};
  try {
    desc = v.resolve();
  } catch (const ConvInfoError& e) {
    ours = e.what();
  }
  if (v.expect_error) {
    const std::string tfjs = "TFJS: \"" + *v.expect_error + "\"";
    if (ours.empty()) return with_status(Status::failed, tfjs + "; dxcheck accepts these attributes");
    return with_status(Status::passed, tfjs + (ours == *v.expect_error ? " (same text)" : "; dxcheck: \"" + ours + "\""));
  }
  if (!ours.empty()) return with_status(Status::failed, "TFJS accepts, dxcheck rejects: " + ours);
  const auto shape = dx_shape(desc);
  if (v.expect_dx->shape != std::vector<int64_t>(shape.begin(), shape.end())) {
    return with_status(Status::failed, "TFJS's dx shape " + shape_text(v.expect_dx->shape) + " differs from dxcheck's " +
                                          shape_text({shape.begin(), shape.end()}));
  }
  return with_status(Status::passed, "");
}

Verdict check_vector_kernel(const VectorFile& v, const KernelEntry& kernel,
                            std::optional<reference::Backprop>& reference, int64_t reference_cap) {
  const dxcheck_conv_desc desc = v.resolve();
  const int64_t align_offset = v.case_string ? parse_case(*v.case_string).align_offset : 0;
  const CallOutcome call = call_kernel(kernel, desc, v.dy.data, v.filter.data, align_offset);
  if (call.status != Status::passed) return with_status(call.status, call.detail);
  if (kernel.tfjs_bitwise) {
    Verdict verdict = compare_bitwise(desc, v.expect_dx->data.data(), call.dx.data());
    verdict.detail = "bitwise vs TFJS" + (verdict.detail.empty() ? "" : ": " + verdict.detail);
    return verdict;
  }
  if (const auto why = reference::skip_reason(desc, reference_cap)) return with_status(Status::skipped, *why);
  if (!reference) reference = reference::backprop_input(desc, v.dy.data.data(), v.filter.data.data());
  Verdict verdict = compare_within_bound(desc, *reference, call.dx.data());
  verdict.detail = "within the bound" + (verdict.detail.empty() ? "" : ": " + verdict.detail);
  return verdict;
}

}  // namespace dxcheck
