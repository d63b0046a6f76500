// Conv-info of the generated attributes equals the integer model's
// (tfjs/conv_info_model.h: no doubles, no code shared with tfjs/conv_info.cpp) in every
// field: out sizes, pads, the implied far pads, including tfjs#649 in profile tfjs (a
// numeric pad's width from fh and sh); and resolve_conv_info must accept a dy of exactly
// the shape it implies.
// The conv-info check itself does not depend on the kernel; the kernel is still called
// on the case (buffer discipline and all), so a kernel that declines it gets
// UNSUPPORTED: a kernel that declines everything must stay "nothing tested".
#include <string>

#include "conv_info_model.h"
#include "property.h"
#include "support.h"
#include "tfjs_attrs.h"

namespace dxcheck {
namespace {

// The fields of two descs that differ, as "name got (expected want)".
std::string differences(const dxcheck_conv_desc& got, const dxcheck_conv_desc& want) {
  const nlohmann::ordered_json g = desc_to_json(got), w = desc_to_json(want);
  std::string wrong;
  for (const auto& [field, value] : w.items()) {
    if (g[field] != value) {
      wrong += (wrong.empty() ? "" : ", ") + field + " " + g[field].dump() + " (expected " + value.dump() + ")";
    }
  }
  return wrong;
}

}  // namespace

Verdict check_conv_info_dims(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  ConvAttrs attrs = c.attrs();
  const std::optional<dxcheck_conv_desc> model = integer_conv_info(attrs, settings.limits);
  if (!model) {
    try {
      resolve_conv_info(attrs, settings.limits);
    } catch (const ConvInfoError& e) {
      throw support::CannotRun(std::string("conv-info rejects the case, as the integer model does: ") + e.what());
    }
    return with_status(Status::failed, "conv-info accepts attributes the integer model rejects");
  }
  const std::array<int64_t, 4> dy = dy_shape(*model);
  attrs.dy_shape = std::vector<int64_t>(dy.begin(), dy.end());
  dxcheck_conv_desc d;
  try {
    d = resolve_conv_info(attrs, settings.limits);
  } catch (const ConvInfoError& e) {
    return with_status(Status::failed, std::string("conv-info rejects dy of the computed shape: ") + e.what());
  }
  Verdict v;
  v.checked = 1;
  if (const std::string wrong = differences(d, *model); !wrong.empty()) {
    v.status = Status::failed;
    v.detail = "conv-info: " + wrong;
    return v;
  }
  CaseData data;
  try {
    data = support::case_data(c, settings);
  } catch (const support::CannotRun& e) {
    throw support::CannotRun(std::string("conv-info agrees with the recomputation; the kernel is not called: ") + e.what());
  }
  std::vector<float> dx;
  if (auto early = support::run_kernel(kernel, data.desc, data.dy, data.filter, c.align_offset, &dx)) return *early;
  return v;
}

}  // namespace dxcheck
