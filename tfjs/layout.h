// The two data formats of a 4-D tensor: where logical element (b, i, j, c) of a tensor
// of dims [n, h, w, channels] is stored, and the transposes between them.
#pragma once

#include <cstdint>
#include <vector>

#include "dxcheck_kernel.h"

namespace dxcheck {

inline int64_t flat_index(int data_format, int64_t h, int64_t w, int64_t channels, int64_t b, int64_t i,
                          int64_t j, int64_t c) {
  return data_format == DXCHECK_NCHW ? ((b * channels + c) * h + i) * w + j : ((b * h + i) * w + j) * channels + c;
}

// [N, H, W, C] <-> [N, C, H, W].
std::vector<float> nhwc_to_nchw(const std::vector<float>& v, int64_t n, int64_t h, int64_t w, int64_t c);
std::vector<float> nchw_to_nhwc(const std::vector<float>& v, int64_t n, int64_t h, int64_t w, int64_t c);

}  // namespace dxcheck
