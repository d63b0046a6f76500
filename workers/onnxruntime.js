#!/usr/bin/env node
// onnxruntime.js — a dxcheck worker (docs/worker-protocol.md) running ONNX Runtime's CPU
// ConvTranspose (npm onnxruntime-node, its bundled native library) on a one-node model
// built per geometry (lib/onnx_model.js).
//
// The mapping from the desc, exact or declined:
// - ONNX ConvTranspose is NCHW only: NHWC dy is transposed to NCHW and dx back (copies).
// - Its weight is [dy channels, dx channels, fh, fw] and it is the adjoint of Conv with the
//   same weight, so W[o][c][r][s] = F[r][s][c][o]: a permutation, no flip.
// - pads are [top, left, bottom, right] and must be >= 0; the output size is
//   stride*(in-1) + output_padding + kernel - pad_begin - pad_end. A negative desc pad
//   means dx rows (columns) that no term reaches, i.e. zeros: ONNX Runtime is called with
//   that pad raised to 0, and the rows are added around its output — at the far end
//   through output_padding when fewer than the stride (ONNX Runtime writes those zeros
//   itself), otherwise by this worker. Where no dx row (or column) remains for ONNX Runtime
//   (its output size would be <= 0), or dy is empty (out size 0, which ONNX Runtime
//   rejects), the case is declined: the API cannot express it.
// - dx is a preallocated output tensor over a buffer filled with the request's canary, with
//   a NaN guard zone after it (checked after the call); dy and the weight lie in buffers
//   with NaN guard zones too (an over-read poisons dx), and are checked unchanged.
// - One thread (intra- and inter-op), default graph optimisation.
'use strict';
const { serve, Decline, count } = require('./lib/protocol');
const { nhwcToNchw, nchwToNhwc } = require('./lib/layout');
const { oneNodeModel } = require('./lib/onnx_model');
const { convTransposeReference } = require('./lib/conv_transpose_reference');

// `--engine reference`: the same mapping around lib/conv_transpose_reference.js instead of
// ONNX Runtime (the adapter's self-test: it must give TFJS's bits).
const engine = process.argv[2] === '--engine' ? process.argv[3] : 'onnxruntime';

const GUARD = 64;  // floats after each buffer
const INPUT_GUARD_BITS = 0x7fc0dead, DX_GUARD_BITS = 0x7fc0beef;
const SESSION_CACHE = 32;

let ort = null;
const sessions = new Map();  // geometry key -> InferenceSession, least recently used first

