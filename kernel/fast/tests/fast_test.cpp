// The fast kernel against the faithful one (kernel/faithful.cpp), which is the
// definition. Data is exact (small integers, optionally scaled by a power of two into
// the subnormal range), so every partial sum is exact in any order and the only accepted
// answer is bitwise equality. dx is pre-filled with a NaN canary, so an element the
// kernel forgot to write shows up as a mismatch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "builtin_kernels.h"
#include "fill.h"
#include "fast.h"
#include "layout.h"
#include "microkernels.h"

namespace {

struct Shape {
  int n, h, w, c;       // dx
  int o;                // dy channels
  int fh, fw, sh, sw;
  int top, left;        // resolved pads, any sign
  int oh, ow;           // dy size, any value >= 0

  std::string name() const {
    return "n" + std::to_string(n) + "_h" + std::to_string(h) + "w" + std::to_string(w) + "c" +
           std::to_string(c) + "_o" + std::to_string(o) + "_k" + std::to_string(fh) + "x" +
           std::to_string(fw) + "_s" + std::to_string(sh) + "x" + std::to_string(sw) + "_t" +
           std::to_string(top) + "l" + std::to_string(left) + "_oh" + std::to_string(oh) + "ow" +
           std::to_string(ow);
  }
};

// dy size from the pads on both sides (floor division; nothing fits -> 0).
int out_size(int in, int f, int s, int before, int after) {
  const int span = in + before + after - f;
  return span < 0 ? 0 : span / s + 1;
}

// A forward conv with a symmetric numeric pad, as the benchmarks use.
Shape conv(int n, int h, int w, int c, int o, int f, int s, int pad) {
  return {n, h, w, c, o, f, f, s, s, pad, pad, out_size(h, f, s, pad, pad), out_size(w, f, s, pad, pad)};
}

dxcheck_conv_desc make_desc(const Shape& s, int format) {
  dxcheck_conv_desc d{};
  d.abi_version = 1;
  d.batch = s.n;
  d.in_height = s.h;
  d.in_width = s.w;
  d.in_channels = s.c;
  d.out_height = s.oh;
  d.out_width = s.ow;
  d.out_channels = s.o;
  d.filter_height = s.fh;
  d.filter_width = s.fw;
  d.stride_height = s.sh;
  d.stride_width = s.sw;
  d.pad_top = s.top;
  d.pad_left = s.left;
  d.pad_bottom = (s.oh - 1) * s.sh + s.fh - s.h - s.top;
  d.pad_right = (s.ow - 1) * s.sw + s.fw - s.w - s.left;
  d.data_format = format;
  return d;
}

// dxcheck's one SplitMix64 (harness/fill.h): a fixed stream per seed.
using Rng = dxcheck::SplitMix64;
float uniform(Rng& rng) { return static_cast<float>(static_cast<double>(rng.next() >> 40) / 16777216.0 * 2.0 - 1.0); }

std::vector<float> integers(size_t count, int bound, float scale, Rng& rng) {
  std::vector<float> v(count);
  for (float& x : v) x = static_cast<float>(rng.in_range(-bound, bound)) * scale;
  return v;
}

size_t dy_count(const Shape& s) { return static_cast<size_t>(s.n) * s.oh * s.ow * s.o; }
size_t dx_count(const Shape& s) { return static_cast<size_t>(s.n) * s.h * s.w * s.c; }
size_t filter_count(const Shape& s) { return static_cast<size_t>(s.fh) * s.fw * s.c * s.o; }

std::vector<float> canary(size_t count) {
  return std::vector<float>(count, std::numeric_limits<float>::quiet_NaN());
}

uint32_t bits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof(b));
  return b;
}

