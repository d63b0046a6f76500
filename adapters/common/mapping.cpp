#include "mapping.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace dxcheck::adapters {
namespace {

// One axis: dx size `in`, dy size `out`, TFJS's pads (near may be negative, far is
// the implied one). See mapping.h for the windows.
AxisCall plan_axis(int64_t out, int64_t filter, int64_t stride, int64_t near, int64_t far,
                   const Capabilities& caps) {
  const int64_t full = (out - 1) * stride + filter;
  const int64_t near_pad = std::max<int64_t>(0, near), far_pad = std::max<int64_t>(0, far);
  AxisCall axis;
  if (caps.per_side_pads) {
    axis.pad_near = near_pad;
    axis.pad_far = far_pad;
    // Zero rows past the full range: the library's own adjustment writes as many as it can.
    if (caps.adjustment && far < 0) axis.adjustment = std::min(stride - 1, -far);
  } else {
    // One pad for both sides: the larger one when the adjustment can make up the
    // difference at the far side (TF's 'same' with an even size), else the smaller,
    // and the other side cropped here.
    const int64_t pad = caps.adjustment ? std::min(near_pad, far_pad + stride - 1) : std::min(near_pad, far_pad);
    axis.pad_near = axis.pad_far = pad;
    if (caps.adjustment) axis.adjustment = std::min(stride - 1, std::max<int64_t>(0, pad - far));
  }
  axis.size = full - axis.pad_near - axis.pad_far + axis.adjustment;
  axis.offset = near - axis.pad_near;
  return axis;
}

const char* layout_name(int data_format) { return data_format == DXCHECK_NCHW ? "NCHW" : "NHWC"; }

// Flat index of (b, i, j, c) in [n][h][w][c] or [n][c][h][w].
inline int64_t at(int data_format, int64_t h, int64_t w, int64_t channels, int64_t b, int64_t i, int64_t j,
                  int64_t c) {
  return data_format == DXCHECK_NCHW ? ((b * channels + c) * h + i) * w + j : ((b * h + i) * w + j) * channels + c;
}

std::vector<float> relayout(const float* v, int from, int to, int64_t n, int64_t h, int64_t w, int64_t c) {
  std::vector<float> out(static_cast<size_t>(n * h * w * c));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = 0; k < c; ++k) out[static_cast<size_t>(at(to, h, w, c, b, i, j, k))] = v[at(from, h, w, c, b, i, j, k)];
  return out;
}

// The ABI's [fh][fw][C][O] permuted into the library's layout.
std::vector<float> permute_filter(const float* filter, const LibraryCall& call) {
  const int64_t fh = call.filter_height, fw = call.filter_width, channels = call.in_channels,
                outs = call.out_channels;
  std::vector<float> out(static_cast<size_t>(fh * fw * channels * outs));
  for (int64_t r = 0; r < fh; ++r)
    for (int64_t s = 0; s < fw; ++s)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t o = 0; o < outs; ++o) {
          int64_t to = 0;
          switch (call.filter) {
            case FilterLayout::c_h_w_o: to = ((c * fh + r) * fw + s) * outs + o; break;
            case FilterLayout::o_c_h_w: to = ((o * channels + c) * fh + r) * fw + s; break;
            case FilterLayout::c_o_h_w: to = ((c * outs + o) * fh + r) * fw + s; break;
          }
          out[static_cast<size_t>(to)] = filter[((r * fw + s) * channels + c) * outs + o];
        }
  return out;
}

// The library's buffers get guard zones as the harness's own do (kernel_call.h): NaN
// after the inputs (an over-read poisons dx) and a pattern after dx that must survive
// (a write past the end is reported as such, not left to corrupt the heap).
constexpr int64_t kGuardFloats = 1024;
constexpr uint32_t kInputGuard = 0x7fc0dead, kOutputGuard = 0x7fc0beef;

float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void add_guard(std::vector<float>* v, uint32_t bits) { v->insert(v->end(), kGuardFloats, from_bits(bits)); }

// Floats written past `count` (0: the guard is intact).
int64_t guard_damage(const std::vector<float>& v, int64_t count) {
  int64_t last = -1;
  for (int64_t i = 0; i < kGuardFloats; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &v[static_cast<size_t>(count + i)], sizeof bits);
    if (bits != kOutputGuard) last = i;
  }
  return last + 1;
}

bool fits_int32_elements(int64_t a, int64_t b, int64_t c, int64_t d) {
  const int64_t limit = int64_t{1} << 31;
  if (a == 0 || b == 0 || c == 0 || d == 0) return true;
  return a <= limit / b && a * b <= limit / c && a * b * c <= limit / d;
}

}  // namespace

