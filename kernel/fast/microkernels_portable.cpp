// Portable micro-kernels: plain C++, multiply then add (no FMA: -std=c++17 keeps
// contraction off), for CPUs without AVX2 and as the forced fallback path.
#include <cstring>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "microkernels.h"

namespace dxcheck {
namespace fast_detail {
namespace {

template <int Rows>
void channel_tile(int taps, const float* const* a, int64_t lda, int64_t ldo, const float* const* b,
                  int64_t b_offset, int64_t k, float* acc_io, int64_t ldacc, TileMode mode) {
  // Plain stores in every mode: streaming is a cache hint, not a difference in results.
  const bool load = mode == TileMode::accumulate;
  float acc[Rows][kChannelLanes];
  for (int t = 0; t < Rows; ++t)
    for (int l = 0; l < kChannelLanes; ++l) acc[t][l] = load ? acc_io[t * ldacc + l] : 0.0f;
  for (int tap = 0; tap < taps; ++tap) {
    const float* a_tap = a[tap];
    const float* b_tap = b[tap] + b_offset;
    for (int64_t o = 0; o < k; ++o) {
      const float* b_row = b_tap + o * kChannelLanes;
      for (int t = 0; t < Rows; ++t) {
        const float a_value = a_tap[t * lda + o * ldo];
        for (int l = 0; l < kChannelLanes; ++l) acc[t][l] += a_value * b_row[l];
      }
    }
  }
  for (int t = 0; t < Rows; ++t)
    for (int l = 0; l < kChannelLanes; ++l) acc_io[t * ldacc + l] = acc[t][l];
}

// One 16-wide block at a time, in the order of the vector paths.
void channel(int rows, int blocks, int taps, const float* const* a, int64_t lda, int64_t ldo,
             const float* const* b, int64_t b_block_stride, int64_t k, float* acc, int64_t ldacc,
             TileMode mode) {
  for (int j = 0; j < blocks; ++j) {
    const int64_t b_offset = j * b_block_stride;
    float* acc_block = acc + j * kChannelLanes;
    switch (rows) {
      case 1: channel_tile<1>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
      case 2: channel_tile<2>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
      case 3: channel_tile<3>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
      case 4: channel_tile<4>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
      case 5: channel_tile<5>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
      default: channel_tile<6>(taps, a, lda, ldo, b, b_offset, k, acc_block, ldacc, mode); break;
    }
  }
}

// One column at a time, 8 floats of the segment at a time: the same per-element order
// (taps, then o, ascending) as the AVX2 kernel, without its register blocking.
void segment(int cols, int taps, const float* const* a, int64_t lda, int64_t ldo, const float* const* b,
             int64_t k, int64_t width, float* acc) {
  for (int t = 0; t < cols; ++t) {
    for (int64_t l0 = 0; l0 < width; l0 += 8) {
      float sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      for (int tap = 0; tap < taps; ++tap) {
        const float* a_col = a[tap] + t * lda;
        const float* b_tap = b[tap] + l0;
        for (int64_t o = 0; o < k; ++o) {
          const float a_value = a_col[o * ldo];
          for (int l = 0; l < 8; ++l) sum[l] += a_value * b_tap[o * width + l];
        }
      }
      std::memcpy(acc + t * width + l0, sum, sizeof(sum));
    }
  }
}

// In 16 x 16 blocks, so both sides stay in cache.
void transpose(const float* src, int64_t src_stride, float* dst, int64_t dst_stride, int64_t rows,
               int64_t cols) {
  constexpr int64_t kBlock = 16;
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock)
    for (int64_t c0 = 0; c0 < cols; c0 += kBlock) {
      const int64_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
      const int64_t c1 = c0 + kBlock < cols ? c0 + kBlock : cols;
      for (int64_t c = c0; c < c1; ++c)
        for (int64_t r = r0; r < r1; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
    }
}

}  // namespace

void store_fence() {
#if defined(__SSE__)
  _mm_sfence();
#endif
}

const Microkernels& portable_microkernels() {
  static const Microkernels kernels{"portable", 6, 1, 12, channel, segment, transpose};
  return kernels;
}

}  // namespace fast_detail
}  // namespace dxcheck
