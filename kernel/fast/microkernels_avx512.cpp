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
                  int64_t b_block_stride, int64_t k, float* acc_io, int64_t ldacc, bool load) {
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
#define DXCHECK_STORE(t)                                                  \
  if constexpr (Rows > t) {                                               \
    _mm512_storeu_ps(acc_io + t * ldacc, lo##t);                          \
    if constexpr (Blocks > 1) _mm512_storeu_ps(acc_io + t * ldacc + 16, hi##t); \
  }
  DXCHECK_ROWS(DXCHECK_STORE)
#undef DXCHECK_STORE
}
#undef DXCHECK_ROWS

using ChannelTile = void (*)(int, const float* const*, int64_t, int64_t, const float* const*, int64_t,
                             int64_t, float*, int64_t, bool);

template <int Blocks, int... Rows>
ChannelTile tile_for(int rows, std::integer_sequence<int, Rows...>) {
  static constexpr ChannelTile table[] = {channel_tile<Rows + 1, Blocks>...};
  return table[rows - 1];
}

void channel(int rows, int blocks, int taps, const float* const* a, int64_t lda, int64_t ldo,
             const float* const* b, int64_t b_block_stride, int64_t k, float* acc, int64_t ldacc,
             bool load) {
  const ChannelTile tile = blocks > 1 ? tile_for<2>(rows, std::make_integer_sequence<int, kRows>())
                                      : tile_for<1>(rows, std::make_integer_sequence<int, kRows>());
  tile(taps, a, lda, ldo, b, b_block_stride, k, acc, ldacc, load);
}

}  // namespace

const Microkernels& avx512_microkernels() {
  // The segment kernel and the transposes are AVX2's: the same bits, and the segment
  // shapes (fewer than 8 dx channels) are bounded by their scalar tail, not the FMAs.
  static const Microkernels kernels{"avx512", kRows, 2, channel, avx2_microkernels().segment,
                                    avx2_microkernels().transpose};
  return kernels;
}

}  // namespace fast_detail
}  // namespace dxcheck
