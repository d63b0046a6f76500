#!/usr/bin/env node
// make_vectors.js — golden vectors (docs/design.md "The vector file (dxcheck-vector/1)") from the real
// @tensorflow/tfjs-backend-cpu 4.22.0 under node. Writes corpus/tfjs/vectors/*.json (the folder is
// emptied of *.json first), deterministic: a fixed seed, one PRNG stream per vector derived
// from the seed and the vector's name, so re-running reproduces every file byte for byte.
//
// Success vectors: dy shape = computeConv2DInfo(...).outShape (TFJS's own conv-info), dx =
//   tf.engine().runKernel('Conv2DBackpropInput', {dy, filter},
//                         {inputShape, strides, pad, dataFormat, dimRoundingMode})
//   on the cpu backend. Every success vector is also run through the op (tf.conv2dTranspose
//   for NHWC, the internal op conv2DBackpropInput for NCHW, see tfjs_env.js), which must
//   accept it and give the same bits: no success vector is one the op rejects.
//   Never emitted (dxcheck is stricter than TFJS there, see docs/tfjs-differences.md): dy
//   shapes other than conv-info's, strides < 1 or non-integer, non-integer or negative
//   dims (incl. negative out sizes), explicit-pad batch/channel entries != 0, non-integer
//   pads, rank-3 tensors.
// Error vectors: the op's (or, through the op, the kernel's) message as expect.error.
//
// Numbers: float32 values written as the shortest decimal of the value as a double
// (JSON.stringify(Math.fround(v))), which round-trips to the same float32; NaN, +Inf, -Inf
// and -0 as the strings "NaN", "Infinity", "-Infinity", "-0".
'use strict';
const fs = require('fs');
const path = require('path');
const { loadTf, loadInternalOp } = require('./tfjs_env');
const { hashStr, makeRng, enc, pow2, FILLS, fillTensors } = require('./vector_data');

const SEED = 0x5eed2024;
const SOURCE = '@tensorflow/tfjs-backend-cpu@4.22.0';
// The data these tools make lives in corpus/tfjs/, apart from the tools.
const OUT_DIR = path.join(__dirname, '..', '..', 'corpus', 'tfjs', 'vectors');

// ---------------------------------------------------------------- TFJS
const { tf } = loadTf();
const bu = tf.backend_util;
let internalOp = null;

function explicitPad(layout, t, b, l, r) {
  return layout === 'NHWC' ? [[0, 0], [t, b], [l, r], [0, 0]] : [[0, 0], [0, 0], [t, b], [l, r]];
}
function padName(pad, layout) {
  if (typeof pad === 'string') return pad;
  if (typeof pad === 'number') return 'p' + pad;
  const [tb, lr] = layout === 'NHWC' ? [pad[1], pad[2]] : [pad[2], pad[3]];
  return 'e' + [tb[0], tb[1], lr[0], lr[1]].map(v => (v < 0 ? 'm' + -v : '' + v)).join('.');
}
function convInfo(g) {
  const inputShape = g.layout === 'NHWC' ? [g.N, g.H, g.W, g.C] : [g.N, g.C, g.H, g.W];
  const ci = bu.computeConv2DInfo(inputShape, [g.fh, g.fw, g.C, g.O], [g.sh, g.sw], 1, g.pad,
                                  g.mode, false, g.layout === 'NHWC' ? 'channelsLast' : 'channelsFirst');
  return { inputShape, ci, dyShape: ci.outShape.map(v => v + 0) /* -0 -> 0 */ };
}
const prod = s => s.reduce((a, b) => a * b, 1);

function runKernel(attrs, dyShape, dyData, fShape, fData) {
  const dy = tf.tensor(dyData, dyShape, 'float32');
  const filter = tf.tensor(fData, fShape, 'float32');
  try {
    const a = { inputShape: attrs.inputShape, strides: attrs.strides, pad: attrs.pad, dataFormat: attrs.dataFormat };
    if (attrs.dimRoundingMode !== undefined) a.dimRoundingMode = attrs.dimRoundingMode;
    const r = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, a);
    const out = { shape: r.shape.slice(), data: r.dataSync().slice() };
    r.dispose();
    return out;
  } finally { dy.dispose(); filter.dispose(); }
}
// The op route: public tf.conv2dTranspose for NHWC, the internal op for NCHW.
function runOp(attrs, dyShape, dyData, fShape, fData) {
  const dy = tf.tensor(dyData, dyShape, 'float32');
  const filter = tf.tensor(fData, fShape, 'float32');
  try {
    const r = attrs.dataFormat === 'NHWC'
      ? tf.conv2dTranspose(dy, filter, attrs.inputShape, attrs.strides, attrs.pad, attrs.dimRoundingMode)
      : internalOp(attrs.inputShape, dy, filter, attrs.strides, attrs.pad, attrs.dataFormat, attrs.dimRoundingMode);
    const out = { shape: r.shape.slice(), data: r.dataSync().slice() };
    r.dispose();
    return out;
  } finally { dy.dispose(); filter.dispose(); }
}

