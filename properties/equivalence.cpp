// Two runs of the same kernel that must agree: NCHW against the transposed NHWC run,
// and each batch alone against its slice of the full run.
// docs/design.md "Which properties hold for which kernels": equal by value under exact
// data for every kernel (every order gives the same value; a zero's sign may still
// depend on the order); bit for bit on any data for kernels that declare a fixed
// summation order; otherwise both runs within the error bound of the reference.
#include <algorithm>
#include <cstring>

#include "fill.h"
#include "layout.h"
#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {

bool same_geometry(dxcheck_conv_desc a, dxcheck_conv_desc b) {
  a.data_format = b.data_format = 0;
  a.batch = b.batch = 0;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// The kernel's two results `first` (under desc_first) and `second` (already brought to
// desc_first's layout and extent) judged by the rule above.
Verdict judge_pair(const KernelEntry& kernel, const Case& c, const CheckSettings& settings,
                   const dxcheck_conv_desc& desc, const std::vector<float>& dy, const std::vector<float>& filter,
                   const std::vector<float>& first, const std::vector<float>& second, const std::string& what) {
  if (kernel.fixed_order) {
    return compare_equal(desc, first.data(), second.data(), Sameness::bits, what + " (fixed order: bit for bit)");
  }
  if (support::exact_under(c.fill, settings.precision)) {
    return compare_equal(desc, first.data(), second.data(), Sameness::value, what + " (exact data: by value)");
  }
  if (auto skip = support::reference_skip(desc, settings)) return *skip;
  const reference::Backprop ref = reference::backprop_input(desc, dy.data(), filter.data());
  Verdict a = compare_within_bound(desc, ref, first.data(), settings.precision);
  Verdict b = compare_within_bound(desc, ref, second.data(), settings.precision);
  return support::worse(a, b);
}

}  // namespace

Verdict check_layout_equality(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  Case nhwc = c, nchw = c;
  nhwc.in_layout(Layout::nhwc);
  nchw.in_layout(Layout::nchw);
  const CaseData data = support::exact_case_data(nhwc, settings);
  const dxcheck_conv_desc& d = data.desc;
  const dxcheck_conv_desc d_nchw = nchw.desc(settings.limits);
  if (!same_geometry(d, d_nchw) || d.batch != d_nchw.batch) {
    return with_status(Status::failed, "conv-info resolves NHWC and NCHW differently");
  }
  std::vector<float> dx_nhwc, dx_nchw;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &dx_nhwc)) return *early;
  const auto dy_nchw = nhwc_to_nchw(data.dy, d.batch, d.out_height, d.out_width, d.out_channels);
  if (auto early = support::run_kernel(kernel, d_nchw, dy_nchw, data.filter, c.align_offset, &dx_nchw)) return *early;
  const auto back = nchw_to_nhwc(dx_nchw, d.batch, d.in_height, d.in_width, d.in_channels);
  return judge_pair(kernel, nhwc, settings, d, data.dy, data.filter, dx_nhwc, back, "NCHW vs transposed NHWC");
}

// The batch is raised to at least 2 (deterministically) so there is something to split.
Verdict check_batch_split(const KernelEntry& kernel, const Case& drawn, const CheckSettings& settings) {
  Case c = drawn;
  c.batch = std::max<int64_t>(2, drawn.batch);
  const CaseData data = support::exact_case_data(c, settings);
  const dxcheck_conv_desc& d = data.desc;
  std::vector<float> full;
  if (auto early = support::run_kernel(kernel, d, data.dy, data.filter, c.align_offset, &full)) return *early;
  Case single_case = c;
  single_case.batch = 1;
  const dxcheck_conv_desc one = single_case.desc(settings.limits);
  if (!same_geometry(d, one) || one.batch != 1) {
    return with_status(Status::failed, "conv-info resolves batch 1 and the full batch differently");
  }
  const size_t dy_per = data.dy.size() / static_cast<size_t>(d.batch);
  const size_t dx_per = full.size() / static_cast<size_t>(d.batch);
  std::vector<float> split(full.size());
  for (int64_t b = 0; b < d.batch; ++b) {
    // A batch is contiguous in both layouts: N is the outermost dimension.
    const std::vector<float> dy_b(data.dy.begin() + b * dy_per, data.dy.begin() + (b + 1) * dy_per);
    std::vector<float> dx_b;
    if (auto early = support::run_kernel(kernel, one, dy_b, data.filter, c.align_offset, &dx_b)) return *early;
    std::copy(dx_b.begin(), dx_b.end(), split.begin() + b * dx_per);
  }
  return judge_pair(kernel, c, settings, d, data.dy, data.filter, full, split, "batch run alone vs its slice of the full run");
}

}  // namespace dxcheck
