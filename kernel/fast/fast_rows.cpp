#include <algorithm>
#include <cstring>

#include "fast_plan.h"

namespace dxcheck::fast_detail {
namespace {

// A filter panel up to this size is kept in L1 across a row's tiles (L1D is 32-48 KB).
constexpr int64_t kL1PanelBytes = 16 * 1024;

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

// The dy row that dx row i + 1 reads first and row i does not read (real filter rows
// ascend, so dy rows descend: the first is the newest), or -1. The walk is
// real_filter_rows's, stopped at its first row.
int64_t next_new_dy_row(const Problem& pr, int64_t i, const Scratch& s) {
  if (i + 1 >= pr.height) return -1;
  for (int64_t r = 0; r < pr.filter_height; ++r) {
    const int64_t v = i + 1 + pr.top - r;
    if (v < 0) break;
    if (v % pr.stride_height != 0) continue;
    const int64_t p = v / pr.stride_height;
    if (p >= pr.out_height) continue;
    return p > s.tap_dy_row[0] ? p : -1;
  }
  return -1;
}

}  // namespace

void channel_row(const Plan& plan, int64_t n, int64_t i, float* out, TileMode direct, Scratch& s) {
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
  // A dy row comes from memory once per band, when the band's first row that needs it
  // runs; tiles would wait for it (1 thread at batch 8 ran 10% slower per flop than at
  // batch 1, whose dy stays in L2). So row i fetches the dy row that row i + 1 adds into
  // L2 while it computes, a slice before each tile. NHWC only: there the row is one span.
  const int64_t prefetch_row = plan.dy_channel == 1 ? next_new_dy_row(pr, i, s) : -1;
  const char* prefetch = prefetch_row < 0 ? nullptr : reinterpret_cast<const char*>(dy_image + prefetch_row * dy_row);
  const int64_t prefetch_lines = prefetch == nullptr ? 0 : (dy_row * static_cast<int64_t>(sizeof(float)) + 63) / 64;
  const int64_t tile_calls = std::min(sw, width) * ((plan.channel_blocks + max_blocks - 1) / max_blocks) *
                             ((width + sw * max_rows - 1) / (sw * max_rows));
  const int64_t prefetch_step = (prefetch_lines + tile_calls - 1) / tile_calls;
  int64_t prefetched = 0;
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
        for (int64_t end = std::min(prefetch_lines, prefetched + prefetch_step); prefetched < end; ++prefetched)
          __builtin_prefetch(prefetch + prefetched * 64, 0, 2);  // read, into L2 (prefetcht1)
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
                          out_tile, sw * channels, direct);
          continue;
        }
        std::memset(acc, 0, static_cast<size_t>(tile * acc_stride) * sizeof(float));
        for (int64_t run = 0; run < runs; ++run) {
          const int64_t first = s.run_first[run];
          kernels.channel(static_cast<int>(s.run_hi[run] - s.run_lo[run]), static_cast<int>(blocks),
                          static_cast<int>(s.run_count[run]), s.a.data() + first, dy_col, dy_channel,
                          s.b.data() + first, block_floats, o_count, acc + s.run_lo[run] * acc_stride,
                          acc_stride, TileMode::accumulate);
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

}  // namespace dxcheck::fast_detail
