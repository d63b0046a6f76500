// vector_data.js — the golden vectors' data, deterministic under node: a small PRNG
// (mulberry32, one stream per vector from the seed and its name), the fills (the same
// kinds as dxcheck's Fill: int, uniform, wide, special, subnormal, each within its exact
// or overflow budget) and the number encoding of dxcheck-vector/1 (float32 values as
// JSON numbers, NaN, +Inf, -Inf and -0 as strings).
'use strict';

const FLT_MAX = 3.4028234663852886e38;

// ---------------------------------------------------------------- PRNG (mulberry32)
function hashStr(s, seed) {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) { h = Math.imul(h ^ s.charCodeAt(i), 0x9e3779b1); h ^= h >>> 15; }
  return h >>> 0;
}
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
  const int = (lo, hi) => lo + (next() % (hi - lo + 1)); // inclusive (bias irrelevant here)
  const pick = arr => arr[next() % arr.length];
  return { next, int, pick };
}

// ---------------------------------------------------------------- number encoding
function enc(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  const f = Math.fround(v);
  if (f !== v) throw new Error('not a float32: ' + v);
  return f;
}
const pow2 = e => Math.pow(2, e); // exact for integer e in [-1074, 1023]

// ---------------------------------------------------------------- fills
const FILLS = ['int', 'uniform', 'wide', 'special', 'subnormal'];
const SPECIALS = [NaN, Infinity, -Infinity, -0, pow2(-149), -pow2(-149), pow2(-126) - pow2(-149),
                  -3 * pow2(-140), 1e-40, -0];

// termsMax: an upper bound on the real terms of one dx element.
function fillTensors(fill, rng, nDy, nF, termsMax) {
  const dy = new Float32Array(nDy), F = new Float32Array(nF);
  const ints = (arr, m) => { for (let i = 0; i < arr.length; i++) arr[i] = rng.int(-m, m); };
  switch (fill) {
    case 'int': ints(dy, 8); ints(F, 8); break;
    case 'uniform': {
      const u = arr => { for (let i = 0; i < arr.length; i++) arr[i] = (rng.int(0, (1 << 24) - 1) - (1 << 23)) * pow2(-23); };
      u(dy); u(F); break;
    }
    case 'wide': {
      // sign * (2^23 + m) * 2^(E-23), E in [-60, 55]: |v| < 2^56, so
      // max|dy| * max|F| * terms < 2^112 * terms < FLT_MAX / 2 for terms < 2^14.
      const w = arr => {
        for (let i = 0; i < arr.length; i++) {
          const E = rng.int(-60, 55);
          const v = ((1 << 23) + rng.int(0, (1 << 23) - 1)) * pow2(E - 23);
          arr[i] = rng.int(0, 1) ? -v : v;
        }
      };
      w(dy); w(F); break;
    }
    case 'special': {
      // normal data (small integers and dyadic fractions) with NaN, +-Inf, -0 and denormals
      // mixed in at ~15%.
      const s = arr => {
        for (let i = 0; i < arr.length; i++) {
          const r = rng.int(0, 99);
          if (r < 15) arr[i] = rng.pick(SPECIALS);
          else if (r < 60) arr[i] = rng.int(-9, 9);
          else arr[i] = rng.int(-4096, 4096) * pow2(-10);
        }
      };
      s(dy); s(F); break;
    }
    case 'subnormal': {
      // integers in [-8, 8] scaled by 2^-k1 (dy) and 2^-k2 (F), K = k1 + k2 <= 149 so every
      // partial sum is an exact multiple of 2^-K (exact in float32), and large enough that
      // |dx| <= 64 * terms * 2^-K < 2^-126: the results are subnormal.
      const K = Math.min(149, 126 + 6 + Math.ceil(Math.log2(Math.max(1, termsMax))) + 1 + rng.int(0, 3));
      const k1 = (K >> 1) + rng.int(-3, 3), k2 = K - k1;
      ints(dy, 8); ints(F, 8);
      for (let i = 0; i < dy.length; i++) dy[i] *= pow2(-k1);
      for (let i = 0; i < F.length; i++) F[i] *= pow2(-k2);
      break;
    }
    default: throw new Error('fill ' + fill);
  }
  if (fill === 'wide') {
    const mx = a => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (mx(dy) * mx(F) * termsMax >= FLT_MAX / 2) throw new Error('wide fill out of budget');
  }
  return { dy, F };
}

module.exports = { hashStr, makeRng, enc, pow2, FILLS, fillTensors };
