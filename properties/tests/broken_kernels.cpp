#include "broken_kernels.h"

#include <cfloat>
#include <cmath>
#include <cstdint>

namespace dxcheck::testing {
namespace {

enum class Accumulate { in_double, in_float, fma };

struct Variant {
  Accumulate accumulate = Accumulate::in_double;
  bool reversed = false;              // terms in descending (r, s, o) order
  bool top_off_by_one = false;        // uses pad_top + 1
  bool one_stride = false;            // stride_height for both axes
  bool leave_empty_unwritten = false; // elements without real terms never stored
  bool skip_zero_dy = false;          // `if (dy == 0) continue;`: 0 * Inf no longer NaN
  bool write_past_end = false;        // one float after dx
  bool flush_subnormal = false;       // subnormal results stored as zero
  bool drop_channel_tail = false;     // out channels beyond the last 16-block ignored when O > 16
};

int64_t at(int format, int64_t h, int64_t w, int64_t ch, int64_t b, int64_t i, int64_t j, int64_t c) {
  return format == DXCHECK_NCHW ? ((b * ch + c) * h + i) * w + j : ((b * h + i) * w + j) * ch + c;
}

template <const Variant& V>
int direct(const dxcheck_conv_desc* d, const float* dy, const float* filter, float* dx) {
  const int64_t fh = d->filter_height, fw = d->filter_width, C = d->in_channels, O = d->out_channels;
  const int64_t oh = d->out_height, ow = d->out_width, h = d->in_height, w = d->in_width;
  const int64_t sh = d->stride_height, sw = V.one_stride ? d->stride_height : d->stride_width;
  const int64_t top = d->pad_top + (V.top_off_by_one ? 1 : 0), left = d->pad_left;
  const int64_t o_end = V.drop_channel_tail && O > 16 ? O / 16 * 16 : O;
  const int f = d->data_format;
  for (int64_t b = 0; b < d->batch; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t c = 0; c < C; ++c) {
          double acc_d = 0;
          float acc_f = 0;
          int64_t terms = 0;
          for (int64_t rr = 0; rr < fh; ++rr) {
            const int64_t r = V.reversed ? fh - 1 - rr : rr;
            const int64_t p_num = i + top - r;  // i = p*sh - top + r
            if (p_num < 0 || p_num % sh != 0 || p_num / sh >= oh) continue;
            const int64_t p = p_num / sh;
            for (int64_t ss = 0; ss < fw; ++ss) {
              const int64_t s = V.reversed ? fw - 1 - ss : ss;
              const int64_t q_num = j + left - s;
              if (q_num < 0 || q_num % sw != 0 || q_num / sw >= ow) continue;
              const int64_t q = q_num / sw;
              for (int64_t oo = 0; oo < o_end; ++oo) {
                const int64_t o = V.reversed ? o_end - 1 - oo : oo;
                const float g = dy[at(f, oh, ow, O, b, p, q, o)];
                const float k = filter[((r * fw + s) * C + c) * O + o];
                ++terms;
                if (V.skip_zero_dy && g == 0.0f) continue;
                switch (V.accumulate) {
                  case Accumulate::in_double: acc_d += static_cast<double>(g) * static_cast<double>(k); break;
                  case Accumulate::in_float: acc_f = acc_f + g * k; break;
                  case Accumulate::fma: acc_f = std::fma(g, k, acc_f); break;
                }
              }
            }
          }
          if (V.leave_empty_unwritten && terms == 0) continue;
          float result = V.accumulate == Accumulate::in_double ? static_cast<float>(acc_d) : acc_f;
          if (V.flush_subnormal && result != 0 && std::fabs(result) < FLT_MIN) result = std::copysign(0.0f, result);
          dx[at(f, h, w, C, b, i, j, c)] = result;
        }
  if (V.write_past_end) dx[d->batch * h * w * C] = 0.0f;
  return DXCHECK_OK;
}

constexpr Variant kTopOffByOne{Accumulate::in_double, false, true};
constexpr Variant kOneStride{Accumulate::in_double, false, false, true};
constexpr Variant kUnwritten{Accumulate::in_double, false, false, false, true};
constexpr Variant kSkipZeroDy{Accumulate::in_double, false, false, false, false, true};
constexpr Variant kPastEnd{Accumulate::in_double, false, false, false, false, false, true};
constexpr Variant kFlushSubnormal{Accumulate::in_double, false, false, false, false, false, false, true};
constexpr Variant kChannelTail{Accumulate::in_double, false, false, false, false, false, false, false, true};
constexpr Variant kFloat{Accumulate::in_float};
constexpr Variant kFma{Accumulate::fma};
constexpr Variant kReversed{Accumulate::in_float, true};

KernelEntry entry(const std::string& name, dxcheck_backprop_input_fn fn, const std::string& what) {
  KernelEntry kernel;
  kernel.name = name;
  kernel.function = fn;
  kernel.description = what;
  return kernel;
}

}  // namespace

const std::vector<PlantedBug>& broken_kernels() {
  static const std::vector<PlantedBug> list = {
      {entry("broken-top-pad", &direct<kTopOffByOne>, "off-by-one top pad")},
      {entry("broken-one-stride", &direct<kOneStride>, "stride_height used for both axes")},
      {entry("broken-unwritten", &direct<kUnwritten>, "elements without real terms left unwritten")},
      {entry("broken-skip-zero-dy", &direct<kSkipZeroDy>, "zero dy skipped: 0 * Inf no longer NaN")},
      {entry("broken-past-end", &direct<kPastEnd>, "writes one float past dx")},
      {entry("broken-ftz", &direct<kFlushSubnormal>, "subnormal results flushed to zero")},
      {entry("broken-channel-tail", &direct<kChannelTail>, "out-channel tail dropped above 16 channels")},
  };
  return list;
}

const std::vector<KernelEntry>& benign_kernels() {
  static const std::vector<KernelEntry> list = {
      entry("benign-float", &direct<kFloat>, "float accumulation, ascending order"),
      entry("benign-fma", &direct<kFma>, "float std::fma chain, ascending order"),
      entry("benign-reversed", &direct<kReversed>, "float accumulation, descending order"),
  };
  return list;
}

}  // namespace dxcheck::testing
