#include "conv_info.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dxcheck {
namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

[[noreturn]] void reject(const std::string& message) { throw ConvInfoError(message); }

// TFJS's round() in conv_util.ts: no mode = Math.trunc; 'round' = JS Math.round, which
// sends halves toward +infinity (Math.round(-0.5) is -0), unlike C's round.
double apply_rounding(double value, Rounding rounding) {
  switch (rounding) {
    case Rounding::none: return std::trunc(value);
    case Rounding::floor: return std::floor(value);
    case Rounding::ceil: return std::ceil(value);
    case Rounding::round: {
      const double down = std::floor(value);
      return (value - down >= 0.5) ? down + 1 : down;  // value - floor(value) is exact
    }
  }
  return value;
}

// The JS expression R((in - field + pads) / stride + 1), evaluated in doubles as JS does.
double rounded_out_size(int64_t in, int64_t field, int64_t pads, int64_t stride, Rounding rounding) {
  return apply_rounding(static_cast<double>(in - field + pads) / static_cast<double>(stride) + 1.0,
                        rounding);
}

int32_t narrow(int64_t value, const char* what) {
  if (value > kInt32Max || value < -kInt32Max) {
    reject(std::string("conv-info: ") + what + " = " + std::to_string(value) +
           " does not fit the ABI's int32");
  }
  return static_cast<int32_t>(value);
}

// Non-negative elements of a shape, or an error once the product passes the cap.
void check_size(const char* name, const std::array<int64_t, 4>& shape, int64_t cap) {
  int64_t count = 1;
  bool empty = false;
  for (int64_t d : shape) empty = empty || d == 0;
  if (empty) return;
  for (int64_t d : shape) {
    if (count > cap / d) {
      reject(std::string(name) + " shape " + shape_text({shape.begin(), shape.end()}) + " has more than " +
             std::to_string(cap) + " elements (the tensor cap)");
    }
    count *= d;
  }
}

void check_op_attributes(const ConvAttrs& a) {
  // conv2d_backprop_input.ts, in its order.
  if (a.dy_shape && a.dy_shape->size() != a.input_shape.size()) {
    reject("Length of inShape (" + std::to_string(a.input_shape.size()) + ") and rank of dy (" +
           std::to_string(a.dy_shape->size()) + ") must match");
  }
  if (a.input_shape.size() != 4) {
    reject("Error in conv2dDerInput: inShape must be length 4, but got length " +
           std::to_string(a.input_shape.size()) + ".");
  }
  if (a.filter_shape.size() != 4) {
    reject("Error in conv2dDerInput: filter must be rank 4, but got rank " +
           std::to_string(a.filter_shape.size()));
  }
  for (int64_t d : a.input_shape) {
    if (d < 0 || d > kInt32Max) reject("inputShape " + shape_text(a.input_shape) + " has a dimension outside [0, 2^31)");
  }
  for (int64_t d : a.filter_shape) {
    if (d < 0 || d > kInt32Max) reject("filter shape " + shape_text(a.filter_shape) + " has a dimension outside [0, 2^31)");
  }
  const int64_t in_depth = a.layout == Layout::nhwc ? a.input_shape[3] : a.input_shape[1];
  if (in_depth != a.filter_shape[2]) {
    reject("Error in conv2dDerInput: depth of input (" + std::to_string(in_depth) +
           ") must match input depth for filter " + std::to_string(a.filter_shape[2]) + ".");
  }
  if (a.dy_shape) {
    const int64_t out_depth = a.layout == Layout::nhwc ? (*a.dy_shape)[3] : (*a.dy_shape)[1];
    if (out_depth != a.filter_shape[3]) {
      reject("Error in conv2dDerInput: depth of output (" + std::to_string(out_depth) +
             ") must match output depth for filter " + std::to_string(a.filter_shape[3]) + ".");
    }
  }
  if (a.rounding != Rounding::none &&
      (a.pad.kind == Padding::Kind::same || a.pad.kind == Padding::Kind::valid)) {
    reject(std::string("Error in conv2dDerInput: pad must be an integer when using dimRoundingMode ") +
           to_string(a.rounding) + " but got pad " +
           (a.pad.kind == Padding::Kind::same ? "same" : "valid") + ".");
  }
  // Stricter than TFJS, which misreads other lengths and hangs on stride 0.
  if (a.strides.size() != 2) reject("strides must have 2 entries [height, width], got " + shape_text(a.strides));
  if (a.strides[0] < 1 || a.strides[1] < 1 || a.strides[0] > kInt32Max || a.strides[1] > kInt32Max) {
    reject("strides must be in [1, 2^31), got " + shape_text(a.strides) + " (TFJS loops forever on stride 0)");
  }
  if (a.pad.kind == Padding::Kind::explicit_pairs) {
    const auto& p = a.pad.pairs;
    const int outer = 0, inner = a.layout == Layout::nhwc ? 3 : 1;
    if (p[outer][0] || p[outer][1] || p[inner][0] || p[inner][1]) {
      reject("explicit pad: the batch and channel pairs must be [0,0], got [[" + std::to_string(p[0][0]) +
             "," + std::to_string(p[0][1]) + "],[" + std::to_string(p[1][0]) + "," + std::to_string(p[1][1]) +
             "],[" + std::to_string(p[2][0]) + "," + std::to_string(p[2][1]) + "],[" + std::to_string(p[3][0]) +
             "," + std::to_string(p[3][1]) + "]] for dataFormat " + to_string(a.layout));
    }
    for (int64_t side : a.pad.sides(a.layout)) {
      if (side > kInt32Max || side < -kInt32Max) reject("explicit pad side " + std::to_string(side) + " outside the int32 range");
    }
  }
  if (a.pad.kind == Padding::Kind::number && (a.pad.number > kInt32Max || a.pad.number < -kInt32Max)) {
    reject("pad " + std::to_string(a.pad.number) + " outside the int32 range");
  }
}

}  // namespace

