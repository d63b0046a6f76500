// The reference's speed beside this machine's double-precision FMA peak, in the same
// run, and the time of whole checks of one ResNet-50 layer:
//   fma_peak_double/avx2/threads:T       independent 4-wide double FMA chains
//   fma_peak_double/avx512/threads:T     the same 8-wide (Zen 5 runs them at full width)
//   reference/resnet3x3s1/nhwc/threads:T backprop_input on the layer (dx and M)
//   check/matches-reference/fast/resnet  the property: kernel calls with canaries,
//                                        reference, bound (what `repro` does per property)
//   check/every-property/fast/resnet     every property, as `dxcheck repro` runs them
// GFLOPS of the reference counts 2 flops per real term in each of its two sums (dx and
// M): the useful work, not the zeros its gather multiplies at the borders. of_peak is
// that over the double peak on the same number of threads (peak_GFLOPS, the best of
// ten short runs of the widest chains, right after the reference's). Only the FMA
// chains are compiled for AVX2+FMA or AVX-512 (target attributes, so no inline function
// of a shared header is); they are skipped on a CPU without them. CPU time is the
// process's (every thread), the robust figure on a shared machine.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bench.h"
#include "driver.h"
#include "fill.h"
#include "property.h"
#include "reference.h"
#include "registry.h"

namespace dxcheck_bench {
namespace {

const char* const kResnetLayer = "dx1_n8_h56w56c64_k3x3o64_s1x1_same_nhwc_tfjs_uniform_r1";

constexpr int64_t kSteps = 1 << 16;
constexpr int kChains = 12;  // FMA latency 4 x 2 pipes = 8 in flight; 12 covers it

// 12 named accumulators (an array ends up in memory). x -> 0.999999 x + 1e-7 has its
// fixed point at 0.1: every chain stays a normal double near its start however many
// steps run, and the loop cannot be folded away. Not a tolerance.
// `start` is laundered by the caller before every call: the function has no side
// effects, and the compiler would otherwise call it once for a whole loop.
__attribute__((noinline, target("avx2,fma"))) double fma_chains_double(double start) {
  const __m256d scale = _mm256_set1_pd(0.999999), add = _mm256_set1_pd(1e-7);
  __m256d a0 = _mm256_set1_pd(start), a1 = _mm256_set1_pd(0.1), a2 = _mm256_set1_pd(0.2);
  __m256d a3 = _mm256_set1_pd(0.3), a4 = _mm256_set1_pd(0.4), a5 = _mm256_set1_pd(0.5);
  __m256d a6 = _mm256_set1_pd(0.6), a7 = _mm256_set1_pd(0.7), a8 = _mm256_set1_pd(0.8);
  __m256d a9 = _mm256_set1_pd(0.9), a10 = _mm256_set1_pd(1.0), a11 = _mm256_set1_pd(1.1);
  for (int64_t step = 0; step < kSteps; ++step) {
    a0 = _mm256_fmadd_pd(a0, scale, add);
    a1 = _mm256_fmadd_pd(a1, scale, add);
    a2 = _mm256_fmadd_pd(a2, scale, add);
    a3 = _mm256_fmadd_pd(a3, scale, add);
    a4 = _mm256_fmadd_pd(a4, scale, add);
    a5 = _mm256_fmadd_pd(a5, scale, add);
    a6 = _mm256_fmadd_pd(a6, scale, add);
    a7 = _mm256_fmadd_pd(a7, scale, add);
    a8 = _mm256_fmadd_pd(a8, scale, add);
    a9 = _mm256_fmadd_pd(a9, scale, add);
    a10 = _mm256_fmadd_pd(a10, scale, add);
    a11 = _mm256_fmadd_pd(a11, scale, add);
  }
  __m256d sum = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)),
                              _mm256_add_pd(_mm256_add_pd(a4, a5), _mm256_add_pd(a6, a7)));
  sum = _mm256_add_pd(sum, _mm256_add_pd(_mm256_add_pd(a8, a9), _mm256_add_pd(a10, a11)));
  return _mm256_cvtsd_f64(sum);
}