// Bitwise, except that NaN matches NaN (TFJS's NaN bits vary: docs/tfjs-semantics.md "1.3 Numerics").
::testing::AssertionResult same(const std::vector<float>& expect, const std::vector<float>& got) {
  if (expect.size() != got.size()) return ::testing::AssertionFailure() << "size differs";
  size_t bad = 0, first = 0;
  for (size_t k = 0; k < expect.size(); ++k) {
    const bool ok = (std::isnan(expect[k]) && std::isnan(got[k])) || bits(expect[k]) == bits(got[k]);
    if (!ok && bad++ == 0) first = k;
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << bad << " of " << expect.size() << " differ; first at "
                                       << first << ": expect " << expect[first] << " got " << got[first];
}

// Runs faithful (NHWC) and fast (NHWC and NCHW) on the same data and compares bitwise.
void check(const Shape& s, const std::vector<float>& dy, const std::vector<float>& filter) {
  SCOPED_TRACE(s.name() + " isa=" + dxcheck::fast_active_isa());
  const dxcheck_conv_desc nhwc = make_desc(s, DXCHECK_NHWC);
  std::vector<float> expect = canary(dx_count(s));
  ASSERT_EQ(dxcheck::faithful_backprop_input(&nhwc, dy.data(), filter.data(), expect.data()), 0);

  std::vector<float> got = canary(dx_count(s));
  ASSERT_EQ(dxcheck::fast_backprop_input(&nhwc, dy.data(), filter.data(), got.data()), 0);
  EXPECT_TRUE(same(expect, got)) << "NHWC";

  const dxcheck_conv_desc nchw = make_desc(s, DXCHECK_NCHW);
  const std::vector<float> dy_nchw = dxcheck::nhwc_to_nchw(dy, s.n, s.oh, s.ow, s.o);
  std::vector<float> got_nchw = canary(dx_count(s));
  ASSERT_EQ(dxcheck::fast_backprop_input(&nchw, dy_nchw.data(), filter.data(), got_nchw.data()), 0);
  EXPECT_TRUE(same(dxcheck::nhwc_to_nchw(expect, s.n, s.h, s.w, s.c), got_nchw)) << "NCHW";
}

// Exact data: |dy| <= 3, |F| <= 3 and at most fh*fw*o terms, far below 2^24.
void check_exact(const Shape& s, uint64_t seed, float dy_scale = 1.0f, float filter_scale = 1.0f) {
  Rng rng{seed};
  const std::vector<float> dy = integers(dy_count(s), 3, dy_scale, rng);
  const std::vector<float> filter = integers(filter_count(s), 3, filter_scale, rng);
  check(s, dy, filter);
}

bool cpu_has(const std::string& isa) {
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (isa == "avx512") return avx2 && __builtin_cpu_supports("avx512f");
  if (isa == "avx2") return avx2;
  return isa == "portable";
}

// CTest runs every test once per path (DXCHECK_FAST_ISA); a path this CPU lacks would
// only repeat a wider one's run, so it is skipped and says so.
class FastKernel : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* forced = std::getenv("DXCHECK_FAST_ISA");
    if (forced != nullptr && !cpu_has(forced)) GTEST_SKIP() << "this CPU has no " << forced << " path";
  }
};

TEST_F(FastKernel, ReportsItsPath) {
  const char* forced = std::getenv("DXCHECK_FAST_ISA");
  const std::string isa = dxcheck::fast_active_isa();
  EXPECT_TRUE(isa == "avx512" || isa == "avx2" || isa == "portable") << isa;
  if (forced != nullptr && std::string(forced) != "auto") {
    EXPECT_EQ(isa, forced);
  } else {
    // Unforced: the widest path the CPU has.
    EXPECT_EQ(isa, cpu_has("avx512") ? "avx512" : cpu_has("avx2") ? "avx2" : "portable");
  }
  EXPECT_TRUE(dxcheck::fast_order_is_fixed());
}

