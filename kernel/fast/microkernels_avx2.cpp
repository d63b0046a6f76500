// AVX2+FMA micro-kernels. This file alone is compiled with -mavx2 -mfma; fast.cpp calls
// it only after __builtin_cpu_supports said yes. Accumulators live in registers for the
// whole reduction (every tap, every out channel), so dx is written once per element.
#include <immintrin.h>

#include <utility>

#include "microkernels.h"

namespace dxcheck {
namespace fast_detail {
namespace {

// Rows x 16 accumulators: 2*Rows ymm (12 at Rows = 6) + 2 filter vectors + 1 broadcast.
// Named variables, not arrays: GCC keeps an array of __m256 in memory across the loops.
#define DXCHECK_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
template <int Rows>
void channel_tile(int taps, const float* const* a, int64_t lda, int64_t ldo, const float* const* b,
                  int64_t b_offset, int64_t k, float* acc_io, int64_t ldacc, TileMode mode) {
  const bool load = mode == TileMode::accumulate;
#define DXCHECK_DECLARE(t)                                                           \
  __m256 lo##t = _mm256_setzero_ps(), hi##t = _mm256_setzero_ps();                  \
  if (Rows > t && load) {                                                            \
    lo##t = _mm256_loadu_ps(acc_io + t * ldacc);                                     \
    hi##t = _mm256_loadu_ps(acc_io + t * ldacc + 8);                                 \
  }
  DXCHECK_ROWS(DXCHECK_DECLARE)
#undef DXCHECK_DECLARE
  for (int tap = 0; tap < taps; ++tap) {
    const float* a0 = a[tap];  // rows 0-2; a3 rows 3-5; both step by ldo per out channel
    const float* a3 = a0 + 3 * lda;
    const float* b_tap = b[tap] + b_offset;
#pragma GCC unroll 4
    for (int64_t o = 0; o < k; ++o) {
      const __m256 b_lo = _mm256_load_ps(b_tap + o * 16);
      const __m256 b_hi = _mm256_load_ps(b_tap + o * 16 + 8);
#define DXCHECK_STEP(t)                                                                        \
  if constexpr (Rows > t) {                                                                    \
    const __m256 a_value = _mm256_broadcast_ss(t < 3 ? a0 + t * lda : a3 + (t - 3) * lda);     \
    lo##t = _mm256_fmadd_ps(a_value, b_lo, lo##t);                                             \
    hi##t = _mm256_fmadd_ps(a_value, b_hi, hi##t);                                             \
  }
      DXCHECK_ROWS(DXCHECK_STEP)
#undef DXCHECK_STEP
      a0 += ldo;
      a3 += ldo;
    }
  }
  const bool stream = mode == TileMode::fresh_streamed && is_line_aligned(acc_io, ldacc);
  const auto put = [stream](float* p, __m256 v) {
    if (stream) _mm256_stream_ps(p, v);
    else _mm256_storeu_ps(p, v);
  };
#define DXCHECK_STORE(t)                 \
  if constexpr (Rows > t) {              \
    put(acc_io + t * ldacc, lo##t);      \
    put(acc_io + t * ldacc + 8, hi##t);  \
  }
  DXCHECK_ROWS(DXCHECK_STORE)
#undef DXCHECK_STORE
}
#undef DXCHECK_ROWS

// One 16-wide block at a time (6 rows x 16 lanes: 12 of the 16 ymm registers).
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

// Cols x Vectors accumulators (at most 12), from +0; named variables as above.
#define DXCHECK_COLS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
template <int Vectors, int Cols>
void segment_tile(int taps, const float* const* a, int64_t a_offset, int64_t lda, int64_t ldo,
                  const float* const* b, int64_t b_offset, int64_t k, int64_t width, float* acc) {
#define DXCHECK_DECLARE(t) __m256 x##t = _mm256_setzero_ps(), y##t = _mm256_setzero_ps(), z##t = _mm256_setzero_ps();
  DXCHECK_COLS(DXCHECK_DECLARE)
#undef DXCHECK_DECLARE
  for (int tap = 0; tap < taps; ++tap) {
    const float* a_o = a[tap] + a_offset;  // steps by ldo per out channel
    const float* b_tap = b[tap] + b_offset;
    for (int64_t o = 0; o < k; ++o) {
      const float* b_row = b_tap + o * width;
      const __m256 bx = _mm256_load_ps(b_row);
      const __m256 by = Vectors > 1 ? _mm256_load_ps(b_row + 8) : bx;
      const __m256 bz = Vectors > 2 ? _mm256_load_ps(b_row + 16) : bx;
#define DXCHECK_STEP(t)                                                   \
  if constexpr (Cols > t) {                                               \
    const __m256 a_value = _mm256_broadcast_ss(a_o + t * lda);            \
    x##t = _mm256_fmadd_ps(a_value, bx, x##t);                            \
    if constexpr (Vectors > 1) y##t = _mm256_fmadd_ps(a_value, by, y##t); \
    if constexpr (Vectors > 2) z##t = _mm256_fmadd_ps(a_value, bz, z##t); \
  }
      DXCHECK_COLS(DXCHECK_STEP)
#undef DXCHECK_STEP
      a_o += ldo;
    }
  }
#define DXCHECK_STORE(t)                                                        \
  if constexpr (Cols > t) {                                                     \
    float* out = acc + t * width + b_offset;                                    \
    _mm256_storeu_ps(out, x##t);                                                \
    if constexpr (Vectors > 1) _mm256_storeu_ps(out + 8, y##t);                 \
    if constexpr (Vectors > 2) _mm256_storeu_ps(out + 16, z##t);                \
  }
  DXCHECK_COLS(DXCHECK_STORE)
#undef DXCHECK_STORE
}
#undef DXCHECK_COLS

using SegmentTile = void (*)(int, const float* const*, int64_t, int64_t, int64_t, const float* const*,
                             int64_t, int64_t, int64_t, float*);

template <int Vectors, int... Cols>
SegmentTile segment_tile_for(int cols, std::integer_sequence<int, Cols...>) {
  static constexpr SegmentTile table[] = {segment_tile<Vectors, Cols + 1>...};
  return table[cols - 1];
}

// Walks the segment 3 vectors (24 floats) at a time, with as many columns per tile as
// keep 12 accumulators; the per-element order does not depend on the tiling.
void segment(int cols, int taps, const float* const* a, int64_t lda, int64_t ldo, const float* const* b,
             int64_t k, int64_t width, float* acc) {
  const int64_t vectors = width / 8;
  for (int64_t v0 = 0; v0 < vectors;) {
    const int64_t step = vectors - v0 >= 3 ? 3 : vectors - v0;
    const int max_cols = static_cast<int>(12 / step);
    for (int t0 = 0; t0 < cols; t0 += max_cols) {
      const int n = cols - t0 < max_cols ? cols - t0 : max_cols;
      SegmentTile tile;
      if (step == 3) tile = segment_tile_for<3>(n, std::make_integer_sequence<int, 4>());
      else if (step == 2) tile = segment_tile_for<2>(n, std::make_integer_sequence<int, 6>());
      else tile = segment_tile_for<1>(n, std::make_integer_sequence<int, 12>());
      tile(taps, a, t0 * lda, lda, ldo, b, v0 * 8, k, width, acc + t0 * width);
    }
    v0 += step;
  }
}

// 8 x 8 blocks through registers (unpack, shuffle, lane permute), the ragged edges by
// element; a column block (8 dst rows) at a time, every row block in it, so each dst row
// is written as one run. Row blocks outermost wrote 32 bytes into each of the column
// block's lines and moved on; with NCHW dx (dst rows a plane apart, a power of two in
// gan4x4s2) those lines share L1 sets and were evicted half-written.
void transpose(const float* src, int64_t src_stride, float* dst, int64_t dst_stride, int64_t rows,
               int64_t cols) {
  const int64_t rows8 = rows / 8 * 8, cols8 = cols / 8 * 8;
  for (int64_t c0 = 0; c0 < cols8; c0 += 8) {
    for (int64_t r0 = 0; r0 < rows8; r0 += 8) {
      const float* s0 = src + r0 * src_stride + c0;
      const __m256 x0 = _mm256_loadu_ps(s0), x1 = _mm256_loadu_ps(s0 + src_stride);
      const __m256 x2 = _mm256_loadu_ps(s0 + 2 * src_stride), x3 = _mm256_loadu_ps(s0 + 3 * src_stride);
      const __m256 x4 = _mm256_loadu_ps(s0 + 4 * src_stride), x5 = _mm256_loadu_ps(s0 + 5 * src_stride);
      const __m256 x6 = _mm256_loadu_ps(s0 + 6 * src_stride), x7 = _mm256_loadu_ps(s0 + 7 * src_stride);
      const __m256 t0 = _mm256_unpacklo_ps(x0, x1), t1 = _mm256_unpackhi_ps(x0, x1);
      const __m256 t2 = _mm256_unpacklo_ps(x2, x3), t3 = _mm256_unpackhi_ps(x2, x3);
      const __m256 t4 = _mm256_unpacklo_ps(x4, x5), t5 = _mm256_unpackhi_ps(x4, x5);
      const __m256 t6 = _mm256_unpacklo_ps(x6, x7), t7 = _mm256_unpackhi_ps(x6, x7);
      const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
      const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
      const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
      const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
      float* d0 = dst + c0 * dst_stride + r0;
      _mm256_storeu_ps(d0, _mm256_permute2f128_ps(u0, u4, 0x20));
      _mm256_storeu_ps(d0 + dst_stride, _mm256_permute2f128_ps(u1, u5, 0x20));
      _mm256_storeu_ps(d0 + 2 * dst_stride, _mm256_permute2f128_ps(u2, u6, 0x20));
      _mm256_storeu_ps(d0 + 3 * dst_stride, _mm256_permute2f128_ps(u3, u7, 0x20));
      _mm256_storeu_ps(d0 + 4 * dst_stride, _mm256_permute2f128_ps(u0, u4, 0x31));
      _mm256_storeu_ps(d0 + 5 * dst_stride, _mm256_permute2f128_ps(u1, u5, 0x31));
      _mm256_storeu_ps(d0 + 6 * dst_stride, _mm256_permute2f128_ps(u2, u6, 0x31));
      _mm256_storeu_ps(d0 + 7 * dst_stride, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
    for (int64_t c = c0; c < c0 + 8; ++c)
      for (int64_t r = rows8; r < rows; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
  }
  for (int64_t c = cols8; c < cols; ++c)
    for (int64_t r = 0; r < rows; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
}

}  // namespace

const Microkernels& avx2_microkernels() {
  static const Microkernels kernels{"avx2", 6, 1, 12, channel, segment, transpose};
  return kernels;
}

}  // namespace fast_detail
}  // namespace dxcheck
