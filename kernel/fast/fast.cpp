// The fast Conv2DBackpropInput driver. Direct convolution with stride-phase
// decomposition, no col buffer and no zero insertion:
//
//   dx[b, i, j, c] = sum over taps (r, s) with i = p*sh - top + r, j = q*sw - left + s,
//                    0 <= p < oh, 0 <= q < ow, of sum over o of dy[b, p, q, o] * F[r, s, c, o]
//
// For one dx row i the real filter rows r are those with (i + top - r) divisible by sh
// and p in range. The dx columns of one phase class j = j0 + t*sw (t = 0, 1, ...) share
// their real filter columns s (those with (j0 + left - s) divisible by sw), and tap
// (r, s) reads dy row p at columns q0(s) + t: consecutive dy columns for consecutive t.
// So a tile of 6 dx columns of one phase against 16 dx channels is a small GEMM, the
// accumulators stay in registers over every tap and out channel (channel kernel), and
// only real (dy element, tap) pairs are multiplied: where a tap's dy column is missing
// for part of a tile (the left and right edges), that tap runs on the tile's rows that
// have it, never on a padding zero.
//
// Fewer than 8 dx channels would waste most vector lanes, so then the vector runs along
// the dx row instead (segment kernel): dy column q of row p, against the filter row r,
// gives the fw*C floats dx[i, q*sw - left + s, c] for all (s, c) at once; those segments
// are added into the row in ascending q, the parts outside the row dropped.
//
// NCHW: dy is read in place (the micro-kernels take a stride between dy columns and one
// between out channels), each dx row is computed exactly as for NHWC into a per-thread
// buffer and transposed out, so both layouts give the same bits.
#include "fast.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "microkernels.h"
#include "thread_pool.h"

