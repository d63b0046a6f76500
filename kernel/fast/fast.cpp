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
// buffer and transposed out, so both layouts give the same bits. A 1x1 stride-1
// unpadded convolution in NCHW is one GEMM per image with positions contiguous in dy
// and dx alike: fast_pointwise.cpp writes it straight into the dx planes.
#include "fast.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fast_plan.h"
#include "microkernels.h"
#include "thread_pool.h"

namespace dxcheck {
namespace fast_detail {
namespace {

// Fewer dx channels than this: the segment kernel.
constexpr int64_t kSegmentBelowChannels = 8;
// Below this many flops a call runs on the calling thread alone: waking a worker costs
// more than it saves.
constexpr double kInlineFlops = 4e6;
constexpr int64_t kInlinePackFloats = 1 << 20;
// 1x1 stride-1 unpadded convolutions merge dx rows into rows of up to this many positions.
constexpr int64_t kMergedRowPositions = 256;
// A dx of this many bytes or more does not stay in the writing cores' L2 (1 MB each here)
// for whoever reads it next, so its tiles are streamed to memory: a plain store first
// reads every line it misses (write-allocate). With few FMA steps a tile (conv1x1: 64)
// those reads made the call slow and erratic (docs/performance.md, the A/B).
constexpr int64_t kStreamDxBytes = 2 << 20;
constexpr int64_t kBandRows = 8, kBandsPerThread = 8;

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


struct Workspace {
  std::mutex mutex;  // the ABI promises one caller at a time; this makes it certain
  Buffer packed;
  std::vector<Scratch> scratch;
};

Workspace& workspace() {
  static Workspace ws;
  return ws;
}

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
  else channel_row(plan, n, i, out, plan.stream_dx ? TileMode::fresh_streamed : TileMode::fresh, s);
  if (transpose_out) {
    // out is [j][c]; dx[n][c][i][j].
    float* dst = plan.dx + n * pr.channels * pr.height * pr.width + i * pr.width;
    plan.kernels->transpose(out, pr.channels, dst, pr.height * pr.width, pr.width, pr.channels);
  }
}

// Consecutive dx rows share most of their dy rows (a filter of fh rows at stride sh: each
// dy row serves about fh / sh dx rows), so a task is a band of them: the dy a band reads
// comes from memory once into its core's caches, not once per core that took a row.
void band_task(void* context, int64_t band, int thread) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const int64_t rows = plan.pr.batch * plan.pr.height;
  for (int64_t task = band * plan.band_rows; task < std::min(rows, (band + 1) * plan.band_rows); ++task)
    row_task(context, task, thread);
  if (plan.stream_dx) store_fence();
}

void pointwise_task(void* context, int64_t task, int thread) {
  const Plan& plan = *static_cast<const Plan*>(context);
  pointwise_nchw_task(plan, task, plan.scratch[thread]);
  if (plan.stream_dx) store_fence();
}

void zero_task(void* context, int64_t task, int) {
  const Plan& plan = *static_cast<const Plan*>(context);
  const int64_t row_floats = plan.pr.width * plan.pr.channels;
  std::memset(plan.dx + task * row_floats, 0, static_cast<size_t>(row_floats) * sizeof(float));
}

}  // namespace

const Microkernels& active_microkernels() {
  static const Microkernels& chosen = select_microkernels();
  return chosen;
}

}  // namespace fast_detail

const char* fast_active_isa() { return fast_detail::active_microkernels().isa; }

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
  const bool pointwise = pr.filter_height == 1 && pr.filter_width == 1 && pr.stride_height == 1 &&
                         pr.stride_width == 1 && pr.top == 0 && pr.left == 0 &&
                         pr.out_height == pr.height && pr.out_width == pr.width;
  if (pointwise) {
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
  plan.kernels = &active_microkernels();
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
  // NCHW pointwise with a channel tile's worth of channels: straight into the dx planes,
  // the filter read as it is (fast_pointwise.cpp).
  if (pointwise && pr.nchw && !plan.segment_path)
    plan.pointwise_chunk = pointwise_chunk_positions(pr.out_channels);
  // Only channel tiles that go straight into dx stream: NHWC rows and the NCHW pointwise
  // path, not the segment path's sums nor NCHW rows built in the per-row buffer.
  const bool tiles_into_dx = !plan.segment_path && (!pr.nchw || plan.pointwise_chunk > 0);
  plan.stream_dx =
      tiles_into_dx && dx_rows * pr.width * pr.channels * static_cast<int64_t>(sizeof(float)) >= kStreamDxBytes;
  int64_t packed_floats = 0;
  if (plan.segment_path) {
    plan.segment_length = pr.filter_width * pr.channels;
    plan.segment_width = (plan.segment_length + 7) / 8 * 8;
    packed_floats = pr.filter_height * pr.out_channels * plan.segment_width;
  } else if (plan.pointwise_chunk == 0) {
    plan.channel_blocks = (pr.channels + kLanes - 1) / kLanes;
    packed_floats = pr.filter_height * pr.filter_width * plan.channel_blocks * pr.out_channels * kLanes;
  }
  if (packed_floats > 0 && (plan.packed = ws.packed.get(packed_floats)) == nullptr) return 3;

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
    const int64_t row_floats = plan.pointwise_chunk > 0 ? plan.pointwise_chunk * pr.out_channels
                                                         : pr.width * pr.channels;
    if (pr.nchw && s.row.get(row_floats) == nullptr) return 3;
  }
  plan.scratch = ws.scratch.data();

  if (plan.pointwise_chunk > 0) {
    pool.run(pr.batch * pointwise_chunks(plan), pointwise_task, &plan, threads);
    return DXCHECK_OK;
  }

  // A filter of up to a million floats is packed by the calling thread: one barrier
  // less per call, and a few microseconds of work.
  const int pack_threads = packed_floats < kInlinePackFloats ? 1 : threads;
  if (plan.segment_path) pool.run(pr.filter_height, pack_segment_task, &plan, pack_threads);
  else pool.run(taps, pack_channel_task, &plan, pack_threads);

  // Bands of up to kBandRows rows, at least kBandsPerThread of them per thread so the
  // last ones still balance; single rows where neighbouring dx rows share no dy row.
  plan.band_rows = pr.filter_height > pr.stride_height
                       ? std::clamp<int64_t>(dx_rows / (threads * kBandsPerThread), 1, kBandRows)
                       : 1;
  pool.run((dx_rows + plan.band_rows - 1) / plan.band_rows, band_task, &plan, threads);
  return DXCHECK_OK;
}

}  // namespace dxcheck
