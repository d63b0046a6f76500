// This machine's fp32 FMA peak per instruction set: independent 8-wide (AVX2) or 16-wide
// (AVX-512) FMA chains, enough of them to cover the FMA latency on every pipe, on 1 and
// on 2 threads. Built with -mavx2 -mfma (this file only; the AVX-512 function carries its
// own target attribute), and each set is skipped on a CPU without it. Some CPUs run
// AVX-512 FMAs at AVX2's rate (two 256-bit halves), others at twice it.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "bench.h"

namespace dxcheck_bench {

bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool has_avx512() { return has_avx2() && __builtin_cpu_supports("avx512f"); }

namespace {

constexpr int64_t kSteps = 1 << 16;  // 0.1-0.3 ms a call: a thread hand-off is noise

// Named accumulators, written out: an array here ends up in memory at -O2. Two FMA pipes
// at 4 cycles' latency need 8 chains in flight; AVX2 runs 12 (16 ymm registers hold 12
// chains and the two constants), AVX-512 16 (of 32 zmm), leaving room for longer latency.
// Not a tolerance: x -> 0.999999 x + 1e-7 has its fixed point at 0.1, so every chain
// stays a normal float near its start (no overflow, no subnormal slow path) however
// many steps run, and the compiler cannot fold the loop away.
// The body is written once; each function binds Vec, its chain list and the three
// DXCHECK_V* intrinsics.
#define DXCHECK_CHAINS_12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define DXCHECK_CHAINS_16(X) DXCHECK_CHAINS_12(X) X(12) X(13) X(14) X(15)
#define DXCHECK_DECLARE_CHAIN(k) Vec a##k = DXCHECK_VSET1(0.05f * k);
#define DXCHECK_STEP_CHAIN(k) a##k = DXCHECK_VFMADD(a##k, scale, step_add);
#define DXCHECK_SUM_CHAIN(k) sum = DXCHECK_VADD(sum, a##k);
#define DXCHECK_FMA_CHAINS                                          \
  const Vec scale = DXCHECK_VSET1(0.999999f), step_add = DXCHECK_VSET1(1e-7f); \
  DXCHECK_CHAINS_N(DXCHECK_DECLARE_CHAIN)                             \
  for (int64_t step = 0; step < kSteps; ++step) {                   \
    DXCHECK_CHAINS_N(DXCHECK_STEP_CHAIN)                              \
  }                                                                 \
  Vec sum = DXCHECK_VSET1(0.0f);                                    \
  DXCHECK_CHAINS_N(DXCHECK_SUM_CHAIN)

// Built with -mavx2 -mfma (this file's flags).
__attribute__((noinline)) float fma_chains_avx2() {
  using Vec = __m256;
#define DXCHECK_CHAINS_N DXCHECK_CHAINS_12
#define DXCHECK_VSET1 _mm256_set1_ps
#define DXCHECK_VFMADD _mm256_fmadd_ps
#define DXCHECK_VADD _mm256_add_ps
  DXCHECK_FMA_CHAINS
#undef DXCHECK_VSET1
#undef DXCHECK_VFMADD
#undef DXCHECK_VADD
#undef DXCHECK_CHAINS_N
  return _mm256_cvtss_f32(sum);
}

// AVX-512 for this function only; called only where the CPU has it.
__attribute__((noinline, target("avx512f"))) float fma_chains_avx512() {
  using Vec = __m512;
#define DXCHECK_CHAINS_N DXCHECK_CHAINS_16
#define DXCHECK_VSET1 _mm512_set1_ps
#define DXCHECK_VFMADD _mm512_fmadd_ps
#define DXCHECK_VADD _mm512_add_ps
  DXCHECK_FMA_CHAINS
#undef DXCHECK_VSET1
#undef DXCHECK_VFMADD
#undef DXCHECK_VADD
#undef DXCHECK_CHAINS_N
  return _mm512_cvtss_f32(sum);
}

#undef DXCHECK_FMA_CHAINS
#undef DXCHECK_SUM_CHAIN
#undef DXCHECK_STEP_CHAIN
#undef DXCHECK_DECLARE_CHAIN
#undef DXCHECK_CHAINS_16
#undef DXCHECK_CHAINS_12

struct Isa {
  const char* name;
  float (*chains)();
  int lanes;
  int chains_count;
  bool (*supported)();
};

const Isa kIsas[] = {{"avx2", fma_chains_avx2, 8, 12, has_avx2},
                       {"avx512", fma_chains_avx512, 16, 16, has_avx512}};

// The extra threads are plain std::threads started once per benchmark run and released
// once per iteration, like the fast kernel's pool; Google Benchmark's own Threads() mode
// mis-scales real time when combined with repetitions (1.7.1).
void fma_peak(benchmark::State& state, const Isa& isa) {
  if (!isa.supported()) {
    state.SkipWithError((std::string("this CPU has no ") + isa.name).c_str());
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
        benchmark::DoNotOptimize(isa.chains());
        done.fetch_add(1, std::memory_order_acq_rel);
      }
    });
  for (auto _ : state) {
    done.store(0, std::memory_order_relaxed);
    go.fetch_add(1, std::memory_order_acq_rel);
    benchmark::DoNotOptimize(isa.chains());
    while (done.load(std::memory_order_acquire) != threads - 1) _mm_pause();
  }
  stop.store(true, std::memory_order_release);
  for (std::thread& helper : helpers) helper.join();
  // 2 flops per lane per FMA, on every thread.
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * isa.lanes * isa.chains_count * kSteps * threads / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

void register_fma_peak() {
  for (const Isa& isa : kIsas)
    benchmark::RegisterBenchmark((std::string("fma_peak/") + isa.name).c_str(), fma_peak, isa)
        ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->MeasureProcessCPUTime()
        ->Unit(benchmark::kMicrosecond);
}

}  // namespace dxcheck_bench
