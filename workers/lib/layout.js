// layout.js — exact rearrangements between dxcheck's desc and other APIs' conventions:
// NHWC <-> NCHW transposes and TFJS's explicit-pad attributes. Pure data movement, so a
// mapping built from these changes no bit.
'use strict';

// [N, H, W, C] -> [N, C, H, W]
function nhwcToNchw(src, n, h, w, c, dst = new Float32Array(n * h * w * c)) {
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) dst[((b * c + k) * h + y) * w + x] = src[((b * h + y) * w + x) * c + k];
  return dst;
}

// [N, C, H, W] -> [N, H, W, C]
function nchwToNhwc(src, n, c, h, w, dst = new Float32Array(n * h * w * c)) {
  for (let b = 0; b < n; b++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) dst[((b * h + y) * w + x) * c + k] = src[((b * c + k) * h + y) * w + x];
  return dst;
}

// TFJS attributes that make computeConv2DInfo reproduce the desc exactly: explicit pads
// with the desc's implied bottom/right ((out-1)*stride + f - in - top, possibly negative,
// which TFJS accepts as cropping) give outHeight = trunc((in - f + top + bottom)/stride + 1)
// = trunc(out - 1 + 1) = out, and padInfo.top/left = the desc's. Every profile's
// geometry (tfjs and peraxis) is expressible this way; the numeric-pad quirk never applies.
function tfjsAttrsOf(d, shapes) {
  const rows = [d.pad_top, d.pad_bottom], cols = [d.pad_left, d.pad_right];
  const nchw = d.data_format === 1;
  return {
    inputShape: shapes.dx,
    strides: [d.stride_height, d.stride_width],
    pad: nchw ? [[0, 0], [0, 0], rows, cols] : [[0, 0], rows, cols, [0, 0]],
    dataFormat: nchw ? 'NCHW' : 'NHWC',
  };
}

module.exports = { nhwcToNchw, nchwToNhwc, tfjsAttrsOf };
