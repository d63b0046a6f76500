// Conv-info for the generated attributes, recomputed here in integer arithmetic
// (no doubles, no code shared with kernel/conv_info.cpp): out sizes, pads, the implied
// far pads; and resolve_conv_info must accept a dy of exactly the shape it implies.
// Mirrors getPadAndOutInfo / computeOutputShape2D of tfjs-core conv_util.ts (4.22.0),
// including tfjs#649 in profile tfjs (a numeric pad's width from fh and sh).
// The conv-info check itself does not depend on the kernel; the kernel is still called
// on the case (buffer discipline and all), so a kernel that declines it gets
// UNSUPPORTED: a kernel that declines everything must stay "nothing tested".
#include <algorithm>

#include "property.h"
#include "support.h"

namespace dxcheck {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

// rounding((in - field + pads) / stride + 1) = rounding((n + stride) / stride), n = in - field + pads.
int64_t rounded(int64_t in, int64_t field, int64_t pads, int64_t stride, Rounding rounding) {
  const int64_t num = in - field + pads + stride;
  switch (rounding) {
    case Rounding::none: return num / stride;  // C++ '/' truncates, like Math.trunc
    case Rounding::floor: return floor_div(num, stride);
    case Rounding::ceil: return ceil_div(num, stride);
    case Rounding::round: return floor_div(2 * num + stride, 2 * stride);  // Math.round: floor(v + 1/2)
  }
  return 0;
}

}  // namespace

Verdict check_conv_info_dims(const KernelEntry& kernel, const Case& c, const CheckSettings& settings) {
  const int64_t h = c.in_height, w = c.in_width, fh = c.filter_height, fw = c.filter_width;
  const int64_t sh = c.stride_height, sw = c.stride_width;
  int64_t oh = 0, ow = 0, top = 0, left = 0;
  switch (c.pad.kind) {
    case Padding::Kind::same:
      oh = ceil_div(h, sh), ow = ceil_div(w, sw);
      top = std::max<int64_t>(0, (oh - 1) * sh + fh - h) / 2;
      left = std::max<int64_t>(0, (ow - 1) * sw + fw - w) / 2;
      break;
    case Padding::Kind::valid:
      oh = ceil_div(h - fh + 1, sh), ow = ceil_div(w - fw + 1, sw);
      break;
    case Padding::Kind::number:
      top = left = c.pad.number;
      oh = rounded(h, fh, 2 * c.pad.number, sh, c.rounding);
      ow = c.profile == Profile::tfjs ? rounded(w, fh, 2 * c.pad.number, sh, c.rounding)
                                      : rounded(w, fw, 2 * c.pad.number, sw, c.rounding);
      break;
    case Padding::Kind::explicit_pairs: {
      const auto s = c.pad.sides(c.layout);
      top = s[0], left = s[2];
      oh = rounded(h, fh, s[0] + s[1], sh, c.rounding);
      ow = rounded(w, fw, s[2] + s[3], sw, c.rounding);
      break;
    }
  }
  oh = std::max<int64_t>(0, oh), ow = std::max<int64_t>(0, ow);

  ConvAttrs attrs = c.attrs();
  attrs.dy_shape = c.layout == Layout::nhwc ? std::vector<int64_t>{c.batch, oh, ow, c.out_channels}
                                            : std::vector<int64_t>{c.batch, c.out_channels, oh, ow};
  dxcheck_conv_desc d;
  try {
    d = resolve_conv_info(attrs, settings.limits);
  } catch (const ConvInfoError& e) {
    return with_status(Status::failed, std::string("conv-info rejects dy of the computed shape: ") + e.what());
  }
  std::string wrong;
  auto expect = [&](const char* field, int64_t got, int64_t want) {
    if (got != want) wrong += std::string(wrong.empty() ? "" : ", ") + field + " " + std::to_string(got) +
                              " (expected " + std::to_string(want) + ")";
  };
  expect("out_height", d.out_height, oh);
  expect("out_width", d.out_width, ow);
  expect("pad_top", d.pad_top, top);
  expect("pad_left", d.pad_left, left);
  expect("pad_bottom", d.pad_bottom, (oh - 1) * sh + fh - h - top);
  expect("pad_right", d.pad_right, (ow - 1) * sw + fw - w - left);
  expect("batch", d.batch, c.batch);
  expect("in_channels", d.in_channels, c.in_channels);
  expect("out_channels", d.out_channels, c.out_channels);
  Verdict v;
  v.checked = 1;
  if (!wrong.empty()) {
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
