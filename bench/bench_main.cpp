// dxcheck_bench: Conv2DBackpropInput on the shapes of the issue, NHWC and NCHW, for the
// faithful kernel, the fast kernel and oneDNN (when built in), in one run. Names are
// dx/<kernel>/<shape>/<layout>; every one sets GFLOPS = 2*N*OH*OW*O*FH*FW*C per second.
// Times are wall-clock medians; cpu_time is the whole process's CPU time (every thread,
// spinning included), the robust figure on a machine shared with other jobs.
// bench/table.sh turns a run into the Markdown tables of docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "bench.h"
#include "builtin_kernels.h"
#include "fast.h"
#include "fill.h"

namespace dxcheck_bench {
namespace {

struct Shape {
  const char* name;
  int n, h, w, c, o, f, stride, pad;  // forward conv N,H,W,C -> O, f x f kernel
};

const Shape kShapes[] = {
    {"mnist", 1, 28, 28, 1, 8, 5, 1, 2},          {"res3x3s1", 8, 56, 56, 64, 64, 3, 1, 1},
    {"res3x3s2", 8, 56, 56, 64, 128, 3, 2, 1},    {"conv1x1", 8, 28, 28, 256, 64, 1, 1, 0},
    {"gan4x4s2", 16, 32, 32, 64, 128, 4, 2, 1},   {"stem7x7s2", 8, 224, 224, 3, 64, 7, 2, 3},
};

dxcheck_conv_desc make_desc(const Shape& s, int format) {
  dxcheck_conv_desc d{};
  d.abi_version = DXCHECK_KERNEL_ABI_VERSION;
  d.batch = s.n;
  d.in_height = s.h;
  d.in_width = s.w;
  d.in_channels = s.c;
  d.out_height = (s.h + 2 * s.pad - s.f) / s.stride + 1;
  d.out_width = (s.w + 2 * s.pad - s.f) / s.stride + 1;
  d.out_channels = s.o;
  d.filter_height = d.filter_width = s.f;
  d.stride_height = d.stride_width = s.stride;
  d.pad_top = d.pad_left = s.pad;
  d.pad_bottom = (d.out_height - 1) * s.stride + s.f - s.h - s.pad;
  d.pad_right = (d.out_width - 1) * s.stride + s.f - s.w - s.pad;
  d.data_format = format;
  return d;
}

double flops(const dxcheck_conv_desc& d) {
  return 2.0 * d.batch * d.out_height * d.out_width * d.out_channels * d.filter_height *
         d.filter_width * d.in_channels;
}

// Uniform in [-1, 1) from a fixed splitmix64 stream.
AlignedFloats random_floats(size_t count, uint64_t seed) {
  AlignedFloats v(count);
  dxcheck::SplitMix64 rng(seed);
  for (size_t i = 0; i < count; ++i)
    v.data()[i] = static_cast<float>(static_cast<double>(rng.next() >> 40) / 16777216.0 * 2.0 - 1.0);
  return v;
}

struct Buffers {
  AlignedFloats dy, filter, dx;
  explicit Buffers(const dxcheck_conv_desc& d)
      : dy(random_floats(static_cast<size_t>(d.batch) * d.out_height * d.out_width * d.out_channels, 1)),
        filter(random_floats(static_cast<size_t>(d.filter_height) * d.filter_width * d.in_channels * d.out_channels, 2)),
        dx(static_cast<size_t>(d.batch) * d.in_height * d.in_width * d.in_channels) {}
};

void set_counters(benchmark::State& state, const dxcheck_conv_desc& d) {
  state.counters["GFLOPS"] = benchmark::Counter(flops(d) / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

void bench_builtin(benchmark::State& state, Shape shape, int format, dxcheck_backprop_input_fn fn) {
  const dxcheck_conv_desc d = make_desc(shape, format);
  Buffers b(d);
  for (auto _ : state) {
    if (fn(&d, b.dy.data(), b.filter.data(), b.dx.data()) != 0) {
      state.SkipWithError("kernel failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  set_counters(state, d);
}

void bench_onednn(benchmark::State& state, Shape shape, int format) {
  const dxcheck_conv_desc d = make_desc(shape, format);
  Buffers b(d);
  std::unique_ptr<Baseline> baseline = make_onednn(d, b.dy.data(), b.filter.data(), b.dx.data());
  if (!baseline) {
    state.SkipWithError("oneDNN declined the shape");
    return;
  }
  state.SetLabel(baseline->implementation());
  for (auto _ : state) {
    baseline->run();
    benchmark::ClobberMemory();
  }
  set_counters(state, d);
}

}  // namespace
}  // namespace dxcheck_bench

int main(int argc, char** argv) {
  using namespace dxcheck_bench;
  register_fma_peak();
  register_microkernel_tiles();
  for (const Shape& shape : kShapes) {
    for (int format : {DXCHECK_NHWC, DXCHECK_NCHW}) {
      const std::string suffix = std::string(shape.name) + (format == DXCHECK_NHWC ? "/nhwc" : "/nchw");
      const double work = flops(make_desc(shape, format));
      auto* faithful = benchmark::RegisterBenchmark(("dx/faithful/" + suffix).c_str(), bench_builtin, shape,
                                                    format, &dxcheck::faithful_backprop_input);
      faithful->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
      // The faithful kernel runs at a few GFLOP/s: one call is a long enough sample.
      if (work > 1e8) faithful->Iterations(1);
      benchmark::RegisterBenchmark(("dx/fast/" + suffix).c_str(), bench_builtin, shape, format,
                                   &dxcheck::fast_backprop_input)
          ->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
#ifdef DXCHECK_BENCH_ONEDNN
      // oneDNN 2.x has only its reference implementation for plain NCHW backward data
      // (ref:any, tens of seconds a call on these shapes): timed only on request.
      const std::string impl = onednn_implementation(make_desc(shape, format));
      if (impl.rfind("ref", 0) == 0 && std::getenv("DXCHECK_BENCH_ONEDNN_REF") == nullptr) {
        benchmark::RegisterBenchmark(("dx/onednn/" + suffix).c_str(), [impl](benchmark::State& state) {
          state.SkipWithError(("oneDNN offers only " + impl + " here; set DXCHECK_BENCH_ONEDNN_REF=1 to time it").c_str());
          for (auto _ : state) {
          }
        })->Iterations(1);
      } else {
        auto* onednn = benchmark::RegisterBenchmark(("dx/onednn/" + suffix).c_str(), bench_onednn, shape, format);
        onednn->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
        if (impl.rfind("ref", 0) == 0) onednn->Iterations(1);
      }
#endif
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("fast_isa", dxcheck::fast_active_isa());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
