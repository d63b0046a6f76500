#!/usr/bin/env node
// live_diff.js — long-lived worker that answers TFJS-attribute requests with the real
// @tensorflow/tfjs-backend-cpu 4.22.0 (loaded once, cpu backend), for selftest.js's replay
// of the recorded vectors and for use by hand. `dxcheck tfjs-diff` no longer uses it: it
// runs the tfjs-cpu worker of workers/tfjs.js, which speaks dxcheck's general worker
// protocol (docs/worker-protocol.md) and takes these same attributes through that
// protocol's tfjs-attrs extension.
//
// PROTOCOL (newline-delimited JSON, UTF-8; one request per line on stdin, exactly one reply
// line per request on stdout, in request order; the worker exits 0 at EOF on stdin).
// Nothing else is ever written to stdout (TFJS's banner and diagnostics go to stderr).
//
// Request:
//   {"id": <any JSON value, echoed back>,
//    "attrs": {"inputShape": [...], "strides": [sh, sw], "pad": "same"|"valid"|p|[[..],..],
//              "dataFormat": "NHWC"|"NCHW", "dimRoundingMode": "floor"|"round"|"ceil"},
//              (the keys of a dxcheck-vector/1 "attrs"; dimRoundingMode absent = undefined;
//               values are passed to TFJS as they are, unvalidated)
//    "dy":     {"shape": [...], "data": [...]}   or  {"shape": [...], "data_b64": "..."},
//    "filter": {"shape": [fh, fw, inC, outC], "data": [...]}  or  {..., "data_b64": "..."},
//    "via":    "op" | "kernel",        (optional, default "op")
//    "encoding": "json" | "b64"}       (optional: how dx is written back; default "b64" when
//                                       dy came as data_b64, else "json")
//   "data": numbers (float32 values; anything else is rounded to float32 as TFJS does) or the
//           strings "NaN", "Infinity", "-Infinity", "-0" — the encoding of dxcheck-vector/1.
//   "data_b64": base64 of the little-endian IEEE-754 float32 values, row-major (bits kept
//           exactly, NaN payloads included).
//   "via": "op"     — the op's checks and then the kernel: tf.conv2dTranspose(dy, filter,
//                     inputShape, strides, pad, dimRoundingMode) when dataFormat is 'NHWC',
//                     else the internal op conv2DBackpropInput(inputShape, dy, filter, strides,
//                     pad, dataFormat, dimRoundingMode) (see tfjs_env.js). This is what
//                     dxcheck's attribute handling mirrors (op checks + kernel semantics).
//          "kernel" — tf.engine().runKernel('Conv2DBackpropInput', {dy, filter},
//                     {inputShape, strides, pad, dataFormat, dimRoundingMode}) only.
//
// Reply (one line):
//   {"id": ..., "dx": {"shape": [...], "data": [...]}}         (encoding "json"; same
//                                                               number/string encoding)
//   {"id": ..., "dx": {"shape": [...], "data_b64": "..."}}     (encoding "b64")
//   {"id": ..., "error": "<TFJS's exception message>"}          TFJS threw
//   {"id": ..., "error": "live_diff: <reason>", "protocol": true}
//       the worker did not run TFJS: unparsable line (id null), malformed tensor (shape not a
//       list of non-negative integers, data length != product of shape, bad value string,
//       bad base64 length), or a request that would hang TFJS: a stride of 0 with any pad
//       other than 'same' makes the out size Infinity and the kernel loop forever
//       (docs/tfjs-semantics.md "1.4 Inconsistent inputs"), so it is refused instead of run.
//
// Example:
//   echo '{"id":1,"attrs":{"inputShape":[1,3,3,1],"strides":[1,1],"pad":"valid","dataFormat":"NHWC"},
//          "dy":{"shape":[1,2,2,1],"data":[1,2,3,4]},"filter":{"shape":[2,2,1,1],"data":[1,2,3,4]}}' \
//     | node live_diff.js
//   -> {"id":1,"dx":{"shape":[1,3,3,1],"data":[1,4,4,6,20,16,9,24,16]}}
'use strict';
const os = require('os');
const readline = require('readline');
const { loadTf, loadInternalOp } = require('./tfjs_env');

if (os.endianness() !== 'LE') throw new Error('live_diff.js assumes a little-endian host');

const { tf } = loadTf();

class ProtocolError extends Error {}

