/* Plugins that misbehave on purpose, one per compile definition, for the plugin tests:
 * each must end as docs/design.md "Plugins" says (FAILED with a case string, UNSUPPORTED, or a
 * load error), never as a lost report. */
#include <signal.h>
#include <stddef.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

#include "dxcheck_kernel.h"

#ifdef WRONG_ABI_VERSION
int dxcheck_kernel_abi_version(void) { return 2; }
#else
int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }
#endif

#ifndef NO_SYMBOL
static size_t at(const dxcheck_conv_desc *d, size_t b, size_t i, size_t j, size_t c, size_t height,
                 size_t width, size_t channels) {
  if (d->data_format == DXCHECK_NCHW) return ((b * channels + c) * height + i) * width + j;
  return ((b * height + i) * width + j) * channels + c;
}

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy, const float *filter, float *dx) {
#ifdef DECLINE_ALL
  return 1;
#endif
#ifdef CRASH
  if (d->in_channels > 1) raise(SIGSEGV);
#endif
#ifdef HANG
  if (d->in_channels > 1) for (;;) pause();
#endif
#if defined(SET_FTZ) && defined(__x86_64__)
  _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
  int top = d->pad_top;
#ifdef OFF_BY_ONE_TOP_PAD
  top += 1; /* the known bug: a kernel that misreads the top pad */
#endif
  const size_t h = (size_t)d->in_height, w = (size_t)d->in_width, ci = (size_t)d->in_channels;
  const size_t oh = (size_t)d->out_height, ow = (size_t)d->out_width, co = (size_t)d->out_channels;
  for (size_t b = 0; b < (size_t)d->batch; ++b)
    for (size_t i = 0; i < h; ++i)
      for (size_t j = 0; j < w; ++j)
        for (size_t c = 0; c < ci; ++c) {
          double sum = 0.0;
          for (size_t p = 0; p < oh; ++p) {
            const long r = (long)i + top - (long)p * d->stride_height;
            if (r < 0 || r >= d->filter_height) continue;
            for (size_t q = 0; q < ow; ++q) {
              const long s = (long)j + d->pad_left - (long)q * d->stride_width;
              if (s < 0 || s >= d->filter_width) continue;
              for (size_t o = 0; o < co; ++o)
                sum += (double)dy[at(d, b, p, q, o, oh, ow, co)] *
                       (double)filter[(((size_t)r * (size_t)d->filter_width + (size_t)s) * ci + c) * co + o];
            }
          }
          dx[at(d, b, i, j, c, h, w, ci)] = (float)sum;
        }
  return 0;
}
#endif
