#!/usr/bin/env node
// tfjs.js BACKEND — a dxcheck worker (docs/worker-protocol.md) running TensorFlow.js's own
// Conv2DBackpropInput kernel: BACKEND 'cpu' (@tensorflow/tfjs-backend-cpu, dxcheck's
// reference semantics: expected bit for bit) or 'wasm' (@tensorflow/tfjs-backend-wasm).
//
// The desc maps to TFJS attributes exactly (lib/layout.js: explicit pads with the implied
// bottom/right), and the call is tf.engine().runKernel('Conv2DBackpropInput', {dy, filter},
// attrs): the kernel alone, no op checks.
//
// Extension "tfjs-attrs" (for `dxcheck tfjs-diff`): a request with
//   "tfjs": {"attrs": {TFJS's attributes, as in dxcheck-vector/1}, "via": "op" | "kernel"}
// runs those attributes instead of the desc's: "op" through TFJS's op checks
// (tf.conv2dTranspose for NHWC, the internal op conv2DBackpropInput for NCHW), "kernel"
// through runKernel; a TFJS exception is the response's "error", TFJS's message verbatim.
// A stride of 0 with a pad other than 'same' makes TFJS loop forever (out size Infinity):
// such a request is answered with an error instead of being run.
'use strict';
const { serve } = require('./lib/protocol');
const { tfjsAttrsOf } = require('./lib/layout');
const { loadTf, loadInternalOp } = require('./lib/tfjs_env');

const backend = process.argv[2];
let tf = null, internalOp = null, implementation = '';

function wouldHang(attrs) {
  const s = attrs.strides;  // parseTupleParam: a number s -> (s, s), an array -> its first two
  const pair = typeof s === 'number' ? [s, s] : Array.isArray(s) ? [s[0], s[1]] : [];
  return pair.some(v => v === 0) && attrs.pad !== 'same';
}

function runTfjs(dy, filter, attrs, via) {
  if (via === 'kernel') {
    const a = { inputShape: attrs.inputShape, strides: attrs.strides, pad: attrs.pad, dataFormat: attrs.dataFormat };
    if (attrs.dimRoundingMode !== undefined) a.dimRoundingMode = attrs.dimRoundingMode;
    return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, a);
  }
  if (attrs.dataFormat === 'NHWC') {
    return tf.conv2dTranspose(dy, filter, attrs.inputShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  }
  return internalOp(attrs.inputShape, dy, filter, attrs.strides, attrs.pad, attrs.dataFormat, attrs.dimRoundingMode);
}

function compute(request) {
  const extension = request.raw.tfjs;
  let attrs = tfjsAttrsOf(request.desc, request.shapes), via = 'kernel';
  if (extension !== undefined) {
    if (extension === null || typeof extension !== 'object' || typeof extension.attrs !== 'object') {
      throw new Error('worker: "tfjs" needs "attrs"');
    }
    attrs = extension.attrs;
    via = extension.via === undefined ? 'op' : extension.via;
    if (via !== 'op' && via !== 'kernel') throw new Error('worker: tfjs.via must be "op" or "kernel"');
    if (wouldHang(attrs)) {
      throw new Error(`worker: not run: strides ${JSON.stringify(attrs.strides)} with pad ` +
                      `${JSON.stringify(attrs.pad)} make TFJS loop forever (out size Infinity)`);
    }
  }
  const dy = tf.tensor(request.dy.data, request.dy.shape, 'float32');
  const filter = tf.tensor(request.filter.data, request.filter.shape, 'float32');
  let result = null;
  try {
    result = runTfjs(dy, filter, attrs, via);
    // dataSync copies out of the backend (for wasm: out of its heap), bits unchanged.
    return { data: Float32Array.from(result.dataSync()), shape: result.shape.slice() };
  } finally {
    dy.dispose();
    filter.dispose();
    if (result) result.dispose();
  }
}

serve({
  load: async () => {
    ({ tf, implementation } = await loadTf(backend));
    internalOp = await loadInternalOp(tf);
  },
  // TFJS allocates dx itself (cpu: a zero-filled Float32Array; wasm: its heap): the
  // request's canary cannot reach the kernel's buffer.
  hello: () => ({ kernel: `tfjs-${backend}`, implementation, canary: false, extensions: ['tfjs-attrs'] }),
  compute,
});
