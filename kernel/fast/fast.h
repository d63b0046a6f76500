// The fast Conv2DBackpropInput kernel: fp32, NHWC and NCHW, every padding and stride
// conv-info can produce, real terms only (docs/design.md "Real terms only").
#pragma once

#include "dxcheck_kernel.h"

namespace dxcheck {

// Same contract as dxcheck_backprop_input (dxcheck_kernel.h). Multithreaded inside;
// call it from one thread at a time.
int fast_backprop_input(const dxcheck_conv_desc* desc, const float* dy, const float* filter,
                        float* dx);

// True: each dx element is summed in one fixed order (taps ascending by filter row then
// filter column, out channels ascending, one float FMA chain from +0 per tap group),
// independent of the batch size, the layout and the thread count. So NCHW equals the
// transposed NHWC result and batch splits are bitwise equal, on any data, for a given
// instruction-set path (the AVX-512 and AVX2 paths use FMA and give the same bits; the
// portable path multiplies then adds).
bool fast_order_is_fixed();

// "avx512", "avx2" or "portable": the path this process uses, the widest the CPU has
// unless DXCHECK_FAST_ISA=avx512|avx2|portable|auto asks for another (read once, at the
// first call); a path the CPU lacks falls back to the widest it has.
const char* fast_active_isa();

}  // namespace dxcheck
