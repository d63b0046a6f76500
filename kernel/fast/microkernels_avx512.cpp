// AVX-512 micro-kernels. This file alone is compiled with -mavx512f (and AVX2+FMA);
// fast.cpp calls it only after __builtin_cpu_supports said yes. 32 zmm registers hold a
// tile of up to 14 dx columns x 32 dx channels (28 accumulators, 2 filter vectors, the
// dy value is a broadcast memory operand of the FMA), so each filter vector loaded feeds
// 14 FMAs and each dy value 2, against 6 and 2 for the AVX2 tile.
//
// Every dx element still gets one FMA per real term, in the driver's order (taps, then
// out channels, ascending, from +0 or from what the accumulator held): an FMA rounds
// once whatever the vector width, so this path gives the AVX2 path's bits exactly.
#include <immintrin.h>

#include <utility>

#include "microkernels.h"

namespace dxcheck {
namespace fast_detail {
namespace {

constexpr int kRows = 14;

// Named variables, not arrays: GCC keeps an array of __m512 in memory across the loops.
#define DXCHECK_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13)

// Rows x (16 * Blocks) accumulators; block j of row t is acc_io + t * ldacc + 16 * j and
// reads its filter vector from b[tap] + j * b_block_stride.
template <int Rows, int Blocks>
void channel_tile(int taps, const float* const* a, int64_t lda, int64_t ldo, const float* const* b,
                  int64_t b_block_stride, int64_t k, float* acc_io, int64_t ldacc, TileMode mode) {
  const bool load = mode == TileMode::accumulate;
#define DXCHECK_DECLARE(t)                                                      \
  __m512 lo##t = _mm512_setzero_ps(), hi##t = _mm512_setzero_ps();             \
  if (Rows > t && load) {                                                       \
    lo##t = _mm512_loadu_ps(acc_io + t * ldacc);                                \
    if (Blocks > 1) hi##t = _mm512_loadu_ps(acc_io + t * ldacc + 16);           \
  }
  DXCHECK_ROWS(DXCHECK_DECLARE)
#undef DXCHECK_DECLARE
  for (int tap = 0; tap < taps; ++tap) {
    // Row t's dy values at a0 + t * lda: five base pointers, each within two lda of its
    // rows, keep every address a base + index * scale (GCC otherwise spills pointers);
    // they step by ldo per out channel.
    const float* a0 = a[tap];
    const float* a3 = a0 + 3 * lda;
    const float* a6 = a0 + 6 * lda;
    const float* a9 = a0 + 9 * lda;
    const float* a12 = a0 + 12 * lda;
    const float* b_lo = b[tap];
    const float* b_hi = b_lo + b_block_stride;
#pragma GCC unroll 2
    for (int64_t o = 0; o < k; ++o) {
      const __m512 f_lo = _mm512_load_ps(b_lo + o * 16);
      const __m512 f_hi = Blocks > 1 ? _mm512_load_ps(b_hi + o * 16) : f_lo;
#define DXCHECK_STEP(t)                                                                      \
  if constexpr (Rows > t) {                                                                  \
    const float* base = t < 3 ? a0 : t < 6 ? a3 : t < 9 ? a6 : t < 12 ? a9 : a12;             \
    const __m512 a_value = _mm512_set1_ps(base[(t % 3) * lda]);                              \
    lo##t = _mm512_fmadd_ps(a_value, f_lo, lo##t);                                           \
    if constexpr (Blocks > 1) hi##t = _mm512_fmadd_ps(a_value, f_hi, hi##t);                 \
  }
      DXCHECK_ROWS(DXCHECK_STEP)
#undef DXCHECK_STEP
      a0 += ldo;
      a3 += ldo;
      a6 += ldo;
      a9 += ldo;
      a12 += ldo;
    }
  }
  const bool stream = mode == TileMode::fresh_streamed && is_line_aligned(acc_io, ldacc);
  const auto put = [stream](float* p, __m512 v) {
    if (stream) _mm512_stream_ps(p, v);
    else _mm512_storeu_ps(p, v);
  };
#define DXCHECK_STORE(t)                                       \
  if constexpr (Rows > t) {                                    \
    put(acc_io + t * ldacc, lo##t);                            \
    if constexpr (Blocks > 1) put(acc_io + t * ldacc + 16, hi##t); \
  }
  DXCHECK_ROWS(DXCHECK_STORE)
#undef DXCHECK_STORE
}

using ChannelTile = void (*)(int, const float* const*, int64_t, int64_t, const float* const*, int64_t,
                             int64_t, float*, int64_t, TileMode);

template <int Blocks, int... Rows>
ChannelTile tile_for(int rows, std::integer_sequence<int, Rows...>) {
  static constexpr ChannelTile table[] = {channel_tile<Rows + 1, Blocks>...};
  return table[rows - 1];
}

void channel(int rows, int blocks, int taps, const float* const* a, int64_t lda, int64_t ldo,
             const float* const* b, int64_t b_block_stride, int64_t k, float* acc, int64_t ldacc,
             TileMode mode) {
  const ChannelTile tile = blocks > 1 ? tile_for<2>(rows, std::make_integer_sequence<int, kRows>())
                                      : tile_for<1>(rows, std::make_integer_sequence<int, kRows>());
  tile(taps, a, lda, ldo, b, b_block_stride, k, acc, ldacc, mode);
}

// Segment kernel: Cols dy columns x (Pieces 16-float pieces of the segment), the last
// piece only 8 floats wide when HalfTail (segments are multiples of 8): its lanes 8-15 are
// masked off on load and store, so nothing outside the segment is read or written.
template <int Pieces, bool HalfTail, int Cols>
void segment_tile(int taps, const float* const* a, int64_t a_offset, int64_t lda, int64_t ldo,
                  const float* const* b, int64_t b_offset, int64_t k, int64_t width, float* acc) {
  constexpr __mmask16 kLast = HalfTail ? 0x00ff : 0xffff;
  constexpr __mmask16 kFirst = Pieces == 1 ? kLast : 0xffff;
#define DXCHECK_DECLARE(t) __m512 lo##t = _mm512_setzero_ps(), hi##t = _mm512_setzero_ps();
  DXCHECK_ROWS(DXCHECK_DECLARE)
#undef DXCHECK_DECLARE
  for (int tap = 0; tap < taps; ++tap) {
    // Five base pointers as in channel_tile; they step by ldo per out channel.
    const float* a0 = a[tap] + a_offset;
    const float* a3 = a0 + 3 * lda;
    const float* a6 = a0 + 6 * lda;
    const float* a9 = a0 + 9 * lda;
    const float* a12 = a0 + 12 * lda;
    const float* b_row = b[tap] + b_offset;
    for (int64_t o = 0; o < k; ++o) {
      const __m512 f_lo = _mm512_maskz_loadu_ps(kFirst, b_row);
      const __m512 f_hi = Pieces > 1 ? _mm512_maskz_loadu_ps(kLast, b_row + 16) : f_lo;
#define DXCHECK_STEP(t)                                                     \
  if constexpr (Cols > t) {                                                 \
    const float* base = t < 3 ? a0 : t < 6 ? a3 : t < 9 ? a6 : t < 12 ? a9 : a12; \
    const __m512 a_value = _mm512_set1_ps(base[(t % 3) * lda]);             \
    lo##t = _mm512_fmadd_ps(a_value, f_lo, lo##t);                          \
    if constexpr (Pieces > 1) hi##t = _mm512_fmadd_ps(a_value, f_hi, hi##t); \
  }
      DXCHECK_ROWS(DXCHECK_STEP)
#undef DXCHECK_STEP
      a0 += ldo;
      a3 += ldo;
      a6 += ldo;
      a9 += ldo;
      a12 += ldo;
      b_row += width;
    }
  }
#define DXCHECK_STORE(t)                                                     \
  if constexpr (Cols > t) {                                                  \
    float* out = acc + t * width + b_offset;                                 \
    _mm512_mask_storeu_ps(out, kFirst, lo##t);                               \
    if constexpr (Pieces > 1) _mm512_mask_storeu_ps(out + 16, kLast, hi##t);  \
  }
  DXCHECK_ROWS(DXCHECK_STORE)
#undef DXCHECK_STORE
}

using SegmentTile = void (*)(int, const float* const*, int64_t, int64_t, int64_t, const float* const*,
                             int64_t, int64_t, int64_t, float*);

template <int Pieces, bool HalfTail, int... Cols>
SegmentTile segment_tile_for(int cols, std::integer_sequence<int, Cols...>) {
  static constexpr SegmentTile table[] = {segment_tile<Pieces, HalfTail, Cols + 1>...};
  return table[cols - 1];
}

// Walks the segment 32 floats (two pieces) at a time, up to 14 columns per tile (28
// accumulators); the per-element order (taps, then o) does not depend on the tiling, so
// these are the AVX2 segment kernel's bits.
void segment(int cols, int taps, const float* const* a, int64_t lda, int64_t ldo,
             const float* const* b, int64_t k, int64_t width, float* acc) {
  const auto seq = std::make_integer_sequence<int, kRows>();
  for (int64_t f0 = 0; f0 < width; f0 += 32) {
    const int64_t left = width - f0;  // a multiple of 8
    for (int t0 = 0; t0 < cols; t0 += kRows) {
      const int n = cols - t0 < kRows ? cols - t0 : kRows;
      SegmentTile tile;
      if (left >= 32) tile = segment_tile_for<2, false>(n, seq);
      else if (left == 24) tile = segment_tile_for<2, true>(n, seq);
      else if (left == 16) tile = segment_tile_for<1, false>(n, seq);
      else tile = segment_tile_for<1, true>(n, seq);
      tile(taps, a, t0 * lda, lda, ldo, b, f0, k, width, acc + t0 * width);
    }
  }
}
#undef DXCHECK_ROWS

}  // namespace

const Microkernels& avx512_microkernels() {
  // The transposes are AVX2's (copies: the same bytes either way).
  static const Microkernels kernels{"avx512", kRows, 2, kRows, channel, segment,
                                    avx2_microkernels().transpose};
  return kernels;
}

}  // namespace fast_detail
}  // namespace dxcheck
