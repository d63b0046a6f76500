// conv_transpose_reference.js — ONNX ConvTranspose (NCHW, group 1, dilation 1) computed in
// JavaScript in TFJS's CPU order and precision: per output element a double accumulator
// from +0, terms over input rows ascending, then columns ascending, then input channels
// ascending, one rounding to float32. The onnxruntime worker runs it instead of ONNX
// Runtime with `--engine reference`: its mapping (transposes, weight permutation, pads,
// output_padding, rows put back) must then give TFJS's bits exactly — the adapter's
// self-test, kernel `onnxruntime-mapping`.
'use strict';

// x [N, M, ih, iw], w [M, C, kh, kw], pads [top, left, bottom, right] >= 0,
// output_padding [ph, pw]; returns y [N, C, oh, ow] with oh = s*(ih-1) + ph + kh - top - bottom.
function convTransposeReference(x, xShape, w, wShape, { strides, pads, outputPadding }) {
  const [N, M, ih, iw] = xShape, [, C, kh, kw] = wShape;
  const [sh, sw] = strides, [top, left, bottom, right] = pads;
  const oh = sh * (ih - 1) + outputPadding[0] + kh - top - bottom;
  const ow = sw * (iw - 1) + outputPadding[1] + kw - left - right;
  const y = new Float32Array(N * C * oh * ow);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let acc = 0;  // a double, +0: an empty sum stays +0
          for (let p = 0; p < ih; p++) {
            const r = i + top - p * sh;
            if (r < 0 || r >= kh) continue;
            for (let q = 0; q < iw; q++) {
              const s = j + left - q * sw;
              if (s < 0 || s >= kw) continue;
              for (let m = 0; m < M; m++) {
                acc += x[((n * M + m) * ih + p) * iw + q] * w[((m * C + c) * kh + r) * kw + s];
              }
            }
          }
          y[((n * C + c) * oh + i) * ow + j] = acc;
        }
  return y;
}

module.exports = { convTransposeReference };
