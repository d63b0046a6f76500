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
template <int Rows>
void channel_tile(int taps, const float* const* a, int64_t lda, const float* const* b,
                  int64_t k, float* acc_io) {
  __m256 lo[Rows], hi[Rows];
  for (int t = 0; t < Rows; ++t) {
    lo[t] = _mm256_loadu_ps(acc_io + t * 16);
    hi[t] = _mm256_loadu_ps(acc_io + t * 16 + 8);
  }
  for (int tap = 0; tap < taps; ++tap) {
    const float* a_tap = a[tap];
    const float* b_tap = b[tap];
    for (int64_t o = 0; o < k; ++o) {
      const __m256 b_lo = _mm256_load_ps(b_tap + o * 16);
      const __m256 b_hi = _mm256_load_ps(b_tap + o * 16 + 8);
      for (int t = 0; t < Rows; ++t) {
        const __m256 a_value = _mm256_broadcast_ss(a_tap + t * lda + o);
        lo[t] = _mm256_fmadd_ps(a_value, b_lo, lo[t]);
        hi[t] = _mm256_fmadd_ps(a_value, b_hi, hi[t]);
      }
    }
  }
  for (int t = 0; t < Rows; ++t) {
    _mm256_storeu_ps(acc_io + t * 16, lo[t]);
    _mm256_storeu_ps(acc_io + t * 16 + 8, hi[t]);
  }
}

void channel(int rows, int taps, const float* const* a, int64_t lda, const float* const* b,
             int64_t k, float* acc) {
  switch (rows) {
    case 1: channel_tile<1>(taps, a, lda, b, k, acc); break;
    case 2: channel_tile<2>(taps, a, lda, b, k, acc); break;
    case 3: channel_tile<3>(taps, a, lda, b, k, acc); break;
    case 4: channel_tile<4>(taps, a, lda, b, k, acc); break;
    case 5: channel_tile<5>(taps, a, lda, b, k, acc); break;
    default: channel_tile<6>(taps, a, lda, b, k, acc); break;
  }
}

// Cols x Vectors accumulators (at most 12), from +0.
template <int Vectors, int Cols>
void segment_tile(int taps, const float* const* a, int64_t a_offset, int64_t lda,
                  const float* const* b, int64_t b_offset, int64_t k, int64_t width, float* acc) {
  __m256 sum[Cols][Vectors];
  for (int t = 0; t < Cols; ++t)
    for (int v = 0; v < Vectors; ++v) sum[t][v] = _mm256_setzero_ps();
  for (int tap = 0; tap < taps; ++tap) {
    const float* a_tap = a[tap] + a_offset;
    const float* b_tap = b[tap] + b_offset;
    for (int64_t o = 0; o < k; ++o) {
      __m256 b_value[Vectors];
      for (int v = 0; v < Vectors; ++v) b_value[v] = _mm256_load_ps(b_tap + o * width + 8 * v);
      for (int t = 0; t < Cols; ++t) {
        const __m256 a_value = _mm256_broadcast_ss(a_tap + t * lda + o);
        for (int v = 0; v < Vectors; ++v) sum[t][v] = _mm256_fmadd_ps(a_value, b_value[v], sum[t][v]);
      }
    }
  }
  for (int t = 0; t < Cols; ++t)
    for (int v = 0; v < Vectors; ++v) _mm256_storeu_ps(acc + t * width + b_offset + 8 * v, sum[t][v]);
}

using SegmentTile = void (*)(int, const float* const*, int64_t, int64_t, const float* const*,
                             int64_t, int64_t, int64_t, float*);

template <int Vectors, int... Cols>
SegmentTile segment_tile_for(int cols, std::integer_sequence<int, Cols...>) {
  static constexpr SegmentTile table[] = {segment_tile<Vectors, Cols + 1>...};
  return table[cols - 1];
}

// Walks the segment 3 vectors (24 floats) at a time, with as many columns per tile as
// keep 12 accumulators; the per-element order does not depend on the tiling.
void segment(int cols, int taps, const float* const* a, int64_t lda, const float* const* b,
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
      tile(taps, a, t0 * lda, lda, b, v0 * 8, k, width, acc + t0 * width);
    }
    v0 += step;
  }
}

}  // namespace

const Microkernels& avx2_microkernels() {
  static const Microkernels kernels{"avx2", channel, segment};
  return kernels;
}

}  // namespace fast_detail
}  // namespace dxcheck
