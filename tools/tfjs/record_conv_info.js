#!/usr/bin/env node
// record_conv_info.js — records TFJS's own conv-info for Conv2DBackpropInput.
//
// Runs the exported `backend_util.computeConv2DInfo` of @tensorflow/tfjs-core 4.22.0
// with exactly the arguments the CPU kernel Conv2DBackpropInput passes:
//   computeConv2DInfo(inputShape, filter.shape, strides, /*dilations*/ 1, pad,
//                     dimRoundingMode, /*depthwise*/ false,
//                     'channelsLast' (NHWC) | 'channelsFirst' (NCHW))
// over a systematic grid, and writes corpus/tfjs/conv_info_table.json:
//
//   {"source": "@tensorflow/tfjs-core@4.22.0",
//    "entries": [
//      {"attrs": {"inputShape": [...], "filterShape": [fh,fw,inC,outC],
//                 "strides": [sh,sw], "pad": "valid"|"same"|p|[[a,b],[c,d],[e,f],[g,h]],
//                 "dataFormat": "NHWC"|"NCHW",
//                 "dimRoundingMode": "floor"|"round"|"ceil"},   (key absent = undefined)
//       "outHeight": n, "outWidth": n,
//       "padInfo": {"top": n, "bottom": n, "left": n, "right": n}},
//      {"attrs": {...}, "error": "<message thrown by computeConv2DInfo>"},
//      ...]}
//
// Notes:
// - -0 (e.g. Math.round(-0.5) or Math.ceil(-0.5) out sizes) is written as 0 (JSON cannot
//   carry -0 as a number; for sizes the sign of zero has no effect: the loops are empty).
// - Negative out sizes (trunc vs floor differ only there) are recorded as TFJS computes them.
// - The numeric-pad quirk (tfjs#649: outWidth computed from filter height and stride height)
//   is recorded as TFJS has it.
// - Explicit pads are written in the dataFormat's arrangement (NHWC [[0,0],[t,b],[l,r],[0,0]],
//   NCHW [[0,0],[0,0],[t,b],[l,r]]); batch/channel entries are always 0 here.
// - A dimRoundingMode is combined only with numeric/explicit pads (the op rejects a mode
//   with a string pad; computeConv2DInfo itself ignores it there).
// Deterministic: no randomness; re-running reproduces the file byte for byte.
'use strict';
const fs = require('fs');
const path = require('path');
const { loadTf } = require('./tfjs_env');

const { tf } = loadTf();
const bu = tf.backend_util;

const entries = [];
const seen = new Set();

function explicitPad(layout, t, b, l, r) {
  return layout === 'NHWC' ? [[0, 0], [t, b], [l, r], [0, 0]]
                           : [[0, 0], [0, 0], [t, b], [l, r]];
}

function record(layout, N, H, W, C, fh, fw, O, sh, sw, pad, mode) {
  const inputShape = layout === 'NHWC' ? [N, H, W, C] : [N, C, H, W];
  const attrs = { inputShape, filterShape: [fh, fw, C, O], strides: [sh, sw], pad, dataFormat: layout };
  if (mode !== undefined) attrs.dimRoundingMode = mode;
  const key = JSON.stringify(attrs);
  if (seen.has(key)) return;
  seen.add(key);
  const entry = { attrs };
  try {
    const ci = bu.computeConv2DInfo(inputShape, [fh, fw, C, O], [sh, sw], 1, pad, mode, false,
                                    layout === 'NHWC' ? 'channelsLast' : 'channelsFirst');
    entry.outHeight = ci.outHeight;
    entry.outWidth = ci.outWidth;
    entry.padInfo = { top: ci.padInfo.top, bottom: ci.padInfo.bottom,
                      left: ci.padInfo.left, right: ci.padInfo.right };
  } catch (e) {
    entry.error = e.message;
  }
  entries.push(entry);
}

const LAYOUTS = ['NHWC', 'NCHW'];
const MODES = [undefined, 'floor', 'round', 'ceil'];
// (H, W) pairs, filters (fh, fw) and strides (sh, sw): rotated through below so that every
// pad form meets many shapes without a full cartesian product.
const HW = [[1, 1], [1, 5], [2, 2], [3, 7], [5, 5], [6, 4], [7, 7], [8, 9], [4, 6], [10, 3], [2, 9], [9, 2]];
const FILT = [[1, 1], [1, 3], [2, 2], [3, 1], [3, 3], [2, 5], [4, 3], [5, 5], [7, 2], [6, 7], [1, 7], [7, 1], [4, 4], [3, 6]];
const STR = [[1, 1], [2, 2], [1, 2], [3, 1], [2, 4], [4, 3], [3, 3], [4, 1], [1, 4], [2, 3]];
const EXPLICIT = [ // [t, b, l, r]: zero, asymmetric, negative (crop), >= filter side
  [0, 0, 0, 0], [1, 0, 0, 2], [0, 1, 0, 1], [2, 0, 3, 1], [1, 1, 1, 1], [0, 3, 2, 0],
  [-1, 0, 0, -1], [-1, 2, 1, -2], [3, 3, 0, 0], [5, 0, 0, 6], [0, 0, 4, 4], [2, -1, -1, 2],
];