// The same with 8-wide chains: a core that runs AVX-512 at full width (Zen 5) has twice
// the double peak of its 4-wide FMAs.
__attribute__((noinline, target("avx512f"))) double fma_chains_double512(double start) {
  const __m512d scale = _mm512_set1_pd(0.999999), add = _mm512_set1_pd(1e-7);
  __m512d a0 = _mm512_set1_pd(start), a1 = _mm512_set1_pd(0.1), a2 = _mm512_set1_pd(0.2);
  __m512d a3 = _mm512_set1_pd(0.3), a4 = _mm512_set1_pd(0.4), a5 = _mm512_set1_pd(0.5);
  __m512d a6 = _mm512_set1_pd(0.6), a7 = _mm512_set1_pd(0.7), a8 = _mm512_set1_pd(0.8);
  __m512d a9 = _mm512_set1_pd(0.9), a10 = _mm512_set1_pd(1.0), a11 = _mm512_set1_pd(1.1);
  for (int64_t step = 0; step < kSteps; ++step) {
    a0 = _mm512_fmadd_pd(a0, scale, add);
    a1 = _mm512_fmadd_pd(a1, scale, add);
    a2 = _mm512_fmadd_pd(a2, scale, add);
    a3 = _mm512_fmadd_pd(a3, scale, add);
    a4 = _mm512_fmadd_pd(a4, scale, add);
    a5 = _mm512_fmadd_pd(a5, scale, add);
    a6 = _mm512_fmadd_pd(a6, scale, add);
    a7 = _mm512_fmadd_pd(a7, scale, add);
    a8 = _mm512_fmadd_pd(a8, scale, add);
    a9 = _mm512_fmadd_pd(a9, scale, add);
    a10 = _mm512_fmadd_pd(a10, scale, add);
    a11 = _mm512_fmadd_pd(a11, scale, add);
  }
  __m512d sum = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)),
                              _mm512_add_pd(_mm512_add_pd(a4, a5), _mm512_add_pd(a6, a7)));
  sum = _mm512_add_pd(sum, _mm512_add_pd(_mm512_add_pd(a8, a9), _mm512_add_pd(a10, a11)));
  double lanes[8];  // not _mm512_reduce_add_pd: GCC 12 -Werror flags its _mm256_undefined_pd
  _mm512_storeu_pd(lanes, sum);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

constexpr double kFlopsPerCall = 2.0 * 4 * kChains * kSteps;

// Runs `calls` chain calls (4-wide, or 8-wide with `wide`) on each of `threads` threads
// at once; seconds of wall time.
double run_chains(int threads, int calls, bool wide) {
  std::atomic<bool> go{false};
  std::vector<std::thread> helpers;
  auto work = [&] {
    while (!go.load(std::memory_order_acquire)) _mm_pause();
    for (int k = 0; k < calls; ++k) {
      double start = 0.0;
      benchmark::DoNotOptimize(start);
      benchmark::DoNotOptimize(wide ? fma_chains_double512(start) : fma_chains_double(start));
    }
  };
  for (int t = 1; t < threads; ++t) helpers.emplace_back(work);
  const auto start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  work();
  for (std::thread& helper : helpers) helper.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}


void fma_peak_double(benchmark::State& state, bool wide) {
  if (!(wide ? has_avx512() : has_avx2())) return state.SkipWithError(wide ? "no AVX-512" : "no AVX2+FMA");
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) state.SetIterationTime(run_chains(threads, 16, wide));
  state.counters["GFLOPS"] = benchmark::Counter((wide ? 2 : 1) * kFlopsPerCall * 16 * threads / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// The best of a few short runs of the widest chains this CPU has: the figure the
// reference is held against, in GFLOP/s.
double double_peak(int threads) {
  const bool wide = has_avx512();
  double best = 0;
  for (int k = 0; k < 10; ++k)
    best = std::max(best, (wide ? 2 : 1) * kFlopsPerCall * 16 * threads / run_chains(threads, 16, wide) / 1e9);
  return best;
}

struct Layer {
  dxcheck::Case c = dxcheck::parse_case(kResnetLayer);
  dxcheck::CaseData data = dxcheck::make_case_data(c);
};

const Layer& layer() {
  static const Layer l;
  return l;
}

void reference_layer(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const Layer& l = layer();
  double real_terms = 0, seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const dxcheck::reference::Backprop b =
        dxcheck::reference::backprop_input(l.data.desc, l.data.dy.data(), l.data.filter.data(), threads);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (real_terms == 0)
      for (double n : b.terms) real_terms += n;
    benchmark::DoNotOptimize(b.dx.data());
  }
  const double flops = 2.0 * 2.0 * real_terms;  // two sums, a multiply and an add per term
  state.counters["GFLOPS"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  if ((has_avx2() || has_avx512()) && seconds > 0) {
    const double peak = double_peak(threads);
    state.counters["peak_GFLOPS"] = peak;
    state.counters["of_peak"] = flops * static_cast<double>(state.iterations()) / seconds / 1e9 / peak;
  }
}

void check_layer(benchmark::State& state, bool every_property) {
  const dxcheck::KernelEntry* fast = dxcheck::find_builtin_kernel("fast");
  if (!fast) return state.SkipWithError("no fast kernel");
  const dxcheck::Case c = dxcheck::parse_case(kResnetLayer);
  const dxcheck::CheckSettings settings;
  for (auto _ : state) {
    bool failed = false;
    for (const auto& property : dxcheck::all_properties()) {
      if (!every_property && property.id != "matches-reference") continue;
      failed = failed || dxcheck::check_case(property, *fast, c, settings).status == dxcheck::Status::failed;
    }
    if (failed) return state.SkipWithError("the fast kernel failed a property on the layer");
  }
}

void register_all() {
  benchmark::RegisterBenchmark("fma_peak_double/avx2", fma_peak_double, false)
      ->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("fma_peak_double/avx512", fma_peak_double, true)
      ->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("reference/resnet3x3s1/nhwc", reference_layer)
      ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("check/matches-reference/fast/resnet3x3s1", check_layer, false)
      ->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("check/every-property/fast/resnet3x3s1", check_layer, true)
      ->Iterations(1)->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
}

// Registered before main: bench_main.cpp runs every registered benchmark.
[[maybe_unused]] const bool registered = (register_all(), true);

}  // namespace
}  // namespace dxcheck_bench