bool plan_call(const dxcheck_conv_desc& d, const Capabilities& caps, LibraryCall* call, std::string* decline) {
  *call = {};
  call->data_format = d.data_format;
  if (d.data_format == DXCHECK_NHWC && !caps.nhwc) call->data_format = DXCHECK_NCHW;
  if (d.data_format == DXCHECK_NCHW && !caps.nchw) call->data_format = DXCHECK_NHWC;
  call->filter = call->data_format == DXCHECK_NCHW ? caps.nchw_filter : caps.nhwc_filter;
  call->batch = d.batch;
  call->in_channels = d.in_channels;
  call->out_channels = d.out_channels;
  call->filter_height = d.filter_height;
  call->filter_width = d.filter_width;
  call->stride_height = d.stride_height;
  call->stride_width = d.stride_width;
  call->out_height = d.out_height;
  call->out_width = d.out_width;
  if (d.out_height <= 0 || d.out_width <= 0) {
    *decline = "dy is empty (out height or width 0): " + caps.library + " has no empty-image call";
    return false;
  }
  if (d.batch == 0 && !caps.empty_batch) {
    *decline = "batch 0: " + caps.library + " takes no empty batch";
    return false;
  }
  // None of these APIs takes a channel count of 0 (XNNPACK and Arm NN reject it by their
  // rules, PyTorch's weight checks want at least one channel each way).
  if (d.in_channels == 0 || d.out_channels == 0) {
    *decline = "no channels (dx or dy channels 0): " + caps.library + " takes no empty channel count";
    return false;
  }
  call->height = plan_axis(d.out_height, d.filter_height, d.stride_height, d.pad_top, d.pad_bottom, caps);
  call->width = plan_axis(d.out_width, d.filter_width, d.stride_width, d.pad_left, d.pad_right, caps);
  if (call->height.size < 1 || call->width.size < 1) {
    // Only when a negative pad moves all of dx past the filter's reach: dx is all +0.
    *decline = "dx lies wholly outside the transposed convolution (pads beyond the filter): " + caps.library +
               " has no empty output";
    return false;
  }
  return true;
}

int run_mapped(const dxcheck_conv_desc& d, const float* dy, const float* filter, float* dx, const Capabilities& caps,
               const LibraryFunction& library, std::string* message) {
  message->clear();
  if (d.data_format != DXCHECK_NHWC && d.data_format != DXCHECK_NCHW) return *message = "unknown data_format", 2;
  if (d.stride_height < 1 || d.stride_width < 1 || d.filter_height < 1 || d.filter_width < 1 || d.batch < 0 ||
      d.in_channels < 0 || d.out_channels < 0 || d.in_height < 0 || d.in_width < 0) {
    return *message = "invalid desc", 2;
  }
  if (d.out_height > 0 && d.out_width > 0 &&
      (d.in_height != (int64_t{d.out_height} - 1) * d.stride_height + d.filter_height - d.pad_top - d.pad_bottom ||
       d.in_width != (int64_t{d.out_width} - 1) * d.stride_width + d.filter_width - d.pad_left - d.pad_right)) {
    return *message = "desc pads and sizes disagree", 2;
  }
  LibraryCall call;
  if (!plan_call(d, caps, &call, message)) return DXCHECK_UNSUPPORTED;
  const int64_t lib_h = call.height.size, lib_w = call.width.size;
  if (!fits_int32_elements(call.batch, lib_h, lib_w, call.in_channels)) {
    return *message = "the library's output would exceed 2^31 elements", DXCHECK_UNSUPPORTED;
  }
  const int64_t oh = d.out_height, ow = d.out_width;
  std::vector<float> dy_moved;
  const float* lib_dy = dy;  // the harness's own buffer, guarded there
  if (call.data_format != d.data_format) {
    dy_moved = relayout(dy, d.data_format, call.data_format, d.batch, oh, ow, d.out_channels);
    add_guard(&dy_moved, kInputGuard);
    lib_dy = dy_moved.data();
  }
  std::vector<float> lib_filter = permute_filter(filter, call);
  add_guard(&lib_filter, kInputGuard);
  // NaN-filled: an element the library leaves unwritten reaches dx as NaN and fails.
  const int64_t lib_count = call.batch * lib_h * lib_w * call.in_channels;
  std::vector<float> lib_dx(static_cast<size_t>(lib_count), std::numeric_limits<float>::quiet_NaN());
  add_guard(&lib_dx, kOutputGuard);
  CallResult result = library(call, lib_dy, lib_filter.data(), lib_dx.data());
  if (const int64_t past = guard_damage(lib_dx, lib_count)) {
    *message = caps.library + " wrote past the end of its output of " + std::to_string(lib_count) +
               " floats (the guard zone after it changed, up to float " + std::to_string(past) + " past the end)";
    return 2;
  }
  if (result.code != DXCHECK_OK) {
    *message = result.message.empty() ? caps.library + " failed" : result.message;
    if (result.code == DXCHECK_UNSUPPORTED) return DXCHECK_UNSUPPORTED;
    *message += std::string(" (") + layout_name(call.data_format) + " call)";
    return result.code;
  }
  const int64_t h = d.in_height, w = d.in_width, channels = d.in_channels;
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < h; ++i) {
      const int64_t li = i + call.height.offset;
      for (int64_t j = 0; j < w; ++j) {
        const int64_t lj = j + call.width.offset;
        const bool inside = li >= 0 && li < lib_h && lj >= 0 && lj < lib_w;
        for (int64_t c = 0; c < channels; ++c) {
          dx[at(d.data_format, h, w, channels, b, i, j, c)] =
              inside ? lib_dx[static_cast<size_t>(at(call.data_format, lib_h, lib_w, channels, b, li, lj, c))] : 0.0f;
        }
      }
    }
  return DXCHECK_OK;
}

}  // namespace dxcheck::adapters
