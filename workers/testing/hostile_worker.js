#!/usr/bin/env node
// hostile_worker.js MODE — a worker that breaks the protocol on purpose, for dxcheck's own
// tests (tests/CMakeLists.txt, worker.*): each MODE must end as a FAILED case with its
// case string (or, for the hello modes, a load error), never a pass and never a hang.
//   die       exits 3 on the first request          hang     never answers
//   garbage   answers a line that is not JSON        short    sends one dx element too few
//   unwritten leaves dx element 0 at the canary      flaky    dx element 0 differs per call
//   error     answers every request with an error    decline  declines every case
//   wrong-id  answers with another id                no-hello exits before its hello
//   bad-hello says it speaks dxcheck-worker/2        noisy    writes to stderr, then as `exact`
//   exact     a correct kernel (direct scatter loop in double, for the control test)
// and, for tests/hostile_worker.sh (the runner's limits):
//   leak      touches up to 1 GiB on the first request of a run, then as `exact`
//   spawn     starts a `sleep 300` (in its process group) and never answers
//   flood     writes 1.5 MiB to stderr on its first request, then as `exact`
// "First request of a run": once per DXCHECK_HOSTILE_MARKER file (a restarted worker
// does not do it again).
'use strict';
const fs = require('fs');
const readline = require('readline');
const { spawn } = require('child_process');

function firstOfRun() {
  const marker = process.env.DXCHECK_HOSTILE_MARKER;
  if (!marker) return true;
  try {
    fs.writeFileSync(marker, 'done', { flag: 'wx' });
    return true;
  } catch (e) {
    return false;
  }
}
const kept = [];  // what `leak` holds

const mode = process.argv[2];
if (mode === 'no-hello') process.exit(4);
const protocol = mode === 'bad-hello' ? 'dxcheck-worker/2' : 'dxcheck-worker/1';
process.stdout.write(JSON.stringify({ protocol, kernel: `hostile-${mode}`, implementation: 'none', canary: true }) + '\n');

// The desc's dx by the closed form of docs/tfjs-semantics.md "1.2 The kernel, step by step"
// (any order: exact data only).
function backprop(d, dy, f) {
  const nchw = d.data_format === 1;
  const dxAt = (b, i, j, c) => (nchw ? ((b * d.in_channels + c) * d.in_height + i) * d.in_width + j
                                     : ((b * d.in_height + i) * d.in_width + j) * d.in_channels + c);
  const dyAt = (b, p, q, o) => (nchw ? ((b * d.out_channels + o) * d.out_height + p) * d.out_width + q
                                     : ((b * d.out_height + p) * d.out_width + q) * d.out_channels + o);
  const acc = new Float64Array(d.batch * d.in_height * d.in_width * d.in_channels);
  for (let b = 0; b < d.batch; b++)
    for (let p = 0; p < d.out_height; p++)
      for (let q = 0; q < d.out_width; q++)
        for (let r = 0; r < d.filter_height; r++)
          for (let s = 0; s < d.filter_width; s++) {
            const i = p * d.stride_height - d.pad_top + r, j = q * d.stride_width - d.pad_left + s;
            if (i < 0 || i >= d.in_height || j < 0 || j >= d.in_width) continue;
            for (let c = 0; c < d.in_channels; c++)
              for (let o = 0; o < d.out_channels; o++) {
                acc[dxAt(b, i, j, c)] += dy[dyAt(b, p, q, o)] * f[((r * d.filter_width + s) * d.in_channels + c) * d.out_channels + o];
              }
          }
  return Float32Array.from(acc);
}

const floats = b64 => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const b64 = a => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
let calls = 0;

readline.createInterface({ input: process.stdin, terminal: false }).on('line', line => {
  const req = JSON.parse(line);
  const d = req.desc;
  const shape = d.data_format === 1 ? [d.batch, d.in_channels, d.in_height, d.in_width]
                                    : [d.batch, d.in_height, d.in_width, d.in_channels];
  let dx = backprop(d, floats(req.dy.data_b64), floats(req.filter.data_b64));
  calls++;
  switch (mode) {
    case 'die': process.exit(3);
    case 'hang': return;
    case 'garbage': process.stdout.write('this is not JSON\n'); return;
    case 'error': process.stdout.write(JSON.stringify({ id: req.id, error: 'hostile: out of luck' }) + '\n'); return;
    case 'decline': process.stdout.write(JSON.stringify({ id: req.id, decline: 'hostile: declines everything' }) + '\n'); return;
    case 'wrong-id': process.stdout.write(JSON.stringify({ id: req.id + 1000, dx: { shape, data_b64: b64(dx) } }) + '\n'); return;
    case 'short': if (dx.length > 0) dx = dx.subarray(0, dx.length - 1); break;
    case 'unwritten': if (dx.length > 0) new Uint32Array(dx.buffer)[0] = req.canary; break;
    case 'flaky': if (dx.length > 0) dx[0] += calls; break;
    case 'noisy': process.stderr.write('hostile: a diagnostic line\n'.repeat(1000)); break;
    case 'leak':
      if (firstOfRun()) for (let i = 0; i < 32; i++) kept.push(Buffer.alloc(32 << 20, 1));
      break;
    case 'spawn': spawn('sleep', ['300'], { stdio: 'ignore' }); return;
    case 'flood': if (firstOfRun()) process.stderr.write('hostile: flood\n'.repeat(100000)); break;
    default: break;
  }
  process.stdout.write(JSON.stringify({ id: req.id, dx: { shape, data_b64: b64(dx) } }) + '\n');
}).on('close', () => process.exit(0));