// 1. Every pad form x every valid mode x both layouts, over rotating shapes.
let rot = 0;
function shapesFor(count) {
  const out = [];
  for (let i = 0; i < count; i++, rot++) {
    out.push([HW[rot % HW.length], FILT[(rot * 5 + 3) % FILT.length], STR[(rot * 7 + 1) % STR.length]]);
  }
  return out;
}
const padForms = ['valid', 'same', 0, 1, 2, 3];
for (const layout of LAYOUTS) {
  for (const pad of padForms) {
    const modes = typeof pad === 'string' ? [undefined] : MODES;
    for (const mode of modes) {
      for (const [[H, W], [fh, fw], [sh, sw]] of shapesFor(typeof pad === 'string' ? 12 : 6)) {
        record(layout, 1 + (rot % 2), H, W, 1 + (rot % 3), fh, fw, 1 + (rot % 2), sh, sw, pad, mode);
      }
    }
  }
  for (const [t, b, l, r] of EXPLICIT) {
    for (const mode of MODES) {
      for (const [[H, W], [fh, fw], [sh, sw]] of shapesFor(3)) {
        record(layout, 1, H, W, 2, fh, fw, 3, sh, sw, explicitPad(layout, t, b, l, r), mode);
      }
    }
  }
}

// 2. Where trunc / floor / round / ceil differ, negative sizes included: all four modes on
//    the same geometry (numeric pads and the explicit equivalent).
for (const [H, fh, sh, p] of [[1, 4, 2, 0], [5, 2, 2, 1], [6, 3, 2, 1], [4, 2, 2, 0], [1, 7, 3, 0],
                               [2, 7, 4, 1], [7, 4, 3, 0], [3, 6, 4, 0], [1, 6, 2, 1], [8, 3, 3, 1]]) {
  for (const layout of LAYOUTS) {
    for (const mode of MODES) {
      record(layout, 1, H, H + 1, 1, fh, fh, 1, sh, sh, p, mode);
      record(layout, 1, H, H + 1, 1, fh, fh, 1, sh, sh, explicitPad(layout, p, p, p, p + 1), mode);
    }
  }
}

// 3. Non-square filters 1..7 with unequal strides under a numeric pad: the tfjs#649 quirk,
//    next to 'same' and the explicit pads that spell the same numbers.
for (let fh = 1; fh <= 7; fh += 2) {
  for (let fw = 1; fw <= 7; fw += 3) {
    for (const [sh, sw] of [[1, 2], [2, 1], [3, 4]]) {
      const layout = (fh + fw + sh) % 2 ? 'NHWC' : 'NCHW';
      record(layout, 1, 4, 6, 1, fh, fw, 1, sh, sw, 1, undefined);
      record(layout, 1, 4, 6, 1, fh, fw, 1, sh, sw, explicitPad(layout, 1, 1, 1, 1), undefined);
      record(layout, 1, 4, 6, 1, fh, fw, 1, sh, sw, 'same', undefined);
    }
  }
}
// The observed table of docs/tfjs-semantics.md "2.1 The numeric-pad width quirk (tfjs#649)"
// (x [1,4,6,1], f [1,3,1,1]).
for (const [s, p] of [[[1, 2], 1], [[1, 1], 1], [[2, 2], 0], [[1, 2], 0]]) {
  record('NHWC', 1, 4, 6, 1, 1, 3, 1, s[0], s[1], p, undefined);
  record('NHWC', 1, 4, 6, 1, 1, 3, 1, s[0], s[1], explicitPad('NHWC', p, p, p, p), undefined);
}

// 4. Filter larger than input, stride larger than filter.
for (const layout of LAYOUTS) {
  for (const pad of ['valid', 'same', 0, 1, 3]) {
    record(layout, 1, 2, 3, 1, 3, 5, 1, 1, 2, pad, undefined);
    record(layout, 1, 2, 2, 1, 5, 5, 1, 2, 2, pad, undefined);
    record(layout, 1, 5, 5, 1, 2, 1, 1, 3, 4, pad, undefined);
    record(layout, 1, 7, 4, 1, 1, 1, 1, 4, 3, pad, undefined);
  }
  record(layout, 1, 2, 3, 1, 3, 5, 1, 1, 2, explicitPad(layout, 1, 2, 0, 3), 'ceil');
}

// 5. Errors thrown by conv-info itself: unknown pad strings and unknown rounding modes
//    (the latter only with numeric/explicit pads: conv-info ignores the mode for strings).
for (const layout of LAYOUTS) {
  for (const pad of ['SAME', 'VALID', 'Same', 'full', 'explicit', '']) {
    record(layout, 1, 5, 5, 1, 3, 3, 1, 2, 2, pad, undefined);
  }
  for (const mode of ['bogus', 'Floor', 'CEIL', 'trunc', 'truncate']) {
    record(layout, 1, 5, 5, 1, 3, 3, 1, 2, 2, 1, mode);
    record(layout, 1, 5, 5, 1, 3, 3, 1, 2, 2, explicitPad(layout, 1, 0, 0, 1), mode);
  }
}

const out = { source: '@tensorflow/tfjs-core@4.22.0', entries };
const lines = ['{"source": ' + JSON.stringify(out.source) + ',', ' "entries": ['];
entries.forEach((e, i) => lines.push('  ' + JSON.stringify(e) + (i + 1 < entries.length ? ',' : '')));
lines.push(']}');
const file = path.join(__dirname, '..', '..', 'corpus', 'tfjs', 'conv_info_table.json');
fs.writeFileSync(file, lines.join('\n') + '\n');
const nErr = entries.filter(e => e.error !== undefined).length;
console.error(`wrote ${file}: ${entries.length} entries (${entries.length - nErr} sizes, ${nErr} errors)`);
