#include "conv_info_model.h"

#include <algorithm>
#include <limits>

namespace dxcheck {
namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

int64_t floor_div(int64_t a, int64_t b) {  // b > 0
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

// R((x) / s + 1) of conv_util.ts, exactly: trunc, floor, ceil, or JS Math.round (halves up).
int64_t out_size(int64_t x, int64_t s, Rounding rounding) {
  switch (rounding) {
    case Rounding::none: return (x + s) / s;  // C++ division truncates, as Math.trunc
    case Rounding::floor: return floor_div(x + s, s);
    case Rounding::ceil: return ceil_div(x + s, s);
    case Rounding::round: return floor_div(2 * (x + s) + s, 2 * s);
  }
  return 0;
}

bool fits_abi(int64_t v) { return v >= -kInt32Max && v <= kInt32Max; }

}  // namespace

bool within_element_cap(const std::array<int64_t, 4>& shape, int64_t cap) {
  for (int64_t d : shape) {
    if (d == 0) return true;
  }
  __int128 count = 1;
  for (int64_t d : shape) count *= d;  // each d <= 2^31: no overflow in 128 bits
  return count <= cap;
}

std::optional<dxcheck_conv_desc> integer_conv_info(const ConvAttrs& a, const Limits& limits) {
  const auto& in = a.input_shape;
  const auto& f = a.filter_shape;
  if (a.dy_shape && a.dy_shape->size() != in.size()) return std::nullopt;
  if (in.size() != 4 || f.size() != 4) return std::nullopt;
  for (int64_t d : in) {
    if (d < 0 || d > kInt32Max) return std::nullopt;
  }
  for (int64_t d : f) {
    if (d < 0 || d > kInt32Max) return std::nullopt;
  }
  const bool nhwc = a.layout == Layout::nhwc;
  const int64_t batch = in[0], in_c = nhwc ? in[3] : in[1];
  const int64_t in_h = nhwc ? in[1] : in[2], in_w = nhwc ? in[2] : in[3];
  const int64_t fh = f[0], fw = f[1], out_c = f[3];
  if (in_c != f[2]) return std::nullopt;
  if (a.dy_shape && (nhwc ? (*a.dy_shape)[3] : (*a.dy_shape)[1]) != out_c) return std::nullopt;
  const bool string_pad = a.pad.kind == Padding::Kind::same || a.pad.kind == Padding::Kind::valid;
  if (a.rounding != Rounding::none && string_pad) return std::nullopt;
  if (a.strides.size() != 2) return std::nullopt;
  const int64_t sh = a.strides[0], sw = a.strides[1];
  if (sh < 1 || sw < 1 || sh > kInt32Max || sw > kInt32Max) return std::nullopt;

  int64_t oh = 0, ow = 0, top = 0, left = 0;
  switch (a.pad.kind) {
    case Padding::Kind::same:
      oh = ceil_div(in_h, sh);
      ow = ceil_div(in_w, sw);
      top = std::max<int64_t>(0, (oh - 1) * sh + fh - in_h) / 2;
      left = std::max<int64_t>(0, (ow - 1) * sw + fw - in_w) / 2;
      break;
    case Padding::Kind::valid:
      oh = ceil_div(in_h - fh + 1, sh);
      ow = ceil_div(in_w - fw + 1, sw);
      break;
    case Padding::Kind::number: {
      const int64_t p = a.pad.number;
      if (!fits_abi(p)) return std::nullopt;
      top = left = p;
      oh = out_size(in_h - fh + 2 * p, sh, a.rounding);
      ow = a.profile == Profile::tfjs ? out_size(in_w - fh + 2 * p, sh, a.rounding)  // tfjs#649
                                      : out_size(in_w - fw + 2 * p, sw, a.rounding);
      break;
    }
    case Padding::Kind::explicit_pairs: {
      const auto& p = a.pad.pairs;
      const int inner = nhwc ? 3 : 1;
      if (p[0][0] || p[0][1] || p[inner][0] || p[inner][1]) return std::nullopt;
      const auto s = a.pad.sides(a.layout);
      for (int64_t side : s) {
        if (!fits_abi(side)) return std::nullopt;
      }
      top = s[0];
      left = s[2];
      oh = out_size(in_h - fh + s[0] + s[1], sh, a.rounding);
      ow = out_size(in_w - fw + s[2] + s[3], sw, a.rounding);
      break;
    }
  }
  oh = std::max<int64_t>(0, oh);
  ow = std::max<int64_t>(0, ow);
  const int64_t bottom = (oh - 1) * sh + fh - in_h - top;
  const int64_t right = (ow - 1) * sw + fw - in_w - left;
  for (int64_t v : {oh, ow, top, left, bottom, right}) {
    if (!fits_abi(v)) return std::nullopt;
  }
  dxcheck_conv_desc d{};
  d.abi_version = DXCHECK_KERNEL_ABI_VERSION;
  d.batch = static_cast<int32_t>(batch);
  d.in_height = static_cast<int32_t>(in_h);
  d.in_width = static_cast<int32_t>(in_w);
  d.in_channels = static_cast<int32_t>(in_c);
  d.out_height = static_cast<int32_t>(oh);
  d.out_width = static_cast<int32_t>(ow);
  d.out_channels = static_cast<int32_t>(out_c);
  d.filter_height = static_cast<int32_t>(fh);
  d.filter_width = static_cast<int32_t>(fw);
  d.stride_height = static_cast<int32_t>(sh);
  d.stride_width = static_cast<int32_t>(sw);
  d.pad_top = static_cast<int32_t>(top);
  d.pad_left = static_cast<int32_t>(left);
  d.pad_bottom = static_cast<int32_t>(bottom);
  d.pad_right = static_cast<int32_t>(right);
  d.data_format = nhwc ? DXCHECK_NHWC : DXCHECK_NCHW;
  const std::array<int64_t, 4> dy = nhwc ? std::array<int64_t, 4>{batch, oh, ow, out_c}
                                         : std::array<int64_t, 4>{batch, out_c, oh, ow};
  if (a.dy_shape && !std::equal(dy.begin(), dy.end(), a.dy_shape->begin())) return std::nullopt;
  const std::array<int64_t, 4> dx = nhwc ? std::array<int64_t, 4>{batch, in_h, in_w, in_c}
                                         : std::array<int64_t, 4>{batch, in_c, in_h, in_w};
  if (!within_element_cap(dx, limits.max_tensor_elements) || !within_element_cap(dy, limits.max_tensor_elements) ||
      !within_element_cap({fh, fw, in_c, out_c}, limits.max_tensor_elements)) {
    return std::nullopt;
  }
  return d;
}


}  // namespace dxcheck
