// TFJS 4.22.0 conv-info for Conv2DBackpropInput plus the op's checks, resolved into
// the ABI's desc. Mirrors computeConv2DInfo / getPadAndOutInfo of
// tfjs-core/src/ops/conv_util.ts and the checks of conv2d_backprop_input.ts, and is
// stricter where TFJS is silent or broken (docs/tfjs-differences.md).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck {

enum class Layout { nhwc, nchw };
enum class Rounding { none, floor, round, ceil };  // none = TFJS's default, Math.trunc
enum class Profile { tfjs, peraxis };              // peraxis fixes tfjs#649, nothing else

struct Padding {
  enum class Kind { valid, same, number, explicit_pairs };
  Kind kind = Kind::valid;
  int64_t number = 0;  // Kind::number
  // Kind::explicit_pairs, TFJS's 4 pairs in the layout's own arrangement: NHWC
  // [[0,0],[top,bottom],[left,right],[0,0]], NCHW [[0,0],[0,0],[top,bottom],[left,right]].
  std::array<std::array<int64_t, 2>, 4> pairs{};

  static Padding valid() { return {}; }
  static Padding same() { return {Kind::same, 0, {}}; }
  static Padding of(int64_t pad) { return {Kind::number, pad, {}}; }
  static Padding explicit_sides(Layout layout, int64_t top, int64_t bottom, int64_t left, int64_t right);
  // The spatial sides of an explicit pad: {top, bottom, left, right}.
  std::array<int64_t, 4> sides(Layout layout) const;
};

// TFJS's attributes, already typed (JSON and case strings are parsed elsewhere).
struct ConvAttrs {
  std::vector<int64_t> input_shape;   // dx shape, in the layout's order
  std::vector<int64_t> filter_shape;  // [fh, fw, in_channels, out_channels]
  std::vector<int64_t> strides;       // [stride_height, stride_width]
  Padding pad;
  Layout layout = Layout::nhwc;
  Rounding rounding = Rounding::none;
  Profile profile = Profile::tfjs;
  // dy's shape when a dy tensor exists (vectors, the live differential): checked in
  // TFJS's order, and, stricter than TFJS, against the shape conv-info computes.
  std::optional<std::vector<int64_t>> dy_shape;
};

struct Limits {
  int64_t max_tensor_elements = int64_t{1} << 28;  // dx, dy and F each
};

// Every rejection: the message names the attribute and its values.
struct ConvInfoError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The desc for these attributes, or ConvInfoError. Zero-size tensors are accepted;
// out_height/out_width below zero (TFJS computes e.g. -1 under floor) become 0, which
// TFJS treats the same way (empty loops, all-zero dx).
dxcheck_conv_desc resolve_conv_info(const ConvAttrs& attrs, const Limits& limits = {});

// dy's shape as the desc implies it, in the desc's layout.
std::array<int64_t, 4> dy_shape(const dxcheck_conv_desc& desc);
std::array<int64_t, 4> dx_shape(const dxcheck_conv_desc& desc);
std::array<int64_t, 4> filter_shape(const dxcheck_conv_desc& desc);
int64_t element_count(const std::array<int64_t, 4>& shape);

// "[1,5,5,2]": how every message writes a shape.
std::string shape_text(const std::vector<int64_t>& shape);

const char* to_string(Layout layout);    // "NHWC" / "NCHW", TFJS's dataFormat
const char* to_string(Rounding rounding);  // "floor" / "round" / "ceil"; "" for none
const char* to_string(Profile profile);

}  // namespace dxcheck
