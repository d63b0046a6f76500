#include "gather_product.h"

#include "huge_zeros.h"

// GCC 12 warns that _mm256_undefined_pd() "may be used uninitialized" inside Eigen's
// AVX-512 transposes (the intrinsic's value is unused by design): silenced for these
// headers only, so -Werror builds for the host's ISA.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Core>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

namespace dxcheck::reference {
namespace {

using MatrixRM = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const MatrixRM>;

// A gathered block of at most this many doubles (1 MB, Zen 4's L2): it is written once
// and read by the GEMM while still in cache; a longer reduction is cut into tap chunks
// whose products are summed into the block's result.
constexpr int64_t kBlockValues = int64_t{1} << 17;
constexpr int64_t kMaximumBlockRows = 256;
constexpr int64_t kMinimumBlockRows = 16;
// Multiply-adds below which starting a second thread (tens of microseconds) costs more
// than it saves.
constexpr double kThreadWorthwhile = 1 << 22;

// How one job is cut: independent of the thread count, so the sums (and their last
// bits) are too.
struct Plan {
  int64_t block_rows, chunk_taps, blocks;
};

Plan plan(const Gather& g) {
  const int64_t spread = (g.rows + 7) / 8;  // enough blocks to balance two threads
  const int64_t block_rows = std::clamp(spread, kMinimumBlockRows, kMaximumBlockRows);
  const int64_t chunk_taps = std::clamp(kBlockValues / (block_rows * std::max<int64_t>(1, g.width)),
                                        int64_t{1}, std::max<int64_t>(1, g.taps));
  return {block_rows, chunk_taps, (g.rows + block_rows - 1) / block_rows};
}

// One thread's buffers, sized for the largest block of any job.
struct Scratch {
  std::vector<double> gathered, absolute, result;
};

void gather_rows(const Gather& g, int64_t first, int64_t count, int64_t tap_begin, int64_t tap_end, double* out) {
  const int64_t depth = (tap_end - tap_begin) * g.width;
  for (int64_t t = 0; t < count; ++t) {
    double* run = out + t * depth;
    for (int64_t tap = tap_begin; tap < tap_end; ++tap, run += g.width) {
      const int64_t offset = g.source_offset(first + t, tap);
      if (offset < 0) {
        std::fill(run, run + g.width, 0.0);
      } else if (g.source) {
        std::memcpy(run, g.source + offset, static_cast<size_t>(g.width) * sizeof(double));
      } else {
        const float* from = g.finite_part_of + offset;
        for (int64_t k = 0; k < g.width; ++k) run[k] = std::isfinite(from[k]) ? static_cast<double>(from[k]) : 0.0;
      }
    }
  }
}

void run_block(const Job& job, int64_t columns, const Plan& plan, int64_t block, Scratch& scratch) {
  const Gather& g = job.gather;
  const int64_t first = block * plan.block_rows;
  const int64_t count = std::min(plan.block_rows, g.rows - first);
  const bool any_absolute =
      std::any_of(job.products.begin(), job.products.end(), [](const Product& p) { return p.absolute; });
  std::vector<Eigen::Map<MatrixRM>> results;
  results.reserve(job.products.size());
  for (size_t k = 0; k < job.products.size(); ++k) {
    results.emplace_back(scratch.result.data() + static_cast<int64_t>(k) * plan.block_rows * columns, count, columns);
    results.back().setZero();
  }
  for (int64_t tap_begin = 0; tap_begin < g.taps; tap_begin += plan.chunk_taps) {
    const int64_t tap_end = std::min(g.taps, tap_begin + plan.chunk_taps);
    const int64_t depth = (tap_end - tap_begin) * g.width;
    gather_rows(g, first, count, tap_begin, tap_end, scratch.gathered.data());
    const ConstMap gathered(scratch.gathered.data(), count, depth);
    if (any_absolute) Eigen::Map<MatrixRM>(scratch.absolute.data(), count, depth) = gathered.cwiseAbs();
    const ConstMap absolute(scratch.absolute.data(), count, depth);
    for (size_t k = 0; k < job.products.size(); ++k) {
      const ConstMap rhs(job.products[k].rhs + tap_begin * g.width * columns, depth, columns);
      results[k].noalias() += (job.products[k].absolute ? absolute : gathered) * rhs;
    }
  }
  for (size_t k = 0; k < job.products.size(); ++k) {
    for (int64_t t = 0; t < count; ++t) {
      double* out = job.products[k].destination + g.destination_offset(first + t);
      for (int64_t c = 0; c < columns; ++c) out[c * g.destination_stride] = results[k](t, c);
    }
  }
}

}  // namespace

int hardware_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

void gather_products(const std::vector<Job>& jobs, int64_t columns, int threads) {
  if (columns == 0) return;
  // Every block of every job, in order: (job, block) pairs numbered from 0.
  std::vector<Plan> plans;
  std::vector<int64_t> first_block{0};
  double work = 0;
  size_t gathered_size = 0, result_size = 0;
  bool any_absolute = false;
  for (const Job& job : jobs) {
    const Gather& g = job.gather;
    plans.push_back(g.rows > 0 && !job.products.empty() ? plan(g) : Plan{1, 1, 0});
    first_block.push_back(first_block.back() + plans.back().blocks);
    work += static_cast<double>(g.rows) * static_cast<double>(g.taps * g.width) * static_cast<double>(columns) *
            static_cast<double>(job.products.size());
    gathered_size = std::max(gathered_size, static_cast<size_t>(plans.back().block_rows * plans.back().chunk_taps * g.width));
    result_size = std::max(result_size, static_cast<size_t>(plans.back().block_rows * columns) * job.products.size());
    for (const Product& p : job.products) any_absolute = any_absolute || p.absolute;
  }
  const int64_t blocks = first_block.back();
  if (blocks == 0) return;
  threads = threads <= 0 ? hardware_threads() : threads;
  if (work < kThreadWorthwhile) threads = 1;
  threads = static_cast<int>(std::min<int64_t>(threads, blocks));
  std::vector<Scratch> scratch(static_cast<size_t>(threads));
  for (Scratch& s : scratch) {
    s.gathered = huge_zeros(gathered_size);
    if (any_absolute) s.absolute = huge_zeros(gathered_size);
    s.result = huge_zeros(result_size);
  }
  Eigen::initParallel();  // Eigen's cache-size statics, before two threads ask for them

  std::atomic<int64_t> next_block{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work_loop = [&](Scratch& mine) {
    try {
      for (int64_t block; (block = next_block.fetch_add(1)) < blocks;) {
        const size_t job = static_cast<size_t>(std::upper_bound(first_block.begin(), first_block.end(), block) -
                                               first_block.begin() - 1);
        run_block(jobs[job], columns, plans[job], block - first_block[job], mine);
      }
    } catch (...) {  // e.g. bad_alloc inside Eigen: rethrown on the caller's thread
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_block = blocks;
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads; ++t) helpers.emplace_back(work_loop, std::ref(scratch[static_cast<size_t>(t)]));
  work_loop(scratch[0]);
  for (std::thread& helper : helpers) helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace dxcheck::reference
