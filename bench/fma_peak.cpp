// This machine's fp32 FMA peak: independent 8-wide FMA chains, enough of them to cover
// the FMA latency on every pipe, on 1 and on 2 threads. Built with -mavx2 -mfma (this
// file only) and skipped on a CPU without them.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include "bench.h"

namespace dxcheck_bench {
namespace {

constexpr int kChains = 12;
constexpr int64_t kSteps = 4096;

// 12 named accumulators, written out: an array here ends up in memory at -O2.
void fma_peak(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    state.SkipWithError("no AVX2+FMA");
    return;
  }
  const __m256 scale = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
  for (auto _ : state) {
    __m256 a0 = _mm256_set1_ps(0.0f), a1 = _mm256_set1_ps(0.1f), a2 = _mm256_set1_ps(0.2f);
    __m256 a3 = _mm256_set1_ps(0.3f), a4 = _mm256_set1_ps(0.4f), a5 = _mm256_set1_ps(0.5f);
    __m256 a6 = _mm256_set1_ps(0.6f), a7 = _mm256_set1_ps(0.7f), a8 = _mm256_set1_ps(0.8f);
    __m256 a9 = _mm256_set1_ps(0.9f), a10 = _mm256_set1_ps(1.0f), a11 = _mm256_set1_ps(1.1f);
    for (int64_t step = 0; step < kSteps; ++step) {
      a0 = _mm256_fmadd_ps(a0, scale, add);
      a1 = _mm256_fmadd_ps(a1, scale, add);
      a2 = _mm256_fmadd_ps(a2, scale, add);
      a3 = _mm256_fmadd_ps(a3, scale, add);
      a4 = _mm256_fmadd_ps(a4, scale, add);
      a5 = _mm256_fmadd_ps(a5, scale, add);
      a6 = _mm256_fmadd_ps(a6, scale, add);
      a7 = _mm256_fmadd_ps(a7, scale, add);
      a8 = _mm256_fmadd_ps(a8, scale, add);
      a9 = _mm256_fmadd_ps(a9, scale, add);
      a10 = _mm256_fmadd_ps(a10, scale, add);
      a11 = _mm256_fmadd_ps(a11, scale, add);
    }
    __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                               _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    benchmark::DoNotOptimize(sum);
  }
  // 2 flops per lane per FMA. Counters of all threads are summed; real time divides.
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * 8 * kChains * kSteps / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

void register_fma_peak() {
  benchmark::RegisterBenchmark("fma_peak/avx2", fma_peak)->Threads(1)->Threads(2)->UseRealTime();
}

}  // namespace dxcheck_bench