// ---------------------------------------------------------------- writing
const written = new Map(); // name -> class
const counts = {};
function bump(k) { counts[k] = (counts[k] || 0) + 1; }
function writeVector(name, v, cls) {
  if (written.has(name)) throw new Error('duplicate vector name ' + name);
  const L = [];
  L.push('{"format": "dxcheck-vector/1",');
  L.push(' "source": ' + JSON.stringify(SOURCE) + ',');
  L.push(' "attrs": ' + JSON.stringify(v.attrs) + ',');
  L.push(' "dy": ' + JSON.stringify({ shape: v.dy.shape, data: Array.from(v.dy.data, enc) }) + ',');
  L.push(' "filter": ' + JSON.stringify({ shape: v.filter.shape, data: Array.from(v.filter.data, enc) }) + ',');
  if (v.expect.error !== undefined) L.push(' "expect": ' + JSON.stringify({ error: v.expect.error }) + '}');
  else L.push(' "expect": {"dx": ' + JSON.stringify({ shape: v.expect.dx.shape, data: Array.from(v.expect.dx.data, enc) }) + '}}');
  fs.writeFileSync(path.join(OUT_DIR, name + '.json'), L.join('\n') + '\n');
  written.set(name, cls);
  bump(cls);
}

function attrsOf(g, inputShape) {
  const attrs = { inputShape, strides: [g.sh, g.sw], pad: g.pad, dataFormat: g.layout };
  if (g.mode !== undefined) attrs.dimRoundingMode = g.mode;
  return attrs;
}

function sameBits(a, b) {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(Float32Array.from(a).buffer), y = new Uint32Array(Float32Array.from(b).buffer);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  }
  return true;
}

// Scatter-form reference in double (docs/tfjs-semantics.md "1.2 The kernel, step by step")
// with TFJS's own pT, pL, oH, oW; exact for the int and subnormal fills, so it must equal the
// kernel bit for bit.
function scatterRef(g, ci, dy, F) {
  const { N, H, W, C, fh, fw, O, sh, sw } = g;
  const oh = ci.outHeight, ow = ci.outWidth, pT = ci.padInfo.top, pL = ci.padInfo.left;
  const nhwc = g.layout === 'NHWC';
  const dyIdx = (b, p, q, o) => (nhwc ? ((b * oh + p) * ow + q) * O + o : ((b * O + o) * oh + p) * ow + q);
  const dxIdx = (b, i, j, c) => (nhwc ? ((b * H + i) * W + j) * C + c : ((b * C + c) * H + i) * W + j);
  const acc = new Float64Array(N * H * W * C);
  for (let b = 0; b < N; b++) for (let p = 0; p < oh; p++) for (let q = 0; q < ow; q++)
    for (let r = 0; r < fh; r++) for (let s = 0; s < fw; s++) {
      const i = p * sh - pT + r, j = q * sw - pL + s;
      if (i < 0 || i >= H || j < 0 || j >= W) continue;
      for (let c = 0; c < C; c++) for (let o = 0; o < O; o++)
        acc[dxIdx(b, i, j, c)] += dy[dyIdx(b, p, q, o)] * F[((r * fw + s) * C + c) * O + o];
    }
  return Float32Array.from(acc);
}