Padding Padding::explicit_sides(Layout layout, int64_t top, int64_t bottom, int64_t left, int64_t right) {
  Padding p;
  p.kind = Kind::explicit_pairs;
  const int first = layout == Layout::nhwc ? 1 : 2;
  p.pairs[first] = {top, bottom};
  p.pairs[first + 1] = {left, right};
  return p;
}

std::array<int64_t, 4> Padding::sides(Layout layout) const {
  const int first = layout == Layout::nhwc ? 1 : 2;
  return {pairs[first][0], pairs[first][1], pairs[first + 1][0], pairs[first + 1][1]};
}

dxcheck_conv_desc resolve_conv_info(const ConvAttrs& a, const Limits& limits) {
  check_op_attributes(a);
  const bool nhwc = a.layout == Layout::nhwc;
  const int64_t batch = a.input_shape[0];
  const int64_t in_h = nhwc ? a.input_shape[1] : a.input_shape[2];
  const int64_t in_w = nhwc ? a.input_shape[2] : a.input_shape[3];
  const int64_t in_c = nhwc ? a.input_shape[3] : a.input_shape[1];
  const int64_t fh = a.filter_shape[0], fw = a.filter_shape[1], out_c = a.filter_shape[3];
  const int64_t sh = a.strides[0], sw = a.strides[1];

  // getPadAndOutInfo of conv_util.ts.
  double out_h = 0, out_w = 0;
  int64_t top = 0, left = 0;
  switch (a.pad.kind) {
    case Padding::Kind::same: {
      out_h = std::ceil(static_cast<double>(in_h) / static_cast<double>(sh));
      out_w = std::ceil(static_cast<double>(in_w) / static_cast<double>(sw));
      const int64_t along_h = std::max<int64_t>(0, (static_cast<int64_t>(out_h) - 1) * sh + fh - in_h);
      const int64_t along_w = std::max<int64_t>(0, (static_cast<int64_t>(out_w) - 1) * sw + fw - in_w);
      top = along_h / 2;  // an odd total puts the extra row at the bottom
      left = along_w / 2;
      break;
    }
    case Padding::Kind::valid:
      out_h = std::ceil(static_cast<double>(in_h - fh + 1) / static_cast<double>(sh));
      out_w = std::ceil(static_cast<double>(in_w - fw + 1) / static_cast<double>(sw));
      break;
    case Padding::Kind::number: {
      const int64_t p = a.pad.number;
      top = left = p;
      out_h = rounded_out_size(in_h, fh, 2 * p, sh, a.rounding);
      // tfjs#649: computeOutputShape2D uses the filter height and stride height for
      // the width too. Profile peraxis uses the width's own.
      out_w = a.profile == Profile::tfjs ? rounded_out_size(in_w, fh, 2 * p, sh, a.rounding)
                                         : rounded_out_size(in_w, fw, 2 * p, sw, a.rounding);
      break;
    }
    case Padding::Kind::explicit_pairs: {
      const auto [t, b, l, r] = a.pad.sides(a.layout);
      top = t;
      left = l;
      out_h = rounded_out_size(in_h, fh, t + b, sh, a.rounding);
      out_w = rounded_out_size(in_w, fw, l + r, sw, a.rounding);
      break;
    }
  }
  // Any out size <= 0 (-0 included) gives TFJS's empty loops: an all-zero dx.
  const int64_t oh = out_h > 0 ? static_cast<int64_t>(out_h) : 0;
  const int64_t ow = out_w > 0 ? static_cast<int64_t>(out_w) : 0;

  dxcheck_conv_desc d{};
  d.abi_version = DXCHECK_KERNEL_ABI_VERSION;
  d.batch = narrow(batch, "batch");
  d.in_height = narrow(in_h, "in_height");
  d.in_width = narrow(in_w, "in_width");
  d.in_channels = narrow(in_c, "in_channels");
  d.out_height = narrow(oh, "out_height");
  d.out_width = narrow(ow, "out_width");
  d.out_channels = narrow(out_c, "out_channels");
  d.filter_height = narrow(fh, "filter_height");
  d.filter_width = narrow(fw, "filter_width");
  d.stride_height = narrow(sh, "stride_height");
  d.stride_width = narrow(sw, "stride_width");
  d.pad_top = narrow(top, "pad_top");
  d.pad_left = narrow(left, "pad_left");
  d.pad_bottom = narrow((oh - 1) * sh + fh - in_h - top, "pad_bottom (implied)");
  d.pad_right = narrow((ow - 1) * sw + fw - in_w - left, "pad_right (implied)");
  d.data_format = nhwc ? DXCHECK_NHWC : DXCHECK_NCHW;

  if (a.dy_shape) {
    const auto expected = dy_shape(d);
    if (!std::equal(expected.begin(), expected.end(), a.dy_shape->begin())) {
      reject("dy shape " + shape_text(*a.dy_shape) + " differs from the shape conv-info computes, " +
             shape_text({expected.begin(), expected.end()}) + " (TFJS reads such a dy unchecked: wrapped or NaN reads)");
    }
  }
  check_size("dx (inputShape)", dx_shape(d), limits.max_tensor_elements);
  check_size("dy", dy_shape(d), limits.max_tensor_elements);
  check_size("filter", filter_shape(d), limits.max_tensor_elements);
  return d;
}