// The active path's transpose (the NCHW moves) on sizes around its 8 x 8 blocks, with
// strides wider than the rows: every element lands where it belongs, and nothing between
// the rows is written.
TEST_F(FastKernel, TransposeAroundBlockSizes) {
  const dxcheck::fast_detail::Microkernels& kernels = dxcheck::fast_detail::active_microkernels();
  for (int64_t rows : {1, 7, 8, 9, 16, 33})
    for (int64_t cols : {1, 5, 8, 15, 24, 40}) {
      const int64_t src_stride = cols + 3, dst_stride = rows + 5;
      std::vector<float> src(static_cast<size_t>(rows * src_stride));
      for (size_t k = 0; k < src.size(); ++k) src[k] = static_cast<float>(k);
      std::vector<float> dst(static_cast<size_t>(cols * dst_stride), -1.0f);
      kernels.transpose(src.data(), src_stride, dst.data(), dst_stride, rows, cols);
      for (int64_t c = 0; c < cols; ++c)
        for (int64_t r = 0; r < dst_stride; ++r) {
          const float want = r < rows ? src[static_cast<size_t>(r * src_stride + c)] : -1.0f;
          ASSERT_EQ(dst[static_cast<size_t>(c * dst_stride + r)], want)
              << rows << "x" << cols << ": dst row " << c << ", column " << r;
        }
    }
}

TEST_F(FastKernel, ChannelCountsAroundVectorWidths) {
  uint64_t seed = 1;
  for (int c : {1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 33, 35})
    for (int o : {1, 7, 8, 9, 16, 17})
      check_exact({2, 6, 7, c, o, 3, 3, 1, 1, 1, 1, 6, 7}, seed++);
}

TEST_F(FastKernel, SamePaddingEveryStride) {
  uint64_t seed = 100;
  for (int c : {1, 3, 8, 17})
    for (int f = 1; f <= 5; ++f)
      for (int stride = 1; stride <= 3; ++stride) {
        const int h = 9, w = 8;
        const int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
        const int pad_h = std::max((oh - 1) * stride + f - h, 0), pad_w = std::max((ow - 1) * stride + f - w, 0);
        check_exact({1, h, w, c, 5, f, f, stride, stride, pad_h / 2, pad_w / 2, oh, ow}, seed++);
      }
}

TEST_F(FastKernel, ValidPaddingStrideLargerThanFilter) {
  uint64_t seed = 200;
  for (int c : {2, 9, 16})
    for (int f = 1; f <= 3; ++f)
      for (int stride = f + 1; stride <= 5; ++stride)
        check_exact({2, 11, 10, c, 6, f, f, stride, stride, 0, 0, out_size(11, f, stride, 0, 0),
                     out_size(10, f, stride, 0, 0)}, seed++);
}

TEST_F(FastKernel, NegativeAndLargePads) {
  uint64_t seed = 300;
  for (int c : {1, 5, 8, 19})
    for (int top : {-3, -1, 0, 2, 5})
      for (int left : {-2, 0, 3, 6})
        for (int stride : {1, 2, 3}) {
          const int h = 7, w = 6, f = 3, bottom = 1, right = -1;
          check_exact({1, h, w, c, 4, f, f + 1, stride, stride, top, left,
                       out_size(h, f, stride, top, bottom), out_size(w, f + 1, stride, left, right)}, seed++);
        }
}

TEST_F(FastKernel, FilterLargerThanInput) {
  uint64_t seed = 400;
  for (int c : {1, 4, 8, 16, 17}) {
    check_exact({2, 3, 2, c, 5, 6, 7, 1, 1, 3, 3, out_size(3, 6, 1, 3, 2), out_size(2, 7, 1, 3, 3)}, seed++);
    check_exact({1, 2, 3, c, 3, 5, 5, 2, 3, 2, 2, 2, 2}, seed++);
    check_exact({1, 4, 4, c, 3, 9, 8, 1, 2, 0, 0, 1, 1}, seed++);  // dy 1x1: valid, filter past the input
  }
}

