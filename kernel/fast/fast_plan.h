// The fast kernel's plan of one call, shared by its driver (fast.cpp: packing, threads)
// and its row computations (fast_rows.cpp): what a row needs to know and the per-thread
// scratch it works in.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "microkernels.h"

namespace dxcheck::fast_detail {

constexpr int64_t kLanes = kChannelLanes;

// A float buffer aligned to 64 bytes that only grows: the workspace reused across calls.
class Buffer {
 public:
  float* get(int64_t count) {
    if (count > capacity_) {
      const int64_t rounded = (count + 15) / 16 * 16;
      void* memory = std::aligned_alloc(64, static_cast<size_t>(rounded) * sizeof(float));
      if (memory == nullptr) return nullptr;
      data_.reset(static_cast<float*>(memory));
      capacity_ = rounded;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
  int64_t capacity_ = 0;
};

// What one thread needs inside a row: tap lists, a tile of accumulators, an NHWC row.
struct Scratch {
  std::vector<int64_t> tap_row, tap_dy_row, tap_col, tap_q0;
  std::vector<int64_t> run_lo, run_hi, run_first, run_count;
  std::vector<const float*> a, b, b_base;
  Buffer acc;
  Buffer row;
};

struct Problem {
  int64_t batch, height, width, channels;
  int64_t out_height, out_width, out_channels;
  int64_t filter_height, filter_width, stride_height, stride_width, top, left;
  bool nchw;
};

struct Plan {
  Problem pr;
  const Microkernels* kernels;
  const float* dy;      // in the call's layout; the strides below address it
  const float* filter;  // [fh][fw][C][O]
  // dy[n][p][q][o] is dy + n * dy_image + p * dy_row + q * dy_col + o * dy_channel.
  int64_t dy_image, dy_row, dy_col, dy_channel;
  float* packed;
  float* dx;
  bool segment_path;
  int64_t channel_blocks;   // channel path: ceil(C / 16)
  int64_t segment_length;   // segment path: fw * C
  int64_t segment_width;    // segment_length rounded up to 8
  int64_t pointwise_chunk;  // NCHW pointwise path: positions per task, else 0
  bool stream_dx;           // dx too large to stay in cache, and channel tiles go straight into it: streamed
  int64_t band_rows;        // dx rows per task (row and segment paths)
  Scratch* scratch;
};

// dx row i of image n, NHWC-ordered, into out (width * channels floats): the channel
// path (a tile of columns of one stride phase against 16-channel blocks) and the segment
// path (fewer than 8 channels: vectors along the row).
// `direct` is how tiles with every tap are stored (straight into out; fresh_streamed only
// where out is dx itself).
void channel_row(const Plan& plan, int64_t n, int64_t i, float* out, TileMode direct, Scratch& s);
void segment_row(const Plan& plan, int64_t n, int64_t i, float* out, Scratch& s);

// NCHW 1x1 stride-1 unpadded (fast_pointwise.cpp): task n * pointwise_chunks + chunk is
// positions [chunk * pointwise_chunk, +pointwise_chunk) of image n's planes, every dx
// channel, written straight into dx.
int64_t pointwise_chunk_positions(int64_t out_channels);
int64_t pointwise_chunks(const Plan& plan);  // tasks per image
void pointwise_nchw_task(const Plan& plan, int64_t task, Scratch& s);

}  // namespace dxcheck::fast_detail
