#include "property.h"

#include "support.h"

namespace dxcheck {
namespace {

// Every property through here: one that cannot run a case (support::CannotRun, thrown
// before its tensors exist) is SKIPPED for that case with the reason.
template <PropertyCheck check>
Verdict unless_it_cannot_run(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  try {
    return check(kernel, c, settings);
  } catch (const support::CannotRun& e) {
    return with_status(Status::skipped, e.what());
  }
}

}  // namespace

// The properties, each defined in its own file in properties/ (every properties/*.cpp is
// built) and declared here beside its entry below: a new property is its file plus a
// declaration and one entry.
PropertyFunction check_matches_reference, check_exact_data, check_nonfinite_pattern, check_faithful_interval,
    check_adjoint, check_layout_equality, check_batch_split, check_linearity_dy, check_linearity_filter,
    check_determinism, check_stride1_valid_correlation, check_pointwise_matrix_product, check_one_hot_shift,
    check_conv_info_dims;

const std::vector<PropertyInfo>& all_properties() {
  static const std::vector<PropertyInfo> properties = {
      {"matches-reference", "dx within the error bound of the Eigen reference; exact under exact data",
       &unless_it_cannot_run<check_matches_reference>},
      {"exact-data", "int or subnormal data (partial sums exact in any order): dx equals the reference",
       &unless_it_cannot_run<check_exact_data>},
      {"nonfinite-pattern", "special values: NaN / +Inf / -Inf where the reference's real terms say so",
       &unless_it_cannot_run<check_nonfinite_pattern>},
      {"faithful-interval", "TFJS-bitwise kernels: dx in [fl32(r - e), fl32(r + e)] (others SKIPPED)",
       &unless_it_cannot_run<check_faithful_interval>},
      {"adjoint", "<conv2d(x, F), dy> == <x, dx> within the adjoint bound; equal under int data",
       &unless_it_cannot_run<check_adjoint>},
      {"layout-equality", "NCHW result equals the transposed NHWC result", &unless_it_cannot_run<check_layout_equality>},
      {"batch-split", "each batch run alone equals its slice of the full run", &unless_it_cannot_run<check_batch_split>},
      {"linearity-dy", "k(dy1) + k(dy2) == k(dy1 + dy2) under exact data", &unless_it_cannot_run<check_linearity_dy>},
      {"linearity-filter", "k(F1) + k(F2) == k(F1 + F2) under exact data", &unless_it_cannot_run<check_linearity_filter>},
      {"determinism", "same bits before and after a special-values call (no stale state)", &unless_it_cannot_run<check_determinism>},
      {"stride1-valid-correlation", "stride 1, valid: dx is the full correlation with the rotated filter",
       &unless_it_cannot_run<check_stride1_valid_correlation>},
      {"pointwise-matrix-product", "1x1 filter, valid: dx is dy F^T scattered by the strides",
       &unless_it_cannot_run<check_pointwise_matrix_product>},
      {"one-hot-shift", "a one-hot filter shifts dy into one channel, exactly", &unless_it_cannot_run<check_one_hot_shift>},
      {"conv-info-dims", "conv-info's out dims and pads equal an integer recomputation; dy's shape accepted",
       &unless_it_cannot_run<check_conv_info_dims>},
  };
  return properties;
}

const PropertyInfo* find_property(const std::string& id) {
  for (const auto& p : all_properties()) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace dxcheck