TEST_F(FastKernel, ZeroSizes) {
  uint64_t seed = 500;
  for (int c : {1, 8, 17}) {
    check_exact({1, 4, 5, c, 3, 5, 6, 1, 1, 0, 0, 0, 0}, seed++);   // valid, filter > input: dy empty
    check_exact({2, 4, 5, c, 3, 2, 2, 1, 1, 0, 0, 3, 0}, seed++);   // ow = 0
    check_exact({2, 4, 5, c, 0, 2, 2, 1, 1, 0, 0, 3, 4}, seed++);   // no out channels
    check_exact({0, 4, 5, c, 3, 2, 2, 1, 1, 0, 0, 3, 4}, seed++);   // no batch
  }
  check_exact({2, 0, 5, 3, 3, 2, 2, 1, 1, 0, 0, 0, 4}, seed++);
  check_exact({2, 4, 5, 0, 3, 2, 2, 1, 1, 0, 0, 3, 4}, seed++);
}

// Every field drawn independently: pads of any sign, strides above the filter, dy sizes
// from the implied far pads.
TEST_F(FastKernel, RandomSmallShapes) {
  Rng rng{600};
  const int channels[] = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 35};
  for (int k = 0; k < 400; ++k) {
    Shape s{};
    s.n = rng.in_range(1, 3);
    s.h = rng.in_range(1, 9);
    s.w = rng.in_range(1, 12);
    s.c = channels[rng.in_range(0, 10)];
    s.o = rng.in_range(1, 19);
    s.fh = rng.in_range(1, 6);
    s.fw = rng.in_range(1, 6);
    s.sh = rng.in_range(1, 4);
    s.sw = rng.in_range(1, 4);
    s.top = rng.in_range(-2, s.fh + 1);
    s.left = rng.in_range(-2, s.fw + 1);
    s.oh = out_size(s.h, s.fh, s.sh, s.top, rng.in_range(-2, s.fh + 1));
    s.ow = out_size(s.w, s.fw, s.sw, s.left, rng.in_range(-2, s.fw + 1));
    check_exact(s, 700 + k);
    if (HasFailure()) return;
  }
}

TEST_F(FastKernel, InfTapsGiveTheFaithfulPattern) {
  uint64_t seed = 800;
  for (const Shape& s : {Shape{2, 6, 7, 3, 4, 3, 3, 2, 2, 1, 1, 3, 4}, Shape{1, 5, 9, 16, 9, 3, 2, 1, 2, 1, 0, 5, 5},
                         Shape{1, 8, 8, 20, 8, 4, 4, 2, 2, 1, 1, 4, 4}, Shape{1, 4, 4, 1, 3, 5, 5, 1, 1, 2, 2, 4, 4}}) {
    Rng rng{seed++};
    std::vector<float> dy = integers(dy_count(s), 2, 1.0f, rng);
    std::vector<float> filter = integers(filter_count(s), 3, 1.0f, rng);
    // A few +Inf and -Inf taps; dy has zeros, so some real terms are 0*Inf = NaN, and
    // padding next to an Inf tap must not add more.
    for (size_t k = 0; k < filter.size(); k += 7) filter[k] = (k / 7) % 2 ? -INFINITY : INFINITY;
    check(s, dy, filter);
  }
}

TEST_F(FastKernel, SubnormalDataSurvives) {
  uint64_t seed = 900;
  for (const Shape& s : {Shape{2, 6, 7, 3, 4, 3, 3, 2, 2, 1, 1, 3, 4}, Shape{1, 7, 9, 17, 9, 3, 3, 1, 1, 1, 1, 7, 9}}) {
    check_exact(s, seed++, std::ldexp(1.0f, -140), 1.0f);           // subnormal dy
    check_exact(s, seed++, 1.0f, std::ldexp(1.0f, -138));           // subnormal filter
    check_exact(s, seed++, std::ldexp(1.0f, -70), std::ldexp(1.0f, -70));  // subnormal products
  }
}

// Tile and tail sizes of every path: dx rows of 13 to 57 columns (the AVX-512 tile is 14
// columns, AVX2's 6; stride 2 halves them into phases), channel counts one past 16, 32,
// 64 and 128 (blocks of 16, pairs of blocks), out-channel counts one short of 16, 32, 64.
TEST_F(FastKernel, TileAndTailSizes) {
  uint64_t seed = 950;
  for (int w : {13, 14, 15, 28, 29, 57})
    for (int c : {17, 33, 65, 129})
      for (int o : {15, 31, 63})
        for (int stride : {1, 2}) {
          const int f = (w + c + o) % 2 == 0 ? 3 : 1;
          check_exact(conv(1, 2, w, c, o, f, stride, f / 2), seed++);
          if (HasFailure()) return;
        }
}

