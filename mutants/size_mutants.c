/* Size-gated mutation testing (docs/mutation.md, "Real sizes"): one Conv2DBackpropInput
 * plugin with the blocking, tiling and thread split of a production kernel, built once
 * per compile definition. Without a definition it is correct (each dx element summed in
 * double over its real terms, rounded once). Each MUTANT_* definition plants one bug
 * that lives only past a size threshold of the kind real kernels have: a channel tail
 * past a 16-lane block, an out-channel block of 32, a 16-column row tile on rows of 32
 * or more, a batch block of 4, the row where two threads' halves meet once the work is
 * worth splitting (2^22 multiply-adds), 16-row cache blocks on images of 32 rows or
 * more, a stride phase table for strides up to 4, a tap table of 64 (8x8) entries, and
 * a bf16 dot-product path for reductions past 4096 terms. dxcheck's default run must kill
 * each (exit 1) with a small shrunk case. Each BENIGN_* definition blocks or threads the
 * same way, correctly, summing in float: dxcheck must pass it (exit 0). */
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dxcheck_kernel.h"

int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }

enum {
  kLanes = 16,               /* in channels per vector block */
  kOutBlock = 32,            /* out channels per register block of the reduction */
  kTile = 16,                /* dx columns per row tile */
  kTiledWidth = 32,          /* rows this wide or wider are tiled */
  kBatchBlock = 4,           /* batches per block */
  kRowBlock = 16,            /* rows per cache block */
  kBlockedHeight = 32,       /* images this high or higher are row-blocked */
  kStrideTable = 4,          /* strides with a phase table entry */
  kTapTable = 64,            /* filter taps the tap table holds */
  kLongReduction = 4096,     /* reductions past this take the bf16 path */
  kChunk = 512               /* reduction chunk of the split-K benign variant */
};
#define kThreadWork (1L << 22) /* multiply-adds worth splitting between two threads */

typedef struct {
  const dxcheck_conv_desc *d;
  const float *dy, *filter;
  float *dx;
} Job;

static size_t at(int fmt, long b, long i, long j, long c, long height, long width, long channels) {
  if (fmt == DXCHECK_NCHW) return (size_t)(((b * channels + c) * height + i) * width + j);
  return (size_t)(((b * height + i) * width + j) * channels + c);
}

#ifdef MUTANT_LONG_REDUCTION_BF16
/* Round to bfloat16 (nearest even): what the inputs of a bf16 dot product become. */
static float to_bf16(float v) {
  uint32_t bits;
  memcpy(&bits, &v, 4);
  if ((bits & 0x7f800000u) != 0x7f800000u) bits = (bits + 0x7fffu + ((bits >> 16) & 1u)) & 0xffff0000u;
  memcpy(&v, &bits, 4);
  return v;
}
#endif

/* The real taps of dx index i along one axis: pairs (dy index, filter tap). */
static int axis_taps(long i, long pad, long stride, long f, long out, long *ps, long *rs) {
  int n = 0;
  long first = 0;
#ifdef MUTANT_STRIDE_TABLE
  /* The phase of the first tap comes from a table with entries for strides 1..4;
     larger strides read the last entry. */
  {
    const long table_stride = stride < kStrideTable ? stride : kStrideTable;
    first = ((i + pad) % table_stride + table_stride) % table_stride;
  }
#else
  first = ((i + pad) % stride + stride) % stride;
#endif
  for (long r = first; r < f; r += stride) {
    const long num = i + pad - r;
    if (num < 0 || num % stride != 0) continue;
    const long p = num / stride;
    if (p >= out) continue;
    ps[n] = p, rs[n] = r, ++n;
  }
  return n;
}

/* dx element (b, i, j, c) from dy batch dy_b and filter channel filter_c (b and c
   themselves only say where it is stored). */
static float element(const Job *job, long i, long j, long dy_b, long filter_c, long *ps, long *rs, long *qs,
                     long *ss) {
  const dxcheck_conv_desc *d = job->d;
  const long oh = d->out_height, ow = d->out_width, co = d->out_channels, fw = d->filter_width;
  const long ci = d->in_channels;
  const int rows = axis_taps(i, d->pad_top, d->stride_height, d->filter_height, oh, ps, rs);
  const int cols = axis_taps(j, d->pad_left, d->stride_width, fw, ow, qs, ss);
  const long reduction = co * d->filter_height * fw;
  (void)reduction;
#if defined(BENIGN_BLOCKED) || defined(BENIGN_THREADED) || defined(BENIGN_SPLIT_REDUCTION)
  float total = 0.0f, chunk = 0.0f;
  long in_chunk = 0;
#else
  double total = 0.0;
#endif
  for (int a = 0; a < rows; ++a)
    for (int e = 0; e < cols; ++e) {
#ifdef MUTANT_TAP_TABLE
      if (rs[a] * fw + ss[e] >= kTapTable) continue; /* past the table: never visited */
#endif
      for (long o = 0; o < co; ++o) {
        long dy_o = o;
#ifdef MUTANT_OUT_CHANNEL_BLOCK_TAIL
        /* The remainder block reads dy through the previous block's pointer. */
        if (co > kOutBlock && co % kOutBlock != 0 && o >= co - co % kOutBlock) dy_o = o - kOutBlock;
#endif
        float dy = job->dy[at(d->data_format, dy_b, ps[a], qs[e], dy_o, oh, ow, co)];
        float f = job->filter[(((size_t)rs[a] * (size_t)fw + (size_t)ss[e]) * (size_t)ci + (size_t)filter_c) * (size_t)co +
                              (size_t)o];
#ifdef MUTANT_LONG_REDUCTION_BF16
        if (reduction > kLongReduction) dy = to_bf16(dy), f = to_bf16(f);
#endif
#if defined(BENIGN_SPLIT_REDUCTION)
        chunk = fmaf(dy, f, chunk); /* K split into chunks, each summed alone */
        if (++in_chunk == kChunk) total += chunk, chunk = 0.0f, in_chunk = 0;
#elif defined(BENIGN_BLOCKED) || defined(BENIGN_THREADED)
        chunk += dy * f; /* one float accumulator per out-channel block */
        if (++in_chunk == kOutBlock) total += chunk, chunk = 0.0f, in_chunk = 0;
#else
        total += (double)dy * (double)f;
#endif
      }
    }
#if defined(BENIGN_BLOCKED) || defined(BENIGN_THREADED) || defined(BENIGN_SPLIT_REDUCTION)
  return total + chunk;
#else
  return (float)total;
#endif
}