namespace dxcheck {
namespace fast_detail {
namespace {

constexpr int64_t kLanes = kChannelLanes;
// Fewer dx channels than this: the segment kernel.
constexpr int64_t kSegmentBelowChannels = 8;
// Below this many flops a call runs on the calling thread alone: waking a worker costs
// more than it saves.
constexpr double kInlineFlops = 4e6;
constexpr int64_t kInlinePackFloats = 1 << 20;
// A filter panel up to this size is kept in L1 across a row's tiles (L1D is 32-48 KB).
constexpr int64_t kL1PanelBytes = 16 * 1024;
// 1x1 stride-1 unpadded convolutions merge dx rows into rows of up to this many positions.
constexpr int64_t kMergedRowPositions = 256;

// The widest path this CPU has; DXCHECK_FAST_ISA=avx512|avx2|portable asks for one (a
// path the CPU lacks falls back to the widest it has, so "avx512" is safe anywhere).
const Microkernels& select_microkernels() {
  const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool has_avx512 = has_avx2 && __builtin_cpu_supports("avx512f");
  const char* forced = std::getenv("DXCHECK_FAST_ISA");
  const std::string want = forced == nullptr ? "auto" : forced;
  if (want == "portable") return portable_microkernels();
  if (want == "avx2" && has_avx2) return avx2_microkernels();
  if (has_avx512) return avx512_microkernels();
  return has_avx2 ? avx2_microkernels() : portable_microkernels();
}

const Microkernels& microkernels() {
  static const Microkernels& chosen = select_microkernels();
  return chosen;
}

// A float buffer aligned to 64 bytes that only grows: the workspace reused across calls.
class Buffer {
 public:
  float* get(int64_t count) {
    if (count > capacity_) {
      const int64_t rounded = (count + 15) / 16 * 16;
      void* memory = std::aligned_alloc(64, static_cast<size_t>(rounded) * sizeof(float));
      if (memory == nullptr) return nullptr;
      data_.reset(static_cast<float*>(memory));
      capacity_ = rounded;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
  int64_t capacity_ = 0;
};

// What one thread needs inside a row: tap lists, a tile of accumulators, an NHWC row.
struct Scratch {
  std::vector<int64_t> tap_row, tap_dy_row, tap_col, tap_q0;
  std::vector<int64_t> run_lo, run_hi, run_first, run_count;
  std::vector<const float*> a, b, b_base;
  Buffer acc;
  Buffer row;
};

struct Workspace {
  std::mutex mutex;  // the ABI promises one caller at a time; this makes it certain
  Buffer packed;
  std::vector<Scratch> scratch;
};

Workspace& workspace() {
  static Workspace ws;
  return ws;
}

struct Problem {
  int64_t batch, height, width, channels;
  int64_t out_height, out_width, out_channels;
  int64_t filter_height, filter_width, stride_height, stride_width, top, left;
  bool nchw;
};

struct Plan {
  Problem pr;
  const Microkernels* kernels;
  const float* dy;      // in the call's layout; the strides below address it
  const float* filter;  // [fh][fw][C][O]
  // dy[n][p][q][o] is dy + n * dy_image + p * dy_row + q * dy_col + o * dy_channel.
  int64_t dy_image, dy_row, dy_col, dy_channel;
  float* packed;
  float* dx;
  bool segment_path;
  int64_t channel_blocks;   // channel path: ceil(C / 16)
  int64_t segment_length;   // segment path: fw * C
  int64_t segment_width;    // segment_length rounded up to 8
  Scratch* scratch;
};

// Channel path: packed[(r*fw + s)*CB + cb][o][l] = F[r][s][cb*16 + l][o], zero for missing
// channels (those lanes are computed and dropped, never stored).
void pack_channel_task(void* context, int64_t tap, int) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const int64_t c_count = plan.pr.channels, o_count = plan.pr.out_channels;
  const float* src = plan.filter + tap * c_count * o_count;
  float* dst = plan.packed + tap * plan.channel_blocks * o_count * kLanes;
  std::memset(dst, 0, static_cast<size_t>(plan.channel_blocks * o_count * kLanes) * sizeof(float));
  for (int64_t c = 0; c < c_count; ++c) {
    float* block = dst + (c / kLanes) * o_count * kLanes + c % kLanes;
    for (int64_t o = 0; o < o_count; ++o) block[o * kLanes] = src[c * o_count + o];
  }
}

// Segment path: packed[r][o][s*C + c] = F[r][s][c][o], zero past fw*C.
void pack_segment_task(void* context, int64_t r, int) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const int64_t c_count = plan.pr.channels, o_count = plan.pr.out_channels;
  const int64_t width = plan.segment_width, fw = plan.pr.filter_width;
  float* dst = plan.packed + r * o_count * width;
  std::memset(dst, 0, static_cast<size_t>(o_count * width) * sizeof(float));
  for (int64_t s = 0; s < fw; ++s)
    for (int64_t c = 0; c < c_count; ++c) {
      const float* src = plan.filter + ((r * fw + s) * c_count + c) * o_count;
      for (int64_t o = 0; o < o_count; ++o) dst[o * width + s * c_count + c] = src[o];
    }
}

// The real filter rows of dx row i, ascending: tap_row[k] = r, tap_dy_row[k] = p.
int64_t real_filter_rows(const Problem& pr, int64_t i, Scratch& s) {
  int64_t count = 0;
  for (int64_t r = 0; r < pr.filter_height; ++r) {
    const int64_t v = i + pr.top - r;
    if (v < 0) break;  // r only grows
    if (v % pr.stride_height != 0) continue;
    const int64_t p = v / pr.stride_height;
    if (p >= pr.out_height) continue;
    s.tap_row[count] = r;
    s.tap_dy_row[count] = p;
    ++count;
  }
  return count;
}

void channel_row(const Plan& plan, int64_t n, int64_t i, float* out, Scratch& s) {
  const Problem& pr = plan.pr;
  const int64_t width = pr.width, channels = pr.channels, o_count = pr.out_channels;
  const int64_t sw = pr.stride_width, fw = pr.filter_width, ow = pr.out_width;
  const int64_t rows = real_filter_rows(pr, i, s);
  if (rows == 0) {
    std::memset(out, 0, static_cast<size_t>(width * channels) * sizeof(float));
    return;
  }
  // Taps of this row are (r, s) pairs; store them after the row list.
  int64_t* tap_r = s.tap_row.data() + pr.filter_height;
  int64_t* tap_p = s.tap_dy_row.data() + pr.filter_height;
  const float* dy_image = plan.dy + n * plan.dy_image;
  const int64_t dy_row = plan.dy_row, dy_col = plan.dy_col, dy_channel = plan.dy_channel;
  const Microkernels& kernels = *plan.kernels;
  const int64_t max_rows = kernels.rows, max_blocks = kernels.blocks;
  // Accumulator rows of the edge tiles are max_blocks blocks wide.
  const int64_t acc_stride = max_blocks * kLanes;
  float* acc = s.acc.get(kMaxChannelRows * kMaxChannelBlocks * kLanes);
  for (int64_t j0 = 0; j0 < std::min(sw, width); ++j0) {
    const int64_t positions = (width - j0 + sw - 1) / sw;
    int64_t taps = 0;
    for (int64_t k = 0; k < rows; ++k)
      for (int64_t col = 0; col < fw; ++col) {
        const int64_t num = j0 + pr.left - col;
        if (num % sw != 0) continue;
        const int64_t q0 = num / sw;
        // Real for t in [-q0, ow - q0); skip taps real for no position of this phase.
        if (-q0 >= positions || ow - q0 <= 0) continue;
        tap_r[taps] = s.tap_row[k];
        tap_p[taps] = s.tap_dy_row[k];
        s.tap_col[taps] = col;
        s.tap_q0[taps] = q0;
        ++taps;
      }
    if (taps == 0) {
      for (int64_t t = 0; t < positions; ++t)
        std::memset(out + (j0 + t * sw) * channels, 0, static_cast<size_t>(channels) * sizeof(float));
      continue;
    }
    const int64_t block_floats = o_count * kLanes;
    for (int64_t k = 0; k < taps; ++k)
      s.b_base[k] = plan.packed + (tap_r[k] * fw + s.tap_col[k]) * plan.channel_blocks * block_floats;
    // Tiles as even as possible (with 6-row tiles 56 = 6*6 + 4*5, not 9*6 + 2): a tile of
    // fewer than 4 rows has too few accumulators to hide the FMA latency.
    const int64_t tiles = (positions + max_rows - 1) / max_rows;
    const int64_t base = positions / tiles, longer = positions % tiles;
    // A row's filter panel for one channel group (taps x out channels x max_blocks
    // blocks) that fits in L1 (1x1 filters): every tile against one group, then the next
    // group, so the panel stays in L1. A larger one: every group against one tile, so the
    // tile's dy stays in L1 instead. Either order gives each element the same sums.
    const int64_t groups = (plan.channel_blocks + max_blocks - 1) / max_blocks;
    const bool groups_outer =
        taps * block_floats * max_blocks * static_cast<int64_t>(sizeof(float)) <= kL1PanelBytes;
    const int64_t outer = groups_outer ? groups : tiles, inner = groups_outer ? tiles : groups;
    for (int64_t outer_index = 0; outer_index < outer; ++outer_index)
      for (int64_t inner_index = 0; inner_index < inner; ++inner_index) {
        const int64_t tile_index = groups_outer ? inner_index : outer_index;
        const int64_t cb = (groups_outer ? outer_index : inner_index) * max_blocks;
        const int64_t tile = base + (tile_index < longer ? 1 : 0);
        const int64_t t0 = tile_index * base + std::min(tile_index, longer);
        // Runs of consecutive taps real on the same rows [lo, hi) of the tile; the taps of
        // all runs are packed into s.a (dy at row lo) and s.b, in tap order.
        int64_t runs = 0, used = 0;
        for (int64_t k = 0; k < taps; ++k) {
          const int64_t lo = std::max<int64_t>(0, -s.tap_q0[k] - t0);
          const int64_t hi = std::min<int64_t>(tile, ow - s.tap_q0[k] - t0);
          if (lo >= hi) continue;
          if (runs == 0 || s.run_lo[runs - 1] != lo || s.run_hi[runs - 1] != hi ||
              s.run_first[runs - 1] + s.run_count[runs - 1] != used) {
            s.run_lo[runs] = lo;
            s.run_hi[runs] = hi;
            s.run_first[runs] = used;
            s.run_count[runs] = 0;
            ++runs;
          }
          ++s.run_count[runs - 1];
          s.a[used] = dy_image + tap_p[k] * dy_row + (s.tap_q0[k] + t0 + lo) * dy_col;
          s.b[used] = s.b_base[k] + cb * block_floats;
          ++used;
        }
        // Every tap real on every row of the tile (the interior): straight into dx.
        const bool whole = runs == 1 && s.run_lo[0] == 0 && s.run_hi[0] == tile;
        float* out_tile = out + (j0 + t0 * sw) * channels + cb * kLanes;
        const int64_t blocks = std::min(max_blocks, plan.channel_blocks - cb);
        const int64_t c_count = std::min(blocks * kLanes, channels - cb * kLanes);
        if (whole && c_count == blocks * kLanes) {
          kernels.channel(static_cast<int>(tile), static_cast<int>(blocks), static_cast<int>(used),
                          s.a.data(), dy_col, dy_channel, s.b.data(), block_floats, o_count,
                          out_tile, sw * channels, false);
          continue;
        }
        std::memset(acc, 0, static_cast<size_t>(tile * acc_stride) * sizeof(float));
        for (int64_t run = 0; run < runs; ++run) {
          const int64_t first = s.run_first[run];
          kernels.channel(static_cast<int>(s.run_hi[run] - s.run_lo[run]), static_cast<int>(blocks),
                          static_cast<int>(s.run_count[run]), s.a.data() + first, dy_col, dy_channel,
                          s.b.data() + first, block_floats, o_count, acc + s.run_lo[run] * acc_stride,
                          acc_stride, true);
        }
        for (int64_t t = 0; t < tile; ++t)
          std::memcpy(out_tile + t * sw * channels, acc + t * acc_stride,
                      static_cast<size_t>(c_count) * sizeof(float));
      }
  }
}

void segment_row(const Plan& plan, int64_t n, int64_t i, float* out, Scratch& s) {
  const Problem& pr = plan.pr;
  const int64_t width = pr.width, channels = pr.channels, o_count = pr.out_channels;
  const int64_t ow = pr.out_width, length = plan.segment_length, seg_width = plan.segment_width;
  std::memset(out, 0, static_cast<size_t>(width * channels) * sizeof(float));
  const int64_t rows = real_filter_rows(pr, i, s);
  if (rows == 0) return;
  const float* dy_image = plan.dy + n * plan.dy_image;
  const int64_t max_cols = plan.kernels->segment_cols;
  float* acc = s.acc.get(kMaxSegmentCols * seg_width);
  for (int64_t k = 0; k < rows; ++k) s.b[k] = plan.packed + s.tap_row[k] * o_count * seg_width;
  for (int64_t q0 = 0; q0 < ow; q0 += max_cols) {
    const int64_t cols = std::min<int64_t>(max_cols, ow - q0);
    // Columns whose segment misses the row entirely are skipped (crop by negative pads).
    const int64_t first_j = q0 * pr.stride_width - pr.left;
    const int64_t last_j = (q0 + cols - 1) * pr.stride_width - pr.left + pr.filter_width - 1;
    if (last_j < 0 || first_j >= width) continue;
    for (int64_t k = 0; k < rows; ++k) s.a[k] = dy_image + s.tap_dy_row[k] * plan.dy_row + q0 * plan.dy_col;
    plan.kernels->segment(static_cast<int>(cols), static_cast<int>(rows), s.a.data(), plan.dy_col,
                          plan.dy_channel, s.b.data(), o_count, seg_width, acc);
    for (int64_t t = 0; t < cols; ++t) {
      const int64_t jb = (q0 + t) * pr.stride_width - pr.left;
      const int64_t lo = std::max<int64_t>(0, -jb) * channels;
      const int64_t hi = std::min<int64_t>(length, (width - jb) * channels);
      const float* src = acc + t * seg_width;
      for (int64_t l = lo; l < hi; ++l) out[jb * channels + l] += src[l];
    }
  }
}

void row_task(void* context, int64_t task, int thread) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const Problem& pr = plan.pr;
  Scratch& s = plan.scratch[thread];
  const int64_t n = task / pr.height, i = task % pr.height;
  const int64_t row_floats = pr.width * pr.channels;
  // One dx channel: NCHW and NHWC are the same bytes.
  const bool transpose_out = pr.nchw && pr.channels > 1;
  float* out = transpose_out ? s.row.get(row_floats) : plan.dx + task * row_floats;
  if (plan.segment_path) segment_row(plan, n, i, out, s);
  else channel_row(plan, n, i, out, s);
  if (transpose_out) {
    // out is [j][c]; dx[n][c][i][j].
    float* dst = plan.dx + n * pr.channels * pr.height * pr.width + i * pr.width;
    plan.kernels->transpose(out, pr.channels, dst, pr.height * pr.width, pr.width, pr.channels);
  }
}

void zero_task(void* context, int64_t task, int) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const int64_t row_floats = plan.pr.width * plan.pr.channels;
  std::memset(plan.dx + task * row_floats, 0, static_cast<size_t>(row_floats) * sizeof(float));
}

}  // namespace
}  // namespace fast_detail