// NCHW 1x1 stride-1 unpadded runs its own path (fast_pointwise.cpp): planes of positions
// around its 16-position blocks and its task chunks (128 positions for 64 out channels,
// 32 for 300), channel counts around its 14- and 6-channel tiles.
TEST_F(FastKernel, PointwiseChunkAndTailSizes) {
  uint64_t seed = 970;
  for (const auto& [h, w] : {std::pair{1, 1}, {3, 5}, {4, 4}, {1, 17}, {4, 8}, {3, 11}, {8, 16}, {9, 15}, {13, 20}})
    for (int c : {8, 13, 14, 15, 29, 33})
      for (int o : {1, 9, 64, 300}) {
        check_exact(conv(2, h, w, c, o, 1, 1, 0), seed++);
        if (HasFailure()) return;
      }
}

// A dx of 2 MiB or more that starts on a cache line (as framework tensors do) gets its
// interior tiles with non-temporal stores, whole lines only; shifted by a float or by half
// a line it takes plain stores. Either way the same bits, every element written, and
// nothing outside dx touched (canaries on both sides).
TEST_F(FastKernel, LargeDxAtEveryAlignment) {
  uint64_t seed = 1050;
  for (const Shape& s : {conv(2, 64, 64, 64, 32, 3, 1, 1), conv(2, 64, 64, 64, 32, 3, 2, 1),
                         conv(2, 32, 32, 256, 32, 1, 1, 0), conv(2, 64, 64, 72, 16, 1, 1, 0)}) {
    SCOPED_TRACE(s.name() + " isa=" + dxcheck::fast_active_isa());
    ASSERT_GE(dx_count(s) * sizeof(float), size_t{2} << 20);
    Rng rng{seed++};
    const std::vector<float> dy = integers(dy_count(s), 3, 1.0f, rng);
    const std::vector<float> filter = integers(filter_count(s), 3, 1.0f, rng);
    const std::vector<float> dy_nchw = dxcheck::nhwc_to_nchw(dy, s.n, s.oh, s.ow, s.o);
    const dxcheck_conv_desc nhwc = make_desc(s, DXCHECK_NHWC), nchw = make_desc(s, DXCHECK_NCHW);
    std::vector<float> expect(dx_count(s));
    ASSERT_EQ(dxcheck::faithful_backprop_input(&nhwc, dy.data(), filter.data(), expect.data()), 0);
    const std::vector<float> expect_nchw = dxcheck::nhwc_to_nchw(expect, s.n, s.h, s.w, s.c);
    constexpr size_t kGuard = 32;  // floats of canary before and after dx
    std::vector<float> storage = canary(dx_count(s) + 2 * kGuard + 16);
    const size_t to_line = (64 - reinterpret_cast<uintptr_t>(storage.data() + kGuard) % 64) % 64 / sizeof(float);
    for (size_t shift : {size_t{0}, size_t{1}, size_t{8}}) {
      for (const bool as_nchw : {false, true}) {
        std::fill(storage.begin(), storage.end(), std::numeric_limits<float>::quiet_NaN());
        float* dx = storage.data() + kGuard + to_line + shift;
        ASSERT_EQ(dxcheck::fast_backprop_input(as_nchw ? &nchw : &nhwc, (as_nchw ? dy_nchw : dy).data(),
                                               filter.data(), dx), 0);
        EXPECT_TRUE(same(as_nchw ? expect_nchw : expect, std::vector<float>(dx, dx + dx_count(s))))
            << (as_nchw ? "NCHW" : "NHWC") << ", dx " << shift << " floats past a cache line";
        const size_t before = static_cast<size_t>(dx - storage.data()), after = before + dx_count(s);
        for (size_t k = 0; k < storage.size(); ++k) {
          if (k >= before && k < after) continue;
          ASSERT_TRUE(std::isnan(storage[k])) << "wrote at " << k << ", dx is [" << before << ", " << after << ")";
        }
      }
      if (HasFailure()) return;
    }
  }
}