let serial = 0;
// g: {layout, N,H,W,C, fh,fw,O, sh,sw, pad, mode, fill}; cls: class label for the counts.
// data: optional {dy, F} to use instead of a fill.
function successVector(g, cls, data) {
  const { inputShape, ci, dyShape } = convInfo(g);
  if (dyShape.some(d => d < 0 || !Number.isInteger(d))) throw new Error('inexpressible dy shape ' + dyShape);
  const fShape = [g.fh, g.fw, g.C, g.O];
  const base = `${g.layout.toLowerCase()}_${padName(g.pad, g.layout)}${g.mode ? '_' + g.mode : ''}` +
               `_s${g.sh}x${g.sw}_k${g.fh}x${g.fw}_${g.fill}`;
  const name = `${base}_${String(serial++).padStart(3, '0')}`;
  const rng = makeRng(hashStr(name, SEED));
  const termsMax = Math.ceil(g.fh / g.sh) * Math.ceil(g.fw / g.sw) * g.O;
  const { dy, F } = data || fillTensors(g.fill, rng, prod(dyShape), prod(fShape), termsMax);
  const attrs = attrsOf(g, inputShape);
  const dx = runKernel(attrs, dyShape, dy, fShape, F);
  if (JSON.stringify(dx.shape) !== JSON.stringify(inputShape)) throw new Error('dx shape ' + dx.shape);
  if (g.fill === 'int' || g.fill === 'subnormal') {
    const ref = scatterRef(g, ci, dy, F);
    if (!sameBits(dx.data, ref)) throw new Error(name + ': kernel differs from the exact scatter reference');
  }
  const viaOp = runOp(attrs, dyShape, dy, fShape, F);
  if (!sameBits(dx.data, viaOp.data)) throw new Error(name + ': op and kernel differ');
  writeVector(name, { attrs, dy: { shape: dyShape, data: dy }, filter: { shape: fShape, data: F },
                      expect: { dx } }, cls);
  bump('fill:' + g.fill);
  bump('layout:' + g.layout);
  bump('pad:' + (typeof g.pad === 'string' ? g.pad : typeof g.pad === 'number' ? 'numeric' : 'explicit'));
  bump('mode:' + (g.mode || 'absent'));
  return { name, ci, dx };
}

// ---------------------------------------------------------------- geometry helpers
const G = makeRng(SEED); // drives the choice of geometries (not data)
let fillRot = 0;
const nextFill = () => FILLS[fillRot++ % FILLS.length];

function dims(g) { const { ci } = convInfo(g); return ci; }
function sizeOk(g, maxElems) {
  const { inputShape, dyShape } = convInfo(g);
  return prod(inputShape) <= maxElems && prod(dyShape) <= maxElems && g.fh * g.fw * g.C * g.O <= maxElems;
}
// Random geometry with overrides; `accept` filters; requires non-empty dy unless allowEmpty.
// The fill is chosen once per call (rotating through FILLS) unless the override names one.
function geometry(over, accept = () => true, allowEmpty = false, maxElems = 360) {
  const fill = nextFill();
  for (let tries = 0; tries < 5000; tries++) {
    const g = Object.assign({
      layout: G.pick(['NHWC', 'NCHW']), N: G.int(1, 2), H: G.int(1, 9), W: G.int(1, 9), C: G.int(1, 4),
      fh: G.int(1, 5), fw: G.int(1, 5), O: G.int(1, 4), sh: G.int(1, 3), sw: G.int(1, 3),
      pad: 'same', mode: undefined, fill,
    }, typeof over === 'function' ? over() : over);
    let ci;
    try { ci = dims(g); } catch (e) { continue; }
    if (ci.outHeight < 0 || ci.outWidth < 0) continue;
    if (!allowEmpty && (ci.outHeight === 0 || ci.outWidth === 0 || g.N === 0)) continue;
    if (!sizeOk(g, maxElems)) continue;
    if (!accept(g, ci)) continue;
    return g;
  }
  throw new Error('no geometry for ' + JSON.stringify(over));
}
function modeChanges(g) {
  if (g.mode === undefined || typeof g.pad === 'string') return true;
  const t = dims(Object.assign({}, g, { mode: undefined }));
  const m = dims(g);
  return t.outHeight !== m.outHeight || t.outWidth !== m.outWidth;
}

