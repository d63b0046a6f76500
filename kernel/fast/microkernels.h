// The inner loops of the fast kernel, one set per instruction set. Each set lives in
// its own translation unit, compiled with that set's target flags; fast.cpp picks one
// at run time. The driver does all index arithmetic; these only multiply real terms.
#pragma once

#include <cstdint>

namespace dxcheck {
namespace fast_detail {

// Channel kernel: out channels of dy against `blocks` (at most Microkernels::blocks)
// 16-wide blocks of dx channels. For rows t < `rows` (at most Microkernels::rows),
// blocks j < `blocks`, and each tap in order, and o < k in order:
//   acc[t][16j + l] += a[tap][t * lda + o * ldo] * b[tap][j * b_block_stride + o * 16 + l]
// (l < 16; dy NHWC: lda = out channels, ldo = 1; NCHW: lda = 1, ldo = the dy plane).
// acc row t is acc + t * ldacc (16 * blocks floats); b is 64-byte aligned. `mode` says
// where acc starts and how it is stored (below).
constexpr int kChannelLanes = 16;
// fresh: from +0, plain stores. accumulate: from what acc holds (an edge tile's later
// runs). fresh_streamed: from +0 into dx that is not read again soon, with non-temporal
// stores where acc and ldacc are 64-byte aligned (whole cache lines; plain stores
// otherwise): a dx larger than the caches is then written without first reading each line
// from memory. The caller runs store_fence() before another thread reads dx.
enum class TileMode { fresh, accumulate, fresh_streamed };
inline bool is_line_aligned(const float* acc, int64_t ldacc) {
  return ((reinterpret_cast<uintptr_t>(acc) | static_cast<uintptr_t>(ldacc) * sizeof(float)) & 63) == 0;
}
// The most rows and blocks any path's channel kernel takes (the driver's scratch size).
constexpr int kMaxChannelRows = 14;
constexpr int kMaxChannelBlocks = 2;
using ChannelKernel = void (*)(int rows, int blocks, int taps, const float* const* a, int64_t lda,
                               int64_t ldo, const float* const* b, int64_t b_block_stride, int64_t k,
                               float* acc, int64_t ldacc, TileMode mode);

// Segment kernel: for `cols` (at most Microkernels::segment_cols) dy columns, the whole dx row segment
// (filter column, dx channel) that each column touches, `width` floats (a multiple of 8):
//   acc[t][l] = sum over tap in order, o < k in order of a[tap][t * lda + o * ldo] * b[tap][o * width + l]
// accumulated from +0. acc is [cols][width]. b is 32-byte aligned.
constexpr int kMaxSegmentCols = 14;
using SegmentKernel = void (*)(int cols, int taps, const float* const* a, int64_t lda, int64_t ldo,
                               const float* const* b, int64_t k, int64_t width, float* acc);

// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols: the NCHW <->
// NHWC moves. Exact (copies only).
using Transpose = void (*)(const float* src, int64_t src_stride, float* dst, int64_t dst_stride,
                           int64_t rows, int64_t cols);

struct Microkernels {
  const char* isa;
  int rows;    // channel kernel: most rows a call takes
  int blocks;  // channel kernel: most 16-wide channel blocks a call takes
  int segment_cols;  // segment kernel: most dy columns a call takes
  ChannelKernel channel;
  SegmentKernel segment;
  Transpose transpose;
};

// Orders the non-temporal stores of fresh_streamed tiles before what follows (the thread
// pool's hand-off of finished work).
void store_fence();

const Microkernels& portable_microkernels();
const Microkernels& avx2_microkernels();
const Microkernels& avx512_microkernels();
// The set this process uses (fast.cpp: the widest the CPU has, or DXCHECK_FAST_ISA's).
const Microkernels& active_microkernels();

}  // namespace fast_detail
}  // namespace dxcheck