std::array<int64_t, 4> dy_shape(const dxcheck_conv_desc& d) {
  if (d.data_format == DXCHECK_NCHW) return {d.batch, d.out_channels, d.out_height, d.out_width};
  return {d.batch, d.out_height, d.out_width, d.out_channels};
}

std::array<int64_t, 4> dx_shape(const dxcheck_conv_desc& d) {
  if (d.data_format == DXCHECK_NCHW) return {d.batch, d.in_channels, d.in_height, d.in_width};
  return {d.batch, d.in_height, d.in_width, d.in_channels};
}

std::array<int64_t, 4> filter_shape(const dxcheck_conv_desc& d) {
  return {d.filter_height, d.filter_width, d.in_channels, d.out_channels};
}

// Only for shapes of a resolved desc, which resolve_conv_info has bounded.
int64_t element_count(const std::array<int64_t, 4>& shape) {
  return shape[0] * shape[1] * shape[2] * shape[3];
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

const char* to_string(Layout layout) { return layout == Layout::nhwc ? "NHWC" : "NCHW"; }

const char* to_string(Rounding rounding) {
  switch (rounding) {
    case Rounding::floor: return "floor";
    case Rounding::round: return "round";
    case Rounding::ceil: return "ceil";
    case Rounding::none: break;
  }
  return "";
}

const char* to_string(Profile profile) { return profile == Profile::tfjs ? "tfjs" : "peraxis"; }

}  // namespace dxcheck
