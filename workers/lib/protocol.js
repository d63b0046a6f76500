// protocol.js — the worker side of dxcheck's worker protocol, dxcheck-worker/1
// (docs/worker-protocol.md): newline-delimited JSON on stdin/stdout, one hello line,
// then one response line per request, in request order. A kernel module gives
// serve() its hello fields and a compute function; everything about the pipe is here.
//
// compute(request) receives the decoded request —
//   {id, desc, shapes: {dy, dx, filter}, dy: {shape, data: Float32Array}, filter: {...},
//    canary (uint32 bits), raw (the parsed JSON line, for extensions)}
// — and returns (or resolves to) a Float32Array dx of the desc's dx shape (or
// {data, shape} with a shape of the implementation's own), or throws
// Decline(reason) (the kernel cannot express the case: UNSUPPORTED) or any other error
// (a FAILED case carrying its message).
'use strict';
const os = require('os');
const readline = require('readline');

const PROTOCOL = 'dxcheck-worker/1';
const DESC_FIELDS = ['abi_version', 'batch', 'in_height', 'in_width', 'in_channels', 'out_height', 'out_width',
  'out_channels', 'filter_height', 'filter_width', 'stride_height', 'stride_width', 'pad_top', 'pad_left',
  'pad_bottom', 'pad_right', 'data_format'];

class Decline extends Error {}
class ProtocolError extends Error {}

// stdout carries the protocol only: whatever a library logs goes to stderr.
function keepStdoutForTheProtocol() {
  const toStderr = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');
  console.log = console.info = console.warn = console.debug = toStderr;
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');  // synchronous for pipes on Linux
}

function decodeDesc(d) {
  if (d === null || typeof d !== 'object') throw new ProtocolError('desc missing');
  for (const f of DESC_FIELDS) {
    if (!Number.isInteger(d[f])) throw new ProtocolError(`desc.${f} must be an integer`);
  }
  if (d.abi_version !== 1) throw new ProtocolError(`desc.abi_version ${d.abi_version}: this worker speaks 1`);
  if (d.data_format !== 0 && d.data_format !== 1) throw new ProtocolError('desc.data_format must be 0 (NHWC) or 1 (NCHW)');
  return d;
}

// The shapes of desc's tensors, in its data_format (filter: [fh, fw, C, O] always).
function shapesOf(d) {
  const nchw = d.data_format === 1;
  const image = (n, h, w, c) => (nchw ? [n, c, h, w] : [n, h, w, c]);
  return {
    dy: image(d.batch, d.out_height, d.out_width, d.out_channels),
    dx: image(d.batch, d.in_height, d.in_width, d.in_channels),
    filter: [d.filter_height, d.filter_width, d.in_channels, d.out_channels],
  };
}

const count = shape => shape.reduce((a, b) => a * b, 1);

function decodeTensor(t, what, shape) {
  if (t === null || typeof t !== 'object') throw new ProtocolError(`${what} missing`);
  if (JSON.stringify(t.shape) !== JSON.stringify(shape)) {
    throw new ProtocolError(`${what}.shape ${JSON.stringify(t.shape)} is not the desc's ${JSON.stringify(shape)}`);
  }
  if (typeof t.data_b64 !== 'string') throw new ProtocolError(`${what}.data_b64 missing`);
  const bytes = Buffer.from(t.data_b64, 'base64');
  if (bytes.length !== 4 * count(shape)) {
    throw new ProtocolError(`${what}.data_b64 has ${bytes.length} bytes, the shape needs ${4 * count(shape)}`);
  }
  return { shape, data: new Float32Array(new Uint8Array(bytes).buffer) };  // a copy: aligned
}

function decodeRequest(raw) {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProtocolError('a request must be an object');
  const desc = decodeDesc(raw.desc);
  const shapes = shapesOf(desc);
  const canary = raw.canary === undefined ? 0x7fc00000 : raw.canary;
  if (!Number.isInteger(canary) || canary < 0 || canary > 0xffffffff) throw new ProtocolError('canary must be a uint32');
  return {
    id: raw.id, desc, shapes, canary, raw,
    dy: decodeTensor(raw.dy, 'dy', shapes.dy),
    filter: decodeTensor(raw.filter, 'filter', shapes.filter),
  };
}

// result: a Float32Array (of the desc's dx shape) or {data: Float32Array, shape} when the
// implementation produced a shape of its own (the tfjs-attrs extension).
function encodeDx(result, descShape) {
  const dx = result instanceof Float32Array ? result : result && result.data;
  const shape = result instanceof Float32Array ? descShape : result && result.shape;
  if (!(dx instanceof Float32Array) || !Array.isArray(shape)) throw new Error('the kernel returned no Float32Array');
  // The length is the kernel's: dxcheck itself checks it against the shape.
  return { shape, data_b64: Buffer.from(dx.buffer, dx.byteOffset, dx.byteLength).toString('base64') };
}

// hello: {kernel, implementation, canary (whether compute fills dx with the request's
// canary before the kernel writes it), extensions}. load() runs first (may be async); an
// exception there becomes a hello with "error" and exit 2.
async function serve({ load, hello, compute }) {
  keepStdoutForTheProtocol();
  try {
    if (os.endianness() !== 'LE') throw new Error('this worker assumes a little-endian host');
    if (load) await load();
  } catch (e) {
    send({ protocol: PROTOCOL, error: String(e && e.message !== undefined ? e.message : e) });
    process.exit(2);
  }
  send({ protocol: PROTOCOL, ...hello() });
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let raw = null;
    let response;
    try {
      raw = JSON.parse(line);
      const request = decodeRequest(raw);
      response = { id: request.id, dx: encodeDx(await compute(request), request.shapes.dx) };
    } catch (e) {
      const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : null;
      if (e instanceof Decline) response = { id, decline: e.message };
      else if (e instanceof ProtocolError || e instanceof SyntaxError) response = { id, error: 'worker: ' + e.message };
      else response = { id, error: String(e && e.message !== undefined ? e.message : e) };
    }
    send(response);
  }
  process.exit(0);
}

module.exports = { serve, Decline, shapesOf, count, PROTOCOL };
