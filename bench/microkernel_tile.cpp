// The fast kernel's channel tile alone, on one thread, in two settings: its filter panel
// in L1 (every tap reads the same 64-out-channel panel) and the res3x3s1 panel (9 taps,
// distinct panels: 73 KB for two blocks, more than L1, as in a real row). Against
// fma_peak/<isa>/threads:1 in the same run, this is the micro-kernel's own ceiling: what
// the driver around it (edges, packing, threads) cannot beat.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench.h"
#include "microkernels.h"

namespace dxcheck_bench {
namespace {

using dxcheck::fast_detail::Microkernels;

void tile(benchmark::State& state, const Microkernels* kernels, bool distinct_panels) {
  constexpr int kTaps = 9, kOut = 64;
  const int rows = kernels->rows, blocks = kernels->blocks;
  const int64_t block_floats = kOut * dxcheck::fast_detail::kChannelLanes;
  const int64_t panel = block_floats * blocks;
  AlignedFloats dy(static_cast<size_t>((rows + 2) * kOut));
  AlignedFloats filter(static_cast<size_t>(panel * (distinct_panels ? kTaps : 1)));
  AlignedFloats acc(static_cast<size_t>(rows * blocks * dxcheck::fast_detail::kChannelLanes));
  std::vector<const float*> a(kTaps), b(kTaps);
  for (int tap = 0; tap < kTaps; ++tap) {
    a[tap] = dy.data() + (tap % 3) * kOut;  // dy rows shifted by a column, as in a row's taps
    b[tap] = filter.data() + (distinct_panels ? tap * panel : 0);
  }
  for (auto _ : state) {
    kernels->channel(rows, blocks, kTaps, a.data(), kOut, 1, b.data(), block_floats, kOut, acc.data(),
                     blocks * dxcheck::fast_detail::kChannelLanes, dxcheck::fast_detail::TileMode::fresh);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOPS"] = benchmark::Counter(
      2.0 * kTaps * kOut * rows * blocks * dxcheck::fast_detail::kChannelLanes / 1e9,
      benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(std::to_string(rows) + "x" + std::to_string(blocks * 16));
}

}  // namespace

void register_microkernel_tiles() {
  using namespace dxcheck::fast_detail;
  std::vector<std::pair<const char*, const Microkernels*>> sets;
  if (has_avx2()) sets.push_back({"avx2", &avx2_microkernels()});
  if (has_avx512()) sets.push_back({"avx512", &avx512_microkernels()});
  for (const auto& [name, kernels] : sets) {
    benchmark::RegisterBenchmark((std::string("tile/") + name + "/panel-in-l1").c_str(), tile, kernels, false);
    benchmark::RegisterBenchmark((std::string("tile/") + name + "/res3x3s1-panels").c_str(), tile, kernels, true);
  }
}

}  // namespace dxcheck_bench