// ---------------------------------------------------------------- error vectors
function errorVector(name, layout, inputShape, dyShape, fShape, strides, pad, mode, cls) {
  const rng = makeRng(hashStr(name, SEED));
  const dy = Float32Array.from({ length: prod(dyShape) }, () => rng.int(-8, 8));
  const F = Float32Array.from({ length: prod(fShape) }, () => rng.int(-8, 8));
  const attrs = { inputShape, strides, pad, dataFormat: layout };
  if (mode !== undefined) attrs.dimRoundingMode = mode;
  let msg = null;
  try { runOp(attrs, dyShape, dy, fShape, F); } catch (e) { msg = e.message; }
  if (msg === null) throw new Error(name + ': TFJS accepted it');
  writeVector(name, { attrs, dy: { shape: dyShape, data: dy }, filter: { shape: fShape, data: F },
                      expect: { error: msg } }, cls);
  return msg;
}

// ---------------------------------------------------------------- main
async function main() {
  internalOp = await loadInternalOp();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.json')) fs.unlinkSync(path.join(OUT_DIR, f));

  const LAYOUTS = ['NHWC', 'NCHW'];
  const MODES = [undefined, 'floor', 'round', 'ceil'];

  // A. Pad forms x rounding modes x layouts.
  for (const layout of LAYOUTS) {
    for (const pad of ['valid', 'same']) {
      for (let i = 0; i < 8; i++) successVector(geometry({ layout, pad, fh: G.int(1, 7), fw: G.int(1, 7) }), 'padform');
    }
    for (const p of [0, 1, 2, 3]) {
      for (const mode of MODES) {
        for (let i = 0; i < 4; i++) {
          // round/ceil: a geometry where the mode changes oh or ow (floor differs from trunc
          // only for negative sizes, which no vector can carry).
          const fill = nextFill();
          const g = geometry(() => ({ layout, pad: p, mode, fill, sh: G.int(1, 4), sw: G.int(1, 4) }),
                             (g) => mode === 'floor' || modeChanges(g));
          successVector(g, 'padform');
        }
      }
    }
    const EXPLICIT = [[0, 0, 0, 0], [1, 0, 0, 2], [0, 1, 0, 1], [2, 0, 3, 1], [1, 1, 1, 1], [0, 3, 2, 0],
                      [-1, 0, 0, -1], [-1, 2, 1, -2], [3, 3, 0, 0], [4, 0, 0, 5], [0, 0, 4, 4], [2, -1, -1, 2]];
    for (const [t, b, l, r] of EXPLICIT) {
      for (const mode of MODES) {
        const fill = nextFill();
        const g = geometry(() => ({ layout, pad: explicitPad(layout, t, b, l, r), mode, fill,
                                    sh: G.int(1, 4), sw: G.int(1, 4) }),
                           (g) => mode === 'floor' || modeChanges(g));
        successVector(g, 'padform');
      }
    }
    for (const mode of MODES) {
      for (let i = 0; i < 3; i++) {
        const fill = nextFill();
        const g = geometry(() => ({ layout, mode, fill, sh: G.int(1, 4), sw: G.int(1, 4),
                                    pad: explicitPad(layout, G.int(-2, 5), G.int(-2, 5), G.int(-2, 5), G.int(-2, 5)) }),
                           (g) => mode === 'floor' || modeChanges(g));
        successVector(g, 'padform');
      }
    }
  }

  // B. Unequal strides 1..4 (every pair), both layouts, random pad forms.
  const anyPad = (layout) => G.pick(['valid', 'same', 0, 1, 2, 3, 'explicit']) === 'explicit'
    ? explicitPad(layout, G.int(-1, 4), G.int(-1, 4), G.int(-1, 4), G.int(-1, 4)) : G.pick(['valid', 'same', 0, 1, 2, 3]);
  for (const layout of LAYOUTS) {
    for (let sh = 1; sh <= 4; sh++) {
      for (let sw = 1; sw <= 4; sw++) {
        successVector(geometry(() => ({ layout, sh, sw, pad: anyPad(layout), H: G.int(2, 10), W: G.int(2, 10) })), 'strides');
      }
    }
  }

  // C. Non-square filters 1..7; numeric pads show the tfjs#649 quirk (ow from fh and sh).
  for (let fh = 1; fh <= 7; fh++) {
    for (let fw = 1; fw <= 7; fw++) {
      if (fh === fw) continue;
      if ((fh * 7 + fw) % 2) continue; // half of the 42 pairs
      const layout = (fh + fw) % 4 < 2 ? 'NHWC' : 'NCHW';
      successVector(geometry(() => ({ layout, fh, fw, pad: G.int(0, 3), H: G.int(3, 10), W: G.int(3, 10) })), 'filters_quirk');
      successVector(geometry(() => ({ layout: layout === 'NHWC' ? 'NCHW' : 'NHWC', fh, fw, pad: G.pick(['same', 'valid']), H: G.int(3, 10), W: G.int(3, 10) })), 'filters');
    }
  }
  // Unequal strides with a square filter and a numeric pad: the quirk again (ow from sh).
  for (const layout of LAYOUTS) {
    for (const [sh, sw] of [[1, 2], [2, 1], [1, 3], [3, 2], [4, 1], [2, 4]]) {
      successVector(geometry(() => ({ layout, sh, sw, fh: 3, fw: 3, pad: G.int(0, 3), H: G.int(3, 9), W: G.int(3, 9) })), 'filters_quirk');
    }
  }

  // D. Filter larger than input (in one or both dims).
  for (const layout of LAYOUTS) {
    for (const pad of ['same', 0, 1, 2, 3, 'explicit', 'explicit']) {
      successVector(geometry(() => ({ layout, H: G.int(1, 3), W: G.int(1, 3), fh: G.int(4, 7), fw: G.int(2, 7),
                                      pad: pad === 'explicit' ? explicitPad(layout, G.int(0, 4), G.int(0, 4), G.int(0, 4), G.int(0, 4)) : pad }), () => true, pad === 0), 'filter_gt_input');
    }
  }

  // E. Stride larger than filter.
  for (const layout of LAYOUTS) {
    for (const pad of ['valid', 'same', 0, 1, 'explicit', 'valid']) {
      successVector(geometry(() => ({ layout, fh: G.int(1, 2), fw: G.int(1, 2), sh: G.int(3, 4), sw: G.int(3, 4), H: G.int(4, 10), W: G.int(4, 10),
                                      pad: pad === 'explicit' ? explicitPad(layout, G.int(0, 2), G.int(0, 2), G.int(0, 2), G.int(0, 2)) : pad })), 'stride_gt_filter');
    }
  }

  // F. Zero-size: N = 0, and oh or ow = 0 under 'valid' with the filter one larger than the
  //    input (or -0 from ceil(-1/2)); TFJS returns all zeros.
  for (const layout of LAYOUTS) {
    for (const pad of ['valid', 'same', 1, 'explicit']) {
      successVector(geometry(() => ({ layout, N: 0,
                                      pad: pad === 'explicit' ? explicitPad(layout, 1, 0, 0, 1) : pad }), () => true, true), 'zero_size');
    }
    successVector(geometry({ layout, pad: 'valid', H: 2, W: 4, fh: 3, fw: 2, sh: 1, sw: 1 }, () => true, true), 'zero_size');
    successVector(geometry({ layout, pad: 'valid', H: 3, W: 3, fh: 4, fw: 4, sh: 2, sw: 1 }, () => true, true), 'zero_size');
    successVector(geometry({ layout, pad: 'valid', H: 2, W: 2, fh: 4, fw: 3, sh: 2, sw: 3 }, () => true, true), 'zero_size');
    successVector(geometry({ layout, pad: 0, H: 2, W: 5, fh: 3, fw: 1, sh: 1, sw: 1 }, () => true, true), 'zero_size');
  }

  // G. Batch 1..3 and channel counts 1..9, 17..33.
  for (const layout of LAYOUTS) {
    for (let C = 1; C <= 9; C++) {
      successVector(geometry(() => ({ layout, N: 1 + (C % 3), C, O: G.int(1, 9), H: G.int(1, 5), W: G.int(1, 5), fh: G.int(1, 3), fw: G.int(1, 3), pad: anyPad(layout) }), () => true, false, 700), 'batch_channels');
    }
    for (const [C, O] of [[17, 3], [2, 23], [33, 1], [20, 29]]) {
      successVector(geometry(() => ({ layout, N: G.int(1, 3), C, O, H: G.int(1, 3), W: G.int(1, 3), fh: G.int(1, 2), fw: G.int(1, 2), sh: 1, sw: G.int(1, 2), pad: G.pick(['same', 'valid', 1]) }), () => true, false, 1200), 'batch_channels');
    }
  }

  // H. Fully random geometries (everything within the small-tensor budget).
  for (let i = 0; i < 40; i++) {
    successVector(geometry(() => {
      const layout = G.pick(['NHWC', 'NCHW']);
      const pad = anyPad(layout);
      return { layout, N: G.int(1, 3), fh: G.int(1, 7), fw: G.int(1, 7), sh: G.int(1, 4), sw: G.int(1, 4),
               H: G.int(1, 10), W: G.int(1, 10), pad, mode: typeof pad === 'string' ? undefined : G.pick(MODES), fill: FILLS[i % 5] };
    }), 'random');
  }

  // I. The worked examples of docs/tfjs-semantics.md "4 Observed results" (dy and filter = 1..n), checked
  //    against the values written there.
  const iota = n => Float32Array.from({ length: n }, (_, i) => i + 1);
  const ones = n => new Float32Array(n).fill(1);
  const docCases = [
    ['A1', { H: 4, W: 4, fh: 3, fw: 3, sh: 2, sw: 2, pad: 'same' }, [1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20]],
    ['A2', { H: 5, W: 5, fh: 3, fw: 3, sh: 2, sw: 2, pad: 'same' }, [5, 14, 10, 24, 15, 16, 40, 26, 60, 36, 20, 44, 25, 54, 30, 46, 100, 56, 120, 66, 35, 74, 40, 84, 45]],
    ['A5', { H: 4, W: 5, fh: 4, fw: 3, sh: 2, sw: 2, pad: 'same' }, [5, 14, 10, 24, 15, 16, 40, 26, 60, 36, 31, 76, 47, 108, 63, 32, 71, 40, 87, 48]],
    ['A6', { H: 3, W: 3, fh: 2, fw: 2, sh: 1, sw: 1, pad: 'same' }, [1, 4, 7, 7, 23, 33, 19, 53, 63]],
    ['C1', { H: 3, W: 3, fh: 2, fw: 2, sh: 1, sw: 1, pad: explicitPad('NHWC', 1, 0, 0, 2) }, [8, 26, 36, 24, 66, 76, 27, 66, 73]],
    ['C3', { H: 3, W: 4, fh: 2, fw: 2, sh: 2, sw: 2, pad: explicitPad('NHWC', 2, 0, 3, 1) }, [12, 7, 14, 8, 24, 21, 28, 24, 0, 0, 0, 0]],
    ['C4ceil', { H: 4, W: 4, fh: 2, fw: 2, sh: 2, sw: 2, pad: explicitPad('NHWC', 1, 0, 1, 0), mode: 'ceil' }, [4, 6, 8, 9, 8, 5, 10, 6, 16, 15, 20, 18, 14, 8, 16, 9]],
    ['G4', { H: 2, W: 2, fh: 5, fw: 5, sh: 2, sw: 2, pad: 'same' }, [7, 8, 12, 13]],
    ['H1', { H: 5, W: 5, fh: 2, fw: 2, sh: 3, sw: 3, pad: 'valid' }, [1, 2, 0, 2, 4, 3, 4, 0, 6, 8, 0, 0, 0, 0, 0, 3, 6, 0, 4, 8, 9, 12, 0, 12, 16]],
    ['H2', { H: 5, W: 4, fh: 1, fw: 1, sh: 3, sw: 2, pad: 'same' }, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]],
    // tfjs#649: x [1,4,6,1], f [1,3,1,1], s [1,2], pad 1 -> dy [1,6,8,1]; ones filter.
    ['Q649', { H: 4, W: 6, fh: 1, fw: 3, sh: 1, sw: 2, pad: 1 }, null],
  ];
  const docMismatch = [];
  for (const [id, geo, want] of docCases) {
    const g = Object.assign({ layout: 'NHWC', N: 1, C: 1, O: 1, mode: undefined, fill: 'int' }, geo);
    const { dyShape } = convInfo(g);
    const F = id === 'Q649' ? ones(g.fh * g.fw) : iota(g.fh * g.fw);
    const { dx } = successVector(g, 'doc_examples', { dy: iota(prod(dyShape)), F });
    if (want && !sameBits(dx.data, Float32Array.from(want))) docMismatch.push(`${id}: got ${Array.from(dx.data)} want ${want}`);
    if (id === 'Q649' && JSON.stringify(dyShape) !== '[1,6,8,1]') docMismatch.push(`Q649: dy shape ${dyShape}, want 1,6,8,1`);
  }

  // J. Error vectors, both layouts: NHWC through tf.conv2dTranspose, NCHW through the
  //    internal op conv2DBackpropInput (same checks; the public op is NHWC-only).
  const errs = {};
  for (const layout of LAYOUTS) {
    const L = layout.toLowerCase();
    const sh4 = (N, H, W, C) => (layout === 'NHWC' ? [N, H, W, C] : [N, C, H, W]);
    const e = (cls, ...args) => { errs[cls] = errs[cls] || {}; errs[cls][layout] = errorVector(`err_${L}_${cls}`, layout, ...args, 'err:' + cls.replace(/_\w+$/, '')); };
    e('rank_x2', [5, 5], [4, 4], [2, 2, 1, 1], [1, 1], 'valid', undefined);
    e('rank_x5', [1, 1, 5, 5, 1], [1, 1, 4, 4, 1], [2, 2, 1, 1], [1, 1], 'valid', undefined);
    e('rank_mismatch_dy3', sh4(1, 5, 5, 1), layout === 'NHWC' ? [4, 4, 1] : [1, 4, 4], [2, 2, 1, 1], [1, 1], 'valid', undefined);
    e('rank_filter3', sh4(1, 5, 5, 1), sh4(1, 4, 4, 1), [2, 2, 1], [1, 1], 'valid', undefined);
    e('depth_in', sh4(1, 5, 5, 2), sh4(1, 4, 4, 1), [2, 2, 3, 1], [1, 1], 'valid', undefined);
    e('depth_out', sh4(1, 5, 5, 2), sh4(1, 4, 4, 2), [2, 2, 2, 3], [1, 1], 'valid', undefined);
    for (const pad of ['same', 'valid']) {
      for (const mode of ['floor', 'round', 'ceil']) {
        const dyS = pad === 'same' ? sh4(1, 3, 3, 1) : sh4(1, 2, 2, 1);
        e(`mode_string_pad_${pad}_${mode}`, sh4(1, 5, 5, 1), dyS, [3, 3, 1, 1], [2, 2], pad, mode);
      }
    }
    e('mode_nonint_pad_1p5', sh4(1, 5, 5, 1), sh4(1, 4, 4, 1), [2, 2, 1, 1], [2, 2], 1.5, 'ceil');
    e('mode_nonint_pad_0p25', sh4(1, 5, 5, 1), sh4(1, 4, 4, 1), [2, 2, 1, 1], [1, 1], 0.25, 'floor');
    e('mode_nonint_explicit_pad', sh4(1, 5, 5, 1), sh4(1, 4, 4, 1), [2, 2, 1, 1], [1, 1],
      explicitPad(layout, 0, 1, 0.5, 0), 'round');
    e('unknown_pad_SAME', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], 'SAME', undefined);
    e('unknown_pad_VALID', sh4(1, 5, 5, 1), sh4(1, 2, 2, 1), [3, 3, 1, 1], [2, 2], 'VALID', undefined);
    e('unknown_pad_full', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], 'full', undefined);
    e('unknown_mode_bogus_numeric', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], 1, 'bogus');
    e('unknown_mode_bogus_explicit', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], explicitPad(layout, 1, 1, 1, 1), 'bogus');
    e('unknown_mode_trunc_numeric', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], 1, 'trunc');
    e('unknown_mode_bogus_string_pad', sh4(1, 5, 5, 1), sh4(1, 3, 3, 1), [3, 3, 1, 1], [2, 2], 'same', 'bogus');
  }

  // Summary (stderr).
  const total = written.size;
  const nErr = [...written.values()].filter(c => c.startsWith('err:')).length;
  const bytes = fs.readdirSync(OUT_DIR).reduce((s, f) => s + fs.statSync(path.join(OUT_DIR, f)).size, 0);
  console.error(`wrote ${total} vectors (${total - nErr} success, ${nErr} error), ${(bytes / 1e6).toFixed(2)} MB`);
  console.error(JSON.stringify(counts, null, 1));
  for (const [cls, by] of Object.entries(errs)) {
    const msgs = new Set(Object.values(by));
    console.error(`  ${cls}: ${[...msgs].map(m => JSON.stringify(m)).join(' | ')}`);
  }
  if (docMismatch.length) {
    console.error('MISMATCH with docs/tfjs-semantics.md "4 Observed results":\n' + docMismatch.join('\n'));
    process.exitCode = 1;
  }
}

main().catch(e => { console.error(e.stack || e); process.exit(1); });
