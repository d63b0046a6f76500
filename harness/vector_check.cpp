#include "vector_check.h"

#include "case.h"
#include "judge.h"

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
  Standard standard;
  standard.reference_cap = reference_cap;
  standard.interval = false;  // the vector's own dx holds a TFJS-bitwise kernel, bit for bit
  standard.golden = &v.expect_dx->data;
  Judgement j = judge(kernel, desc, v.dy.data, v.filter.data, align_offset, standard, reference ? &*reference : nullptr);
  if (j.reference) reference = std::move(j.reference);
  if (!j.called || j.verdict.status == Status::skipped) return j.verdict;
  const char* standard_name = kernel.tfjs_bitwise ? "bitwise vs TFJS" : "within the bound";
  j.verdict.detail = standard_name + (j.verdict.detail.empty() ? "" : ": " + j.verdict.detail);
  return j.verdict;
}

}  // namespace dxcheck
