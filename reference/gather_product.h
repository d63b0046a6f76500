// The reference's one piece of arithmetic: out = A * B in double, where each row of A
// is gathered from a source tensor (im2col: `taps` runs of `width` contiguous values,
// or zeros where a tap meets no real element), and B is a dense row-major matrix.
// Rows are processed in blocks small enough for the cache, each block one Eigen GEMM
// per tap chunk, the blocks of every job shared among threads; every output row is
// written by exactly one block, so threads never touch the same element. Internal to
// reference/.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace dxcheck::reference {

struct Gather {
  int64_t rows = 0;   // rows of A and of the result
  int64_t taps = 0;   // runs per row of A: A is rows x (taps * width)
  int64_t width = 0;  // contiguous source values per run
  // The source: doubles, or floats of which the non-finite ones read as 0 (one is set).
  const double* source = nullptr;
  const float* finite_part_of = nullptr;
  // Where run `tap` of row `row` starts in the source, or -1: that run is zeros.
  std::function<int64_t(int64_t row, int64_t tap)> source_offset;
  // Where result row `row` goes: element c of it is written at offset + c * stride.
  std::function<int64_t(int64_t row)> destination_offset;
  int64_t destination_stride = 1;
};

struct Product {
  const double* rhs;     // (taps * width) x columns, row-major
  bool absolute;         // multiply |A| instead of A (the magnitude sums M)
  double* destination;   // written, never accumulated into
};

// One gathered A and what is multiplied with it.
struct Job {
  Gather gather;
  std::vector<Product> products;
};

// For every job and product: destination rows = (A or |A|) * rhs, with `columns`
// result columns. threads <= 0: every hardware thread; small work runs on the caller's
// thread alone (starting a thread would cost more than the work). The blocks do not
// depend on the thread count, so neither do the sums' bits.
void gather_products(const std::vector<Job>& jobs, int64_t columns, int threads);

// Threads that threads <= 0 stands for.
int hardware_threads();

}  // namespace dxcheck::reference