// A Float32Array view of `n` floats followed by a guard zone of `bits`.
function guarded(n, bits) {
  const storage = new Float32Array(n + GUARD);
  new Uint32Array(storage.buffer, 4 * n).fill(bits);
  return { view: storage.subarray(0, n), storage, n, bits };
}
function guardIntact(g) {
  return new Uint32Array(g.storage.buffer, 4 * g.n).every(b => b === g.bits);
}
function sameBits(a, b) {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

// One spatial axis: ONNX pads and output_padding, and where ONNX Runtime's rows go in dx.
function axisPlan(size, out, kernel, stride, begin, end, name) {
  const front = Math.max(0, -begin), back = Math.max(0, -end);
  const outputPadding = back > 0 && back < stride ? back : 0;
  const ortSize = size - front - back + outputPadding;
  if (size - front - back <= 0 && size > 0) {
    // The reason is the same text for every such case: reports count declines per reason.
    throw new Decline(`no dx ${name} receives a term (negative pads crop them all): ` +
                      'ONNX ConvTranspose cannot produce an output of size <= 0');
  }
  return { pads: [Math.max(0, begin), Math.max(0, end)], outputPadding, front, ortSize, out, kernel, stride };
}

async function session(key, model) {
  let s = sessions.get(key);
  if (s) {
    sessions.delete(key);
  } else {
    s = await ort.InferenceSession.create(model(), { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
    if (sessions.size >= SESSION_CACHE) {
      const [oldKey, old] = sessions.entries().next().value;
      sessions.delete(oldKey);
      await old.release();
    }
  }
  sessions.set(key, s);
  return s;
}

async function compute(request) {
  const d = request.desc;
  const N = d.batch, C = d.in_channels, O = d.out_channels, nchw = d.data_format === 1;
  if (count(request.shapes.dx) === 0) return new Float32Array(0);  // nothing to write; ORT takes empty tensors, but there is nothing to check
  const rows = axisPlan(d.in_height, d.out_height, d.filter_height, d.stride_height, d.pad_top, d.pad_bottom, 'row');
  const cols = axisPlan(d.in_width, d.out_width, d.filter_width, d.stride_width, d.pad_left, d.pad_right, 'column');
  if (d.out_height === 0 || d.out_width === 0) {
    // Observed with 1.30.0: "Computed output shape is inconsistent with input spatial
    // dimensions ... Expected input size 1 but got 0" once output_padding is involved.
    throw new Decline('dy is empty (out size 0): ONNX Runtime\'s ConvTranspose does not take an empty spatial input');
  }

  const xShape = [N, O, d.out_height, d.out_width], wShape = [O, C, d.filter_height, d.filter_width];
  const yShape = [N, C, rows.ortSize, cols.ortSize];
  const x = guarded(count(xShape), INPUT_GUARD_BITS), w = guarded(count(wShape), INPUT_GUARD_BITS);
  const y = guarded(count(yShape), DX_GUARD_BITS);
  if (nchw) x.view.set(request.dy.data);
  else nhwcToNchw(request.dy.data, N, d.out_height, d.out_width, O, x.view);
  const F = request.filter.data, fh = d.filter_height, fw = d.filter_width;
  for (let r = 0; r < fh; r++)
    for (let s = 0; s < fw; s++)
      for (let c = 0; c < C; c++)
        for (let o = 0; o < O; o++) w.view[((o * C + c) * fh + r) * fw + s] = F[((r * fw + s) * C + c) * O + o];
  new Uint32Array(y.view.buffer, 0, y.n).fill(request.canary);
  const xCopy = x.view.slice(), wCopy = w.view.slice();

  const attributes = {
    kernel_shape: [fh, fw], strides: [d.stride_height, d.stride_width],
    pads: [rows.pads[0], cols.pads[0], rows.pads[1], cols.pads[1]],
    output_padding: [rows.outputPadding, cols.outputPadding], dilations: [1, 1], group: 1,
  };
  if (engine === 'reference') {
    y.view.set(convTransposeReference(x.view, xShape, w.view, wShape,
                                      { strides: attributes.strides, pads: attributes.pads, outputPadding: attributes.output_padding }));
  } else {
    const key = JSON.stringify([xShape, wShape, yShape, attributes]);
    const s = await session(key, () => oneNodeModel({ opType: 'ConvTranspose', opset: 17, attributes, xShape, wShape, yShape }));
    await s.run({ X: new ort.Tensor('float32', x.view, xShape), W: new ort.Tensor('float32', w.view, wShape) },
                { Y: new ort.Tensor('float32', y.view, yShape) });
  }
  if (!guardIntact(y)) throw new Error('ONNX Runtime wrote past the end of dx');
  if (!guardIntact(x) || !guardIntact(w) || !sameBits(x.view, xCopy) || !sameBits(w.view, wCopy)) {
    throw new Error('ONNX Runtime changed its inputs');
  }

  // ORT's rows and columns into an NCHW dx of the desc's size; the rest are zeros.
  const H = d.in_height, W = d.in_width;
  let dx = y.view;
  if (rows.ortSize !== H || cols.ortSize !== W) {
    dx = new Float32Array(N * C * H * W);
    for (let b = 0; b < N * C; b++)
      for (let i = 0; i < rows.ortSize; i++) {
        const from = (b * rows.ortSize + i) * cols.ortSize;
        dx.set(y.view.subarray(from, from + cols.ortSize), (b * H + i + rows.front) * W + cols.front);
      }
  }
  return nchw ? Float32Array.from(dx) : nchwToNhwc(dx, N, C, H, W);
}

serve({
  load: () => {
    if (engine !== 'onnxruntime' && engine !== 'reference') throw new Error(`unknown engine '${engine}'`);
    if (engine === 'onnxruntime') ort = require('onnxruntime-node');
  },
  hello: () => ({
    kernel: engine === 'reference' ? 'onnxruntime-mapping' : 'onnxruntime',
    implementation: engine === 'reference'
      ? `the onnxruntime worker's mapping around a TFJS-order ConvTranspose in JavaScript (node ${process.version})`
      : `onnxruntime-node@${require('onnxruntime-node/package.json').version} (CPU execution provider, ` +
        `1 thread, ConvTranspose opset 17, node ${process.version})`,
    canary: true,
    extensions: [],
  }),
  compute,
});
