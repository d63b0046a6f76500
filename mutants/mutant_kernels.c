/* Mutation testing of dxcheck itself (docs/mutation.md): one Conv2DBackpropInput
 * plugin, built once per compile definition. Without a definition it is a correct
 * gather kernel (sum in double, one rounding). Each MUTANT_* definition plants one bug
 * of a kind seen in real kernels; dxcheck must kill every one of them (exit 1). Each
 * BENIGN_* definition is still correct, only numerically different (another summation
 * order, float accumulation, FMA, pairwise sums); dxcheck must pass them (exit 0).
 *
 * The kernel gathers: for dx element (b, i, j, c) it lists the real terms, the dy rows
 * p with filter tap r = i + top - p*sh in [0, fh) (columns likewise), times every out
 * channel o, and combines the products dy[b, p, q, o] * F[r, s, c, o]. Mutations sit
 * where real kernels get it wrong: the pads, the strides, the index maps, the loop
 * bounds, the accumulation, the final store. */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dxcheck_kernel.h"

int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }

#ifdef MUTANT_STRIDE_LARGER_THAN_FILTER
static long floor_div(long a, long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static long floor_mod(long a, long b) { return a - floor_div(a, b) * b; }
#endif

/* Offset of (b, i, j, c) in a [batch, height, width, channels] tensor in layout fmt. */
static size_t at(int fmt, size_t b, size_t i, size_t j, size_t c, size_t height, size_t width, size_t channels) {
  if (fmt == DXCHECK_NCHW) return ((b * channels + c) * height + i) * width + j;
  return ((b * height + i) * width + j) * channels + c;
}

static size_t dy_at(const dxcheck_conv_desc *d, size_t b, size_t p, size_t q, size_t o) {
#ifdef MUTANT_DY_LAYOUT_IGNORED
  /* dy read as NHWC whatever data_format says (the layout handled for dx only) */
  return at(DXCHECK_NHWC, b, p, q, o, (size_t)d->out_height, (size_t)d->out_width, (size_t)d->out_channels);
#else
  return at(d->data_format, b, p, q, o, (size_t)d->out_height, (size_t)d->out_width, (size_t)d->out_channels);
#endif
}

static size_t dx_at(const dxcheck_conv_desc *d, size_t b, size_t i, size_t j, size_t c) {
  const size_t h = (size_t)d->in_height, w = (size_t)d->in_width, ci = (size_t)d->in_channels;
#ifdef MUTANT_DX_NCHW_HW_SWAPPED
  /* NCHW dx with the strides of H and W exchanged: [N][C][W][H] */
  if (d->data_format == DXCHECK_NCHW) return ((b * ci + c) * w + j) * h + i;
#endif
  return at(d->data_format, b, i, j, c, h, w, ci);
}

static size_t filter_at(const dxcheck_conv_desc *d, size_t r, size_t s, size_t c, size_t o) {
  const size_t fw = (size_t)d->filter_width, ci = (size_t)d->in_channels, co = (size_t)d->out_channels;
#ifdef MUTANT_FILTER_CHANNELS_SWAPPED
  /* [fh][fw][out_c][in_c], the forward op's transposed filter layout */
  return ((r * fw + s) * co + o) * ci + c;
#else
  return ((r * fw + s) * ci + c) * co + o;
#endif
}

/* The real taps along one axis for dx index i: pairs (dy index p, filter tap r) with
 * i = p*stride - pad + r, p < out, r < f. Returns how many were written to ps, rs.
 * axis 0 is the height, 1 the width. */
static int axis_taps(int axis, long i, long pad, long stride, long f, long out, long in, long *ps, long *rs) {
  int n = 0;
  (void)axis;
  (void)in;
#ifdef MUTANT_LAST_DY_COLUMN_DROPPED
  if (axis == 1) out -= 1; /* the loop bound 'q < ow - 1': the last dy column never contributes */
#endif
#ifdef MUTANT_FILTER_LARGER_THAN_INPUT
  if (f > in) f = in; /* the window clipped to the input: taps past it are lost */
#endif
#ifdef MUTANT_STRIDE_LARGER_THAN_FILTER
  /* Tap-driven loop: the first tap is (i + pad) mod stride, then every stride-th.
     The bug: it assumes every dx index has a tap (true only while stride <= f) and
     clamps the first tap into the filter. */
  {
    long r0 = floor_mod(i + pad, stride);
    if (r0 >= f) r0 = f - 1;
    for (long r = r0; r < f; r += stride) {
      const long p = floor_div(i + pad - r, stride);
      if (p < 0 || p >= out) continue;
      ps[n] = p, rs[n] = r, ++n;
    }
    return n;
  }
#endif
  for (long p = 0; p < out; ++p) {
    const long r = i + pad - p * stride;
    if (r < 0 || r >= f) continue;
    ps[n] = p, rs[n] = r, ++n;
  }
  return n;
}

#ifdef MUTANT_BF16_PRODUCTS
/* A product rounded to bfloat16 (nearest even), as a bf16 multiply unit would. */
static float to_bf16(float v) {
  uint32_t bits;
  memcpy(&bits, &v, 4);
  if ((bits & 0x7f800000u) != 0x7f800000u) bits = (bits + 0x7fffu + ((bits >> 16) & 1u)) & 0xffff0000u;
  memcpy(&v, &bits, 4);
  return v;
}
#endif

#ifdef BENIGN_PAIRWISE
static float pairwise(const float *v, long n) {
  if (n <= 4) {
    float s = 0.0f;
    for (long k = 0; k < n; ++k) s += v[k];
    return s;
  }
  const long half = n / 2;
  return pairwise(v, half) + pairwise(v + half, n - half);
}
#endif

/* Combines the real terms of one dx element. */
static float combine(const float *dys, const float *fs, long n, float *products) {
#if defined(BENIGN_REVERSED)
  float s = 0.0f; /* float accumulation, last term first */
  (void)products;
  for (long k = n - 1; k >= 0; --k) s += dys[k] * fs[k];
  return s;
#elif defined(BENIGN_FLOAT_ACCUMULATION)
  float s = 0.0f;
  (void)products;
  for (long k = 0; k < n; ++k) s += dys[k] * fs[k];
  return s;
#elif defined(BENIGN_FMA)
  float s = 0.0f;
  (void)products;
  for (long k = 0; k < n; ++k) s = fmaf(dys[k], fs[k], s);
  return s;
#elif defined(BENIGN_PAIRWISE)
  for (long k = 0; k < n; ++k) products[k] = dys[k] * fs[k];
  return pairwise(products, n);
#else
  double s = 0.0;
  (void)products;
  for (long k = 0; k < n; ++k) {
#ifdef MUTANT_BF16_PRODUCTS
    s += (double)to_bf16(dys[k] * fs[k]);
#else
    s += (double)dys[k] * (double)fs[k];
#endif
  }
  return (float)s;
#endif
}

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy, const float *filter, float *dx) {
  const long n_batch = d->batch, h = d->in_height, w = d->in_width, ci = d->in_channels;
  const long oh = d->out_height, ow = d->out_width, co = d->out_channels;
  const long fh = d->filter_height, fw = d->filter_width;
  long sh = d->stride_height, sw = d->stride_width;
  long top = d->pad_top, left = d->pad_left;
#ifdef MUTANT_PAD_OFF_BY_ONE
  /* An odd total pad puts its extra row on the top (Caffe's habit), not the bottom
     (TensorFlow's): one row and column off. */
  if ((d->pad_top + d->pad_bottom) > 0 && (d->pad_top + d->pad_bottom) % 2 != 0) top += 1;
  if ((d->pad_left + d->pad_right) > 0 && (d->pad_left + d->pad_right) % 2 != 0) left += 1;
#endif
#ifdef MUTANT_TOP_LEFT_SWAPPED
  top = d->pad_left, left = d->pad_top;
#endif
#ifdef MUTANT_ONE_STRIDE
  sw = sh; /* the height stride used for both axes */
#endif
#ifdef MUTANT_NEGATIVE_PAD
  /* The near pads derived from the far (implied) pads, which are assumed >= 0. */
  {
    const long bottom = d->pad_bottom < 0 ? 0 : d->pad_bottom, right = d->pad_right < 0 ? 0 : d->pad_right;
    top = (oh - 1) * sh + fh - h - bottom;
    left = (ow - 1) * sw + fw - w - right;
  }
#endif
  long co_used = co;
#ifdef MUTANT_SIMD_TAIL_DROPPED
  /* Out channels in vectors of 8 above 16; the remainder loop was forgotten. */
  if (co > 16) co_used = co - co % 8;
#endif
#ifdef MUTANT_OVERREAD_DY_TAIL
  /* NHWC out channels loaded 4 at a time: the lanes past out_c read the next pixel (or
     past the end of dy) and are "cancelled" by a zero weight, but 0 * Inf and 0 * NaN
     are NaN. */
  if (d->data_format == DXCHECK_NHWC) co_used = (co + 3) / 4 * 4;
#endif
  long h_written = h;
#ifdef MUTANT_LAST_INPUT_ROW_NOT_WRITTEN
  h_written = h - 1;
#endif
  const long dx_count = n_batch * h * w * ci;
  (void)dx_count;
#ifdef MUTANT_WRITE_ONE_PAST_DX
  for (long k = 0; k <= dx_count; ++k) dx[k] = 0.0f; /* '<=': one element past dx */
#endif

  const long max_row = fh < oh ? fh : oh, max_col = fw < ow ? fw : ow;
  long max_terms = (max_row > 0 ? max_row : 1) * (max_col > 0 ? max_col : 1) * (co_used > co ? co_used : co > 0 ? co : 1);
#ifdef MUTANT_PADDING_ZEROS_MULTIPLIED
  max_terms = (fh > 0 ? fh : 1) * (fw > 0 ? fw : 1) * (co > 0 ? co : 1);
#endif
  long *ps = malloc(sizeof(long) * (size_t)(oh + 1)), *rs = malloc(sizeof(long) * (size_t)(oh + 1));
  long *qs = malloc(sizeof(long) * (size_t)(ow + 1)), *ss = malloc(sizeof(long) * (size_t)(ow + 1));
  float *dys = malloc(sizeof(float) * (size_t)max_terms), *fs = malloc(sizeof(float) * (size_t)max_terms);
  float *products = malloc(sizeof(float) * (size_t)max_terms);
  if (!ps || !rs || !qs || !ss || !dys || !fs || !products) {
    free(ps), free(rs), free(qs), free(ss), free(dys), free(fs), free(products);
    return 2;
  }

#ifdef MUTANT_STALE_WORKSPACE
  /* A workspace kept between calls and cleared only when it grows. */
  static float *workspace = NULL;
  static long workspace_size = 0;
  if (dx_count > workspace_size) {
    free(workspace);
    workspace = calloc((size_t)dx_count, sizeof(float));
    workspace_size = workspace ? dx_count : 0;
    if (!workspace) return 2;
  }
#endif

  for (long b = 0; b < n_batch; ++b)
    for (long i = 0; i < h_written; ++i) {
      const int rows = axis_taps(0, i, top, sh, fh, oh, h, ps, rs);
      for (long j = 0; j < w; ++j) {
        const int cols = axis_taps(1, j, left, sw, fw, ow, w, qs, ss);
        for (long c = 0; c < ci; ++c) {
          long n = 0;
#ifdef MUTANT_PADDING_ZEROS_MULTIPLIED
          /* dy inflated by the strides and padded with zeros, then every filter tap
             multiplied (the textbook recipe done in float): the zeros are not real terms,
             and 0 * Inf turns a padding position into NaN. */
          (void)rows, (void)cols;
          for (long r = 0; r < fh; ++r)
            for (long s = 0; s < fw; ++s)
              for (long o = 0; o < co; ++o) {
                const long pi = i + top - r, qj = j + left - s;
                const int real = pi >= 0 && qj >= 0 && pi % sh == 0 && qj % sw == 0 && pi / sh < oh && qj / sw < ow;
                dys[n] = real ? dy[dy_at(d, (size_t)b, (size_t)(pi / sh), (size_t)(qj / sw), (size_t)o)] : 0.0f;
                fs[n] = filter[filter_at(d, (size_t)r, (size_t)s, (size_t)c, (size_t)o)];
                ++n;
              }
#else
          for (int a = 0; a < rows; ++a)
            for (int e = 0; e < cols; ++e)
              for (long o = 0; o < co_used; ++o) {
#ifdef MUTANT_BATCH_STUCK
                const long db = 0; /* every batch reads batch 0 of dy */
#else
                const long db = b;
#endif
                const float v = dy[dy_at(d, (size_t)db, (size_t)ps[a], (size_t)qs[e], (size_t)o)];
#ifdef MUTANT_ZERO_DY_SKIPPED
                if (v == 0.0f) continue; /* "zero dy contributes nothing": but 0 * Inf is NaN */
#endif
                dys[n] = v;
#ifdef MUTANT_OVERREAD_DY_TAIL
                fs[n] = o < co ? filter[filter_at(d, (size_t)rs[a], (size_t)ss[e], (size_t)c, (size_t)o)] : 0.0f;
#else
                fs[n] = filter[filter_at(d, (size_t)rs[a], (size_t)ss[e], (size_t)c, (size_t)o)];
#endif
                ++n;
              }
#endif
#ifdef MUTANT_UNWRITTEN_WITHOUT_GRADIENT
          if (rows == 0 || cols == 0) continue; /* no gradient reaches it: left as it was */
#endif
          float value = combine(dys, fs, n, products);
#ifdef MUTANT_SUBNORMAL_FLUSH
          if (fabsf(value) < FLT_MIN) value = copysignf(0.0f, value); /* flush to zero in software */
#endif
#ifdef MUTANT_STALE_WORKSPACE
          value = workspace[dx_at(d, (size_t)b, (size_t)i, (size_t)j, (size_t)c)] += value;
#endif
          dx[dx_at(d, (size_t)b, (size_t)i, (size_t)j, (size_t)c)] = value;
        }
      }
    }
  free(ps), free(rs), free(qs), free(ss), free(dys), free(fs), free(products);
  return 0;
}
