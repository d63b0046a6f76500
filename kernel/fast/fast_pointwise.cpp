// NCHW 1x1 stride-1 unpadded: dx[n] = F^T dy[n] with dy[n] [O][P] and dx[n] [C][P], P the
// positions of a plane, contiguous in both. The channel kernel's roles are swapped: its
// rows are dx channels (the filter value F[c][o] the broadcast, lda = O) and its 16-wide
// blocks are 16 consecutive positions (dy packed per task into [block][o][16]), so a
// tile's rows store straight into dx planes: no per-row NHWC buffer and no transpose.
//
// Each element is still one FMA chain over o ascending from +0, the channel path's order
// for a 1x1 filter, so both layouts give the same bits.
#include <algorithm>
#include <cstring>

#include "fast_plan.h"

namespace dxcheck::fast_detail {

int64_t pointwise_chunk_positions(int64_t out_channels) {
  // The task's packed dy stays in L1 across its channel tiles (L1D is 32-48 KB).
  constexpr int64_t kPanelBytes = 32 * 1024;
  constexpr int64_t kMaxChunk = 512;
  const int64_t fit = kPanelBytes / (out_channels * static_cast<int64_t>(sizeof(float))) / 32 * 32;
  return std::clamp<int64_t>(fit, 32, kMaxChunk);
}

int64_t pointwise_chunks(const Plan& plan) {
  const int64_t plane = plan.pr.height * plan.pr.width;
  return (plane + plan.pointwise_chunk - 1) / plan.pointwise_chunk;
}

void pointwise_nchw_task(const Plan& plan, int64_t task, Scratch& s) {
  const Problem& pr = plan.pr;
  const int64_t plane = pr.height * pr.width, o_count = pr.out_channels, channels = pr.channels;
  const int64_t n = task / pointwise_chunks(plan), chunk = task % pointwise_chunks(plan);
  const int64_t p0 = chunk * plan.pointwise_chunk;
  const int64_t positions = std::min(plan.pointwise_chunk, plane - p0);
  const int64_t position_blocks = (positions + kLanes - 1) / kLanes;
  const int64_t block_floats = o_count * kLanes;
  // packed[block][o][l] = dy[n][o][p0 + 16 * block + l], zero past the plane.
  float* packed = s.row.get(position_blocks * block_floats);
  const float* dy = plan.dy + n * plan.dy_image + p0;
  for (int64_t block = 0; block < position_blocks; ++block) {
    const int64_t count = std::min(kLanes, positions - block * kLanes);
    float* dst = packed + block * block_floats;
    for (int64_t o = 0; o < o_count; ++o) {
      std::memcpy(dst + o * kLanes, dy + o * plane + block * kLanes, static_cast<size_t>(count) * sizeof(float));
      std::fill(dst + o * kLanes + count, dst + (o + 1) * kLanes, 0.0f);
    }
  }
  const Microkernels& kernels = *plan.kernels;
  const int64_t max_rows = kernels.rows, max_blocks = kernels.blocks;
  float* acc = s.acc.get(kMaxChannelRows * kMaxChannelBlocks * kLanes);
  float* dx = plan.dx + n * channels * plane + p0;
  for (int64_t c0 = 0; c0 < channels; c0 += max_rows) {
    const int64_t rows = std::min(max_rows, channels - c0);
    const float* a = plan.filter + c0 * o_count;  // F[c][o], c = c0 + row
    for (int64_t block = 0; block < position_blocks; block += max_blocks) {
      const int64_t blocks = std::min(max_blocks, position_blocks - block);
      const float* b = packed + block * block_floats;
      const int64_t first = block * kLanes, count = std::min(blocks * kLanes, positions - first);
      float* out = dx + c0 * plane + first;
      if (count == blocks * kLanes) {
        kernels.channel(static_cast<int>(rows), static_cast<int>(blocks), 1, &a, o_count, 1, &b, block_floats,
                        o_count, out, plane, plan.stream_dx ? TileMode::fresh_streamed : TileMode::fresh);
        continue;
      }
      // The plane's last positions: the tile's lanes past it are computed and dropped.
      const int64_t acc_stride = max_blocks * kLanes;
      kernels.channel(static_cast<int>(rows), static_cast<int>(blocks), 1, &a, o_count, 1, &b, block_floats,
                      o_count, acc, acc_stride, TileMode::fresh);
      for (int64_t t = 0; t < rows; ++t)
        std::memcpy(out + t * plane, acc + t * acc_stride, static_cast<size_t>(count) * sizeof(float));
    }
  }
}

}  // namespace dxcheck::fast_detail
