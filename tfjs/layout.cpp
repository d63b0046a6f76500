#include "layout.h"

namespace dxcheck {
namespace {

std::vector<float> transpose(const std::vector<float>& v, int from, int to, int64_t n, int64_t h, int64_t w,
                             int64_t c) {
  std::vector<float> out(v.size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = 0; k < c; ++k) out[flat_index(to, h, w, c, b, i, j, k)] = v[flat_index(from, h, w, c, b, i, j, k)];
  return out;
}

}  // namespace

std::vector<float> nhwc_to_nchw(const std::vector<float>& v, int64_t n, int64_t h, int64_t w, int64_t c) {
  return transpose(v, DXCHECK_NHWC, DXCHECK_NCHW, n, h, w, c);
}

std::vector<float> nchw_to_nhwc(const std::vector<float>& v, int64_t n, int64_t h, int64_t w, int64_t c) {
  return transpose(v, DXCHECK_NCHW, DXCHECK_NHWC, n, h, w, c);
}

}  // namespace dxcheck
