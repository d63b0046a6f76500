#!/usr/bin/env node
// selftest.js — replays every corpus/tfjs/vectors/*.json through live_diff.js (JSON and base64 data, the
// op route and, for success vectors, the kernel route) and checks that TFJS still gives the
// recorded dx (bit for bit; NaN by NaN-ness) or the recorded error message; then measures
// the worker's throughput on small cases. Exit 0 when everything matches.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const dir = path.join(__dirname, '..', '..', 'corpus', 'tfjs', 'vectors');
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
const vectors = files.map(f => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))]);

const dec = v => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : v);
const toB64 = data => Buffer.from(Float32Array.from(data.map(dec)).buffer).toString('base64');
const fromB64 = s => Array.from(new Float32Array(new Uint8Array(Buffer.from(s, 'base64')).buffer));
function sameValues(a, b) {
  if (a.length !== b.length) return false;
  const x = Float32Array.from(a.map(dec)), y = Float32Array.from(b.map(dec));
  const xb = new Uint32Array(x.buffer), yb = new Uint32Array(y.buffer);
  for (let i = 0; i < x.length; i++) if (xb[i] !== yb[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return false;
  return true;
}

function startWorker() {
  const w = spawn(process.execPath, [path.join(__dirname, 'live_diff.js')], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buf = '';
  const waiting = [];
  w.stdout.on('data', d => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1); waiting.shift()(JSON.parse(line)); }
  });
  const ask = req => new Promise(res => { waiting.push(res); w.stdin.write(JSON.stringify(req) + '\n'); });
  return { w, ask };
}

async function main() {
  const { w, ask } = startWorker();
  let bad = 0, checked = 0;
  const jobs = [];
  for (const [f, v] of vectors) {
    for (const mode of ['json', 'b64', 'kernel']) {
      if (mode === 'kernel' && v.expect.error !== undefined) continue; // op errors: the kernel need not throw
      const req = { id: `${f}:${mode}`, attrs: v.attrs, via: mode === 'kernel' ? 'kernel' : 'op' };
      if (mode === 'b64') {
        req.dy = { shape: v.dy.shape, data_b64: toB64(v.dy.data) };
        req.filter = { shape: v.filter.shape, data_b64: toB64(v.filter.data) };
      } else {
        req.dy = v.dy; req.filter = v.filter;
      }
      jobs.push(ask(req).then(rep => {
        checked++;
        let ok;
        if (v.expect.error !== undefined) ok = rep.error === v.expect.error;
        else if (!rep.dx) ok = false;
        else {
          const got = rep.dx.data_b64 !== undefined ? fromB64(rep.dx.data_b64) : rep.dx.data;
          ok = JSON.stringify(rep.dx.shape) === JSON.stringify(v.expect.dx.shape) && sameValues(got, v.expect.dx.data);
        }
        if (!ok) { bad++; if (bad <= 10) console.error(`MISMATCH ${req.id}: ${JSON.stringify(rep).slice(0, 300)}`); }
      }));
    }
  }
  await Promise.all(jobs);
  console.log(`replayed ${vectors.length} vectors in ${checked} requests: ${bad} mismatches`);

  // Throughput: small cases, one at a time (request, wait, reply) and pipelined.
  const small = vectors.map(x => x[1]).filter(v => v.expect.dx && v.dy.data.length <= 200).slice(0, 200);
  const reqOf = (v, i) => ({ id: i, attrs: v.attrs, dy: { shape: v.dy.shape, data_b64: toB64(v.dy.data) },
                             filter: { shape: v.filter.shape, data_b64: toB64(v.filter.data) } });
  let t = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) await ask(reqOf(small[i % small.length], i));
  const seq = 2000 / (Number(process.hrtime.bigint() - t) / 1e9);
  t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 5000 }, (_, i) => ask(reqOf(small[i % small.length], i))));
  const pipe = 5000 / (Number(process.hrtime.bigint() - t) / 1e9);
  console.log(`throughput: ${seq.toFixed(0)} cases/s one at a time, ${pipe.toFixed(0)} cases/s pipelined`);
  w.stdin.end();
  await new Promise(r => w.on('close', code => { if (code !== 0) { console.error('worker exit ' + code); bad++; } r(); }));
  console.log(`${checked - bad} passed, ${bad} failed`);
  process.exitCode = bad ? 1 : 0;
}
main();
