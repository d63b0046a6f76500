/* dxcheck kernel C ABI, version 1.
 *
 * How any Conv2DBackpropInput kernel (built in, oneDNN, a user's own) is put under
 * test. A plugin is a shared library exporting dxcheck_backprop_input and, optionally,
 * dxcheck_kernel_abi_version (returns DXCHECK_KERNEL_ABI_VERSION) and
 * dxcheck_kernel_message (the reason for its last decline or error). */
#ifndef DXCHECK_KERNEL_H
#define DXCHECK_KERNEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DXCHECK_KERNEL_ABI_VERSION 1

enum {
  DXCHECK_NHWC = 0,
  DXCHECK_NCHW = 1
};

enum {
  DXCHECK_OK = 0,
  DXCHECK_UNSUPPORTED = 1 /* the kernel declines the case; any other nonzero is a failure */
};

typedef struct dxcheck_conv_desc {
  int32_t abi_version;                      /* 1 */
  int32_t batch;
  int32_t in_height, in_width, in_channels; /* dx, the forward input */
  int32_t out_height, out_width, out_channels; /* dy */
  int32_t filter_height, filter_width;
  int32_t stride_height, stride_width;
  int32_t pad_top, pad_left;                /* resolved by conv-info */
  int32_t pad_bottom, pad_right;            /* implied: (out-1)*stride + f - in - top; may be < 0 */
  int32_t data_format;                      /* 0 NHWC, 1 NCHW: layout of dy and dx */
} dxcheck_conv_desc;

/* dy and dx in data_format layout, filter [fh][fw][in_c][out_c], dense float32,
   4-byte aligned (no more is promised). Writes every element of dx. Called from one
   thread at a time. Returns 0 on success, 1 when the kernel declines the case
   (UNSUPPORTED), anything else for an internal error (a failure). */
typedef int (*dxcheck_backprop_input_fn)(const dxcheck_conv_desc *d, const float *dy,
                                         const float *filter, float *dx);

int dxcheck_backprop_input(const dxcheck_conv_desc *d, const float *dy,
                           const float *filter, float *dx);
int dxcheck_kernel_abi_version(void);

/* Optional: why the last call of dxcheck_backprop_input returned nonzero (the reason it
   declined, or its error), as a short sentence, or NULL for none. Read right after
   that call, from the same thread; dxcheck reports declines counted per reason. A
   kernel without it still works: its declines then carry no reason. */
typedef const char *(*dxcheck_kernel_message_fn)(void);
const char *dxcheck_kernel_message(void);

#ifdef __cplusplus
}
#endif

#endif /* DXCHECK_KERNEL_H */