// The shapes of bench/ (forward conv N,H,W,C -> O, kernel, stride, pad), once each.
TEST_F(FastKernel, BenchmarkShapes) {
  uint64_t seed = 1000;
  for (const Shape& s : {conv(1, 28, 28, 1, 8, 5, 1, 2), conv(8, 56, 56, 64, 64, 3, 1, 1),
                         conv(8, 56, 56, 64, 128, 3, 2, 1), conv(8, 28, 28, 256, 64, 1, 1, 0),
                         conv(16, 32, 32, 64, 128, 4, 2, 1), conv(8, 224, 224, 3, 64, 7, 2, 3)})
    check_exact(s, seed++);
}

// The order is fixed per element, so on any data: NCHW is the transposed NHWC result,
// a batch split changes nothing, and a second call gives the same bits.
TEST_F(FastKernel, FixedOrderOnRandomData) {
  Rng rng{1100};
  for (const Shape& s : {Shape{3, 9, 11, 19, 13, 3, 3, 1, 1, 1, 1, 9, 11}, Shape{2, 10, 9, 5, 21, 4, 3, 2, 2, 1, 1, 5, 4},
                         Shape{2, 12, 12, 40, 70, 3, 3, 2, 1, 1, 1, 6, 12}}) {
    SCOPED_TRACE(s.name());
    std::vector<float> dy(dy_count(s)), filter(filter_count(s));
    for (float& x : dy) x = uniform(rng);
    for (float& x : filter) x = uniform(rng);
    const dxcheck_conv_desc nhwc = make_desc(s, DXCHECK_NHWC), nchw = make_desc(s, DXCHECK_NCHW);
    std::vector<float> a = canary(dx_count(s)), b = canary(dx_count(s)), c = canary(dx_count(s));
    ASSERT_EQ(dxcheck::fast_backprop_input(&nhwc, dy.data(), filter.data(), a.data()), 0);
    ASSERT_EQ(dxcheck::fast_backprop_input(&nhwc, dy.data(), filter.data(), b.data()), 0);
    EXPECT_TRUE(same(a, b)) << "determinism";
    const std::vector<float> dy_nchw = dxcheck::nhwc_to_nchw(dy, s.n, s.oh, s.ow, s.o);
    ASSERT_EQ(dxcheck::fast_backprop_input(&nchw, dy_nchw.data(), filter.data(), c.data()), 0);
    EXPECT_TRUE(same(dxcheck::nhwc_to_nchw(a, s.n, s.h, s.w, s.c), c)) << "layout";
    // Image by image.
    Shape one = s;
    one.n = 1;
    const dxcheck_conv_desc single = make_desc(one, DXCHECK_NHWC);
    const size_t dy_image = dy_count(one), dx_image = dx_count(one);
    std::vector<float> split = canary(dx_count(s));
    for (int i = 0; i < s.n; ++i)
      ASSERT_EQ(dxcheck::fast_backprop_input(&single, dy.data() + i * dy_image, filter.data(),
                                             split.data() + i * dx_image), 0);
    EXPECT_TRUE(same(a, split)) << "batch split";
  }
}

TEST_F(FastKernel, RejectsBadDescriptors) {
  Shape s{1, 4, 4, 2, 2, 2, 2, 1, 1, 0, 0, 3, 3};
  std::vector<float> dy(dy_count(s), 1.0f), filter(filter_count(s), 1.0f), dx(dx_count(s));
  dxcheck_conv_desc d = make_desc(s, 2);
  EXPECT_NE(dxcheck::fast_backprop_input(&d, dy.data(), filter.data(), dx.data()), 0);
  d = make_desc(s, DXCHECK_NHWC);
  d.stride_width = 0;
  EXPECT_NE(dxcheck::fast_backprop_input(&d, dy.data(), filter.data(), dx.data()), 0);
}

}  // namespace