typedef struct {
  const Job *job;
  long row_begin, row_end; /* rows of the flattened (batch, height) range */
  int status;
} Slice;

/* Writes the dx rows [row_begin, row_end) of the flattened (batch, row) range. */
static void *run_slice(void *arg) {
  Slice *slice = arg;
  const Job *job = slice->job;
  const dxcheck_conv_desc *d = job->d;
  const long n = d->batch, h = d->in_height, w = d->in_width, ci = d->in_channels;
  long *ps = malloc(sizeof(long) * (size_t)(d->filter_height + 1)), *rs = malloc(sizeof(long) * (size_t)(d->filter_height + 1));
  long *qs = malloc(sizeof(long) * (size_t)(d->filter_width + 1)), *ss = malloc(sizeof(long) * (size_t)(d->filter_width + 1));
  slice->status = 0;
  if (!ps || !rs || !qs || !ss) {
    slice->status = 2;
    free(ps), free(rs), free(qs), free(ss);
    return NULL;
  }
  (void)n;
  for (long g = slice->row_begin; g < slice->row_end; ++g) {
    long b = g / h, i = g % h;
#ifdef MUTANT_THREAD_SPLIT
    /* The second thread starts one row early in its index arithmetic: its first row is
       computed as the first thread's last. */
    if (slice->row_begin > 0 && g == slice->row_begin) b = (g - 1) / h, i = (g - 1) % h;
#endif
    long dy_b = b;
#ifdef MUTANT_BATCH_TAIL
    /* The remainder batch block reads dy through the previous block's pointer. */
    if (n > kBatchBlock && n % kBatchBlock != 0 && b >= n - n % kBatchBlock) dy_b = b - kBatchBlock;
#endif
    for (long j = 0; j < w; ++j) {
      long value_j = j;
#ifdef MUTANT_ROW_TILE_TAIL
      /* The last tile is computed at the shifted start w - 16 and stored at the unshifted
         one: the remainder columns get the values of columns 16 - w % 16 to their left. */
      if (w >= kTiledWidth && w % kTile != 0 && j >= w - w % kTile) value_j = j - (kTile - w % kTile);
#endif
      for (long c = 0; c < ci; ++c) {
        long filter_c = c;
#ifdef MUTANT_IN_CHANNEL_TAIL
        /* The remainder block of in channels keeps the previous block's filter pointer. */
        if (ci > kLanes && ci % kLanes != 0 && c >= ci - ci % kLanes) filter_c = c - kLanes;
#endif
        float v = element(job, i, value_j, dy_b, filter_c, ps, rs, qs, ss);
#ifdef MUTANT_ROW_BLOCK
        /* The first row of each cache block after the first starts from the accumulator
           the previous row left behind. */
        if (h >= kBlockedHeight && i > 0 && i % kRowBlock == 0) v += element(job, i - 1, j, dy_b, c, ps, rs, qs, ss);
#endif
        job->dx[at(d->data_format, g / h, g % h, j, c, h, w, ci)] = v;
      }
    }
  }
  free(ps), free(rs), free(qs), free(ss);
  return NULL;
}

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy, const float *filter, float *dx) {
  const Job job = {d, dy, filter, dx};
  const long rows = (long)d->batch * d->in_height;
  const double work = (double)rows * d->in_width * d->in_channels * d->out_channels *
                      ((double)d->filter_height / d->stride_height) * ((double)d->filter_width / d->stride_width);
  if (rows <= 0 || d->in_width <= 0 || d->in_channels <= 0) return 0;
  if (work < (double)kThreadWork || rows < 2) {
    Slice all = {&job, 0, rows, 0};
    run_slice(&all);
    return all.status;
  }
  /* Two halves of the rows. */
  Slice halves[2] = {{&job, 0, rows / 2, 0}, {&job, rows / 2, rows, 0}};
#ifdef BENIGN_THREADED
  pthread_t second;
  if (pthread_create(&second, NULL, run_slice, &halves[1]) != 0) return 2;
  run_slice(&halves[0]);
  pthread_join(second, NULL);
#else
  run_slice(&halves[0]);
  run_slice(&halves[1]);
#endif
  return halves[0].status != 0 ? halves[0].status : halves[1].status;
}
