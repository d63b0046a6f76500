// This machine's fp32 FMA peak: independent 8-wide FMA chains, enough of them to cover
// the FMA latency on every pipe, on 1 and on 2 threads. Built with -mavx2 -mfma (this
// file only) and skipped on a CPU without them.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <atomic>
#include <thread>
#include <vector>

#include "bench.h"

namespace dxcheck_bench {
namespace {

constexpr int kChains = 12;
constexpr int64_t kSteps = 1 << 16;  // ~0.15 ms a call: a thread hand-off is noise

// 12 named accumulators, written out: an array here ends up in memory at -O2.
// Not a tolerance: x -> 0.999999 x + 1e-7 has its fixed point at 0.1, so every chain
// stays a normal float near its start (no overflow, no subnormal slow path) however
// many steps run, and the compiler cannot fold the loop away.
__attribute__((noinline)) float fma_chains() {
  const __m256 scale = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
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
  return _mm256_cvtss_f32(sum);
}

// The extra threads are plain std::threads started once per benchmark run and released
// once per iteration, like the fast kernel's pool; Google Benchmark's own Threads() mode
// mis-scales real time when combined with repetitions (1.7.1).
void fma_peak(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    state.SkipWithError("no AVX2+FMA");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  std::atomic<int64_t> go{0};
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads; ++t)
    helpers.emplace_back([&] {
      int64_t seen = 0;
      for (;;) {
        int64_t now;
        while ((now = go.load(std::memory_order_acquire)) == seen && !stop.load(std::memory_order_acquire)) _mm_pause();
        if (stop.load(std::memory_order_acquire)) return;
        seen = now;
        benchmark::DoNotOptimize(fma_chains());
        done.fetch_add(1, std::memory_order_acq_rel);
      }
    });
  for (auto _ : state) {
    done.store(0, std::memory_order_relaxed);
    go.fetch_add(1, std::memory_order_acq_rel);
    benchmark::DoNotOptimize(fma_chains());
    while (done.load(std::memory_order_acquire) != threads - 1) _mm_pause();
  }
  stop.store(true, std::memory_order_release);
  for (std::thread& helper : helpers) helper.join();
  // 2 flops per lane per FMA, on every thread.
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * 8 * kChains * kSteps * threads / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

void register_fma_peak() {
  benchmark::RegisterBenchmark("fma_peak/avx2", fma_peak)
      ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

}  // namespace dxcheck_bench
