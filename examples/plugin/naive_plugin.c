/* A minimal dxcheck plugin: Conv2DBackpropInput as a plain scatter loop in C, summing
 * in double. Build it (see CMakeLists.txt here) and check it with
 *   dxcheck run --kernel lib:/path/to/libnaive_plugin.so
 */
#include <stddef.h>
#include <string.h>

#include "dxcheck_kernel.h"

int dxcheck_kernel_abi_version(void) { return DXCHECK_KERNEL_ABI_VERSION; }

/* Offset of element (b, i, j, c) of a [batch, height, width, channels] tensor stored
 * in the desc's layout. */
static size_t at(const dxcheck_conv_desc *d, size_t b, size_t i, size_t j, size_t c,
                 size_t height, size_t width, size_t channels) {
  if (d->data_format == DXCHECK_NCHW) return ((b * channels + c) * height + i) * width + j;
  return ((b * height + i) * width + j) * channels + c;
}

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy, const float *filter,
                           float *dx) {
  const size_t h = (size_t)d->in_height, w = (size_t)d->in_width, ci = (size_t)d->in_channels;
  const size_t oh = (size_t)d->out_height, ow = (size_t)d->out_width, co = (size_t)d->out_channels;
  for (size_t b = 0; b < (size_t)d->batch; ++b)
    for (size_t i = 0; i < h; ++i)
      for (size_t j = 0; j < w; ++j)
        for (size_t c = 0; c < ci; ++c) {
          double sum = 0.0;
          /* Only real terms: dy element (p, q) reaches dx (i, j) through filter tap
             (r, s) = (i + top - p*sh, j + left - q*sw) when that tap exists. */
          for (size_t p = 0; p < oh; ++p) {
            const long r = (long)i + d->pad_top - (long)p * d->stride_height;
            if (r < 0 || r >= d->filter_height) continue;
            for (size_t q = 0; q < ow; ++q) {
              const long s = (long)j + d->pad_left - (long)q * d->stride_width;
              if (s < 0 || s >= d->filter_width) continue;
              for (size_t o = 0; o < co; ++o) {
                const float f = filter[(((size_t)r * (size_t)d->filter_width + (size_t)s) * ci + c) * co + o];
                sum += (double)dy[at(d, b, p, q, o, oh, ow, co)] * (double)f;
              }
            }
          }
          dx[at(d, b, i, j, c, h, w, ci)] = (float)sum;
        }
  return 0;
}