const char* fast_active_isa() { return fast_detail::microkernels().isa; }

bool fast_order_is_fixed() { return true; }

int fast_backprop_input(const dxcheck_conv_desc* d, const float* dy, const float* filter,
                        float* dx) {
  using namespace fast_detail;
  if (d == nullptr) return 2;
  if (d->data_format != DXCHECK_NHWC && d->data_format != DXCHECK_NCHW) return 2;
  if (d->stride_height < 1 || d->stride_width < 1) return 2;
  if (d->filter_height < 0 || d->filter_width < 0) return 2;
  Problem pr{};
  pr.batch = d->batch;
  pr.height = d->in_height;
  pr.width = d->in_width;
  pr.channels = d->in_channels;
  // Like the faithful kernel: negative out sizes and out channels count as empty.
  pr.out_height = std::max<int64_t>(0, d->out_height);
  pr.out_width = std::max<int64_t>(0, d->out_width);
  pr.out_channels = std::max<int64_t>(0, d->out_channels);
  pr.filter_height = d->filter_height;
  pr.filter_width = d->filter_width;
  pr.stride_height = d->stride_height;
  pr.stride_width = d->stride_width;
  pr.top = d->pad_top;
  pr.left = d->pad_left;
  pr.nchw = d->data_format == DXCHECK_NCHW;
  if (pr.batch <= 0 || pr.height <= 0 || pr.width <= 0 || pr.channels <= 0) return DXCHECK_OK;
  // A 1x1 filter at stride 1 without padding maps dx row i to dy row i column for column,
  // and consecutive rows are consecutive in memory in both layouts (NCHW planes too): so
  // `merge` rows are one row of merge * W positions, longer rows with no edge tiles.
  if (pr.filter_height == 1 && pr.filter_width == 1 && pr.stride_height == 1 && pr.stride_width == 1 &&
      pr.top == 0 && pr.left == 0 && pr.out_height == pr.height && pr.out_width == pr.width) {
    int64_t merge = 1;
    for (int64_t r = 2; r <= pr.height && r * pr.width <= kMergedRowPositions; ++r)
      if (pr.height % r == 0) merge = r;
    pr.height /= merge;
    pr.out_height = pr.height;
    pr.width *= merge;
    pr.out_width = pr.width;
  }

  Workspace& ws = workspace();
  std::lock_guard<std::mutex> lock(ws.mutex);
  ThreadPool& pool = ThreadPool::instance();
  Plan plan{};
  plan.pr = pr;
  plan.kernels = &microkernels();
  plan.dx = dx;
  plan.filter = filter;
  // dy is read in place in either layout: NCHW walks out channels a plane apart.
  plan.dy = dy;
  const int64_t dy_plane = pr.out_height * pr.out_width;
  plan.dy_image = dy_plane * pr.out_channels;
  plan.dy_row = pr.out_width * (pr.nchw ? 1 : pr.out_channels);
  plan.dy_col = pr.nchw ? 1 : pr.out_channels;
  plan.dy_channel = pr.nchw ? dy_plane : 1;
  const int64_t dx_rows = pr.batch * pr.height;

  const double flops = 2.0 * pr.batch * pr.out_height * pr.out_width * pr.out_channels *
                       pr.filter_height * pr.filter_width * pr.channels;
  const int threads = flops < kInlineFlops ? 1 : pool.threads();
  if (pr.out_height == 0 || pr.out_width == 0 || pr.out_channels == 0 || pr.filter_height == 0 ||
      pr.filter_width == 0) {
    // Every sum is empty: +0 everywhere, in either layout.
    pool.run(dx_rows, zero_task, &plan, threads);
    return DXCHECK_OK;
  }

  plan.segment_path = pr.channels < kSegmentBelowChannels;
  int64_t packed_floats;
  if (plan.segment_path) {
    plan.segment_length = pr.filter_width * pr.channels;
    plan.segment_width = (plan.segment_length + 7) / 8 * 8;
    packed_floats = pr.filter_height * pr.out_channels * plan.segment_width;
  } else {
    plan.channel_blocks = (pr.channels + kLanes - 1) / kLanes;
    packed_floats = pr.filter_height * pr.filter_width * plan.channel_blocks * pr.out_channels * kLanes;
  }
  plan.packed = ws.packed.get(packed_floats);
  if (plan.packed == nullptr) return 3;

  // Per-thread scratch, sized before the parallel part: nothing is allocated inside it.
  if (ws.scratch.size() < static_cast<size_t>(pool.threads())) ws.scratch.resize(pool.threads());
  const int64_t taps = pr.filter_height * pr.filter_width;
  for (Scratch& s : ws.scratch) {
    const size_t tap_list = static_cast<size_t>(pr.filter_height + taps);
    if (s.tap_row.size() < tap_list) {
      s.tap_row.resize(tap_list);
      s.tap_dy_row.resize(tap_list);
      s.tap_col.resize(tap_list);
      s.tap_q0.resize(tap_list);
      s.run_lo.resize(tap_list);
      s.run_hi.resize(tap_list);
      s.run_first.resize(tap_list);
      s.run_count.resize(tap_list);
      s.a.resize(tap_list);
      s.b.resize(tap_list);
      s.b_base.resize(tap_list);
    }
    if (s.acc.get(std::max<int64_t>(kMaxChannelRows * kMaxChannelBlocks * kLanes, kMaxSegmentCols * (plan.segment_path ? plan.segment_width : 0))) == nullptr)
      return 3;
    if (pr.nchw && s.row.get(pr.width * pr.channels) == nullptr) return 3;
  }
  plan.scratch = ws.scratch.data();

  // A filter of up to a million floats is packed by the calling thread: one barrier
  // less per call, and a few microseconds of work.
  const int pack_threads = packed_floats < kInlinePackFloats ? 1 : threads;
  if (plan.segment_path) pool.run(pr.filter_height, pack_segment_task, &plan, pack_threads);
  else pool.run(taps, pack_channel_task, &plan, pack_threads);

  pool.run(dx_rows, row_task, &plan, threads);
  return DXCHECK_OK;
}

}  // namespace dxcheck
