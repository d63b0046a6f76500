// tfjs_env.js — loads @tensorflow/tfjs-core + @tensorflow/tfjs-backend-cpu 4.22.0 once,
// quietly (nothing on stdout), with the cpu backend active; and, asynchronously, the
// internal op `conv2DBackpropInput` (not exported by the public API in 4.22.0).
//
// How the internal op is reached: tfjs-core ships its ES-module build next to the node
// bundle (dist/ops/conv2d_backprop_input.js, ES2017 `import` syntax with extensionless
// relative specifiers). Node cannot resolve those specifiers by itself, so a tiny module
// resolve hook (node:module register) appends ".js" for relative imports inside
// tfjs-core/dist and marks those files as ES modules. The ES-module copy shares the
// engine and the kernel registry with the node bundle (both live in a global namespace:
// `_tfengine`, `kernelRegistry`), so its op runs the same cpu kernel; its body is the same
// source as the bundle's `conv2DBackpropInput_` (tfjs-core/src/ops/conv2d_backprop_input.ts).
// It is the only way to run the op's checks with dataFormat 'NCHW': the public
// `tf.conv2dTranspose` hard-codes 'NHWC'.
'use strict';
const { pathToFileURL } = require('node:url');

let cached = null;

function loadTf() {
  if (cached) return cached;
  // tfjs-core prints a "Hi, looks like you are running TensorFlow.js in Node.js" banner
  // when the cpu backend is created. Keep stdout clean for the live worker's protocol.
  const log = console.log, warn = console.warn, info = console.info;
  console.log = console.warn = console.info = (...a) => process.stderr.write(a.join(' ') + '\n');
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  tf.setBackend('cpu');
  tf.engine().backend; // force backend creation (prints the banner to stderr)
  console.log = log; console.warn = warn; console.info = info;
  if (tf.getBackend() !== 'cpu') throw new Error('cpu backend not active');
  if (tf.version_core !== '4.22.0') throw new Error('tfjs-core version ' + tf.version_core + ' != 4.22.0');
  const cpuVersion = require('@tensorflow/tfjs-backend-cpu/package.json').version;
  if (cpuVersion !== '4.22.0') throw new Error('tfjs-backend-cpu version ' + cpuVersion + ' != 4.22.0');
  cached = { tf };
  return cached;
}

let hookRegistered = false;
const HOOK = `
export async function resolve(spec, ctx, next) {
  if ((spec.startsWith('./') || spec.startsWith('../')) && !spec.endsWith('.js') &&
      ctx.parentURL && ctx.parentURL.includes('/@tensorflow/tfjs-core/dist/')) {
    return next(spec + '.js', ctx);
  }
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  if (url.includes('/@tensorflow/tfjs-core/dist/') && !url.endsWith('.node.js') &&
      !url.endsWith('.json')) {
    return next(url, { ...ctx, format: 'module' });
  }
  return next(url, ctx);
}`;

// Resolves to the internal op function conv2DBackpropInput(xShape, dy, filter, strides,
// pad, dataFormat = 'NHWC', dimRoundingMode) of tfjs-core 4.22.0.
async function loadInternalOp() {
  const { tf } = loadTf();
  if (!hookRegistered) {
    require('node:module').register('data:text/javascript,' + encodeURIComponent(HOOK));
    hookRegistered = true;
  }
  const file = require.resolve('@tensorflow/tfjs-core/dist/ops/conv2d_backprop_input.js');
  const m = await import(pathToFileURL(file).href);
  const eng = await import(pathToFileURL(require.resolve('@tensorflow/tfjs-core/dist/engine.js')).href);
  if (eng.ENGINE !== tf.engine()) throw new Error('ES-module tfjs-core does not share the engine');
  if (typeof m.conv2DBackpropInput !== 'function') throw new Error('conv2DBackpropInput not found');
  return m.conv2DBackpropInput;
}

module.exports = { loadTf, loadInternalOp };