function decodeValue(v) {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    default: throw new ProtocolError(`bad value ${JSON.stringify(v)}`);
  }
}
function encodeValue(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v;
}

function decodeTensor(t, what) {
  if (t === null || typeof t !== 'object') throw new ProtocolError(`${what} missing`);
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every(d => Number.isInteger(d) && d >= 0)) {
    throw new ProtocolError(`${what}.shape must be a list of non-negative integers`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  let data;
  if (typeof t.data_b64 === 'string') {
    const buf = Buffer.from(t.data_b64, 'base64');
    if (buf.length !== 4 * n) throw new ProtocolError(`${what}.data_b64 has ${buf.length} bytes, shape needs ${4 * n}`);
    data = new Float32Array(new Uint8Array(buf).buffer); // copy: aligned
  } else if (Array.isArray(t.data)) {
    if (t.data.length !== n) throw new ProtocolError(`${what}.data has ${t.data.length} values, shape needs ${n}`);
    data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = decodeValue(t.data[i]);
  } else {
    throw new ProtocolError(`${what} needs "data" or "data_b64"`);
  }
  return { shape, data };
}

// TFJS reads strides with parseTupleParam: a number s -> (s, s), an array -> its first two.
function wouldHang(attrs) {
  const s = attrs.strides;
  const pair = typeof s === 'number' ? [s, s] : Array.isArray(s) ? [s[0], s[1]] : [];
  return pair.some(v => v === 0) && attrs.pad !== 'same';
}

function handle(req, internalOp) {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new ProtocolError('request must be an object');
  const attrs = req.attrs;
  if (attrs === null || typeof attrs !== 'object') throw new ProtocolError('attrs missing');
  const dyT = decodeTensor(req.dy, 'dy');
  const fT = decodeTensor(req.filter, 'filter');
  const via = req.via === undefined ? 'op' : req.via;
  if (via !== 'op' && via !== 'kernel') throw new ProtocolError(`via must be "op" or "kernel"`);
  const encoding = req.encoding !== undefined ? req.encoding
    : (req.dy && typeof req.dy.data_b64 === 'string' ? 'b64' : 'json');
  if (encoding !== 'json' && encoding !== 'b64') throw new ProtocolError(`encoding must be "json" or "b64"`);
  if (wouldHang(attrs)) {
    throw new ProtocolError(`not run: strides ${JSON.stringify(attrs.strides)} with pad ${JSON.stringify(attrs.pad)} ` +
                            'make TFJS loop forever (out size Infinity)');
  }
  const dy = tf.tensor(dyT.data, dyT.shape, 'float32');
  const filter = tf.tensor(fT.data, fT.shape, 'float32');
  let r = null;
  try {
    try {
      if (via === 'kernel') {
        const a = { inputShape: attrs.inputShape, strides: attrs.strides, pad: attrs.pad, dataFormat: attrs.dataFormat };
        if (attrs.dimRoundingMode !== undefined) a.dimRoundingMode = attrs.dimRoundingMode;
        r = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, a);
      } else if (attrs.dataFormat === 'NHWC') {
        r = tf.conv2dTranspose(dy, filter, attrs.inputShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
      } else {
        r = internalOp(attrs.inputShape, dy, filter, attrs.strides, attrs.pad, attrs.dataFormat, attrs.dimRoundingMode);
      }
    } catch (e) {
      return { id: req.id, error: String(e && e.message !== undefined ? e.message : e) };
    }
    const out = r.dataSync();
    const shape = r.shape.slice();
    if (encoding === 'b64') {
      return { id: req.id, dx: { shape, data_b64: Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64') } };
    }
    return { id: req.id, dx: { shape, data: Array.from(out, encodeValue) } };
  } finally {
    dy.dispose(); filter.dispose();
    if (r) r.dispose();
  }
}

async function main() {
  const internalOp = await loadInternalOp();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let reply;
    let req = null;
    try {
      req = JSON.parse(line);
      reply = handle(req, internalOp);
    } catch (e) {
      const id = req && typeof req === 'object' && 'id' in req ? req.id : null;
      if (e instanceof ProtocolError || e instanceof SyntaxError) {
        reply = { id, error: 'live_diff: ' + e.message, protocol: true };
      } else {
        reply = { id, error: 'live_diff: internal error: ' + (e && e.stack || e), protocol: true };
      }
    }
    process.stdout.write(JSON.stringify(reply) + '\n'); // one write per reply: no buffering
  }
}

main().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
