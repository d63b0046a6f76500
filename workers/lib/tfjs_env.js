// tfjs_env.js — loads @tensorflow/tfjs-core 4.22.0 with one backend ('cpu': tfjs-backend-cpu,
// 'wasm': tfjs-backend-wasm, its .wasm binaries from the package's own dist/, so nothing is
// fetched), quietly (no "install tfjs-node" banner), and checks the versions; and reaches the
// internal op conv2DBackpropInput (not exported in 4.22.0), whose checks dataFormat 'NCHW'
// needs: the public tf.conv2dTranspose hard-codes 'NHWC'.
//
// How the internal op is reached (the same trick as tools/tfjs/tfjs_env.js): tfjs-core
// ships its ES-module build next to the node bundle, with extensionless relative imports
// that node cannot resolve; a module-resolve hook appends ".js" inside tfjs-core/dist and
// loads those files as ES modules. That copy shares the engine and kernel registry with
// the bundle (both live in a global namespace), so its op runs the active backend.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const VERSION = '4.22.0';
const BACKEND_PACKAGES = { cpu: '@tensorflow/tfjs-backend-cpu', wasm: '@tensorflow/tfjs-backend-wasm' };

function packageVersion(name) {
  return require(`${name}/package.json`).version;
}

async function loadTf(backend) {
  const pkg = BACKEND_PACKAGES[backend];
  if (!pkg) throw new Error(`unknown TFJS backend '${backend}' (cpu or wasm)`);
  const tf = require('@tensorflow/tfjs-core');
  const module = require(pkg);
  if (backend === 'wasm') {
    const dist = path.dirname(require.resolve(`${pkg}/dist/tfjs-backend-wasm.wasm`));
    module.setWasmPaths(dist + path.sep);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialise`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`${backend} backend not active`);
  // The CPU backend's first tensor prints "install our node backend" (tfjs-node, whose
  // kernels are not the ones checked here) to stderr, which dxcheck passes on: only that
  // banner is silenced (its own once-flag), every other warning still shows.
  if ('firstUse' in tf.backend()) tf.backend().firstUse = false;
  for (const name of ['@tensorflow/tfjs-core', pkg]) {
    if (packageVersion(name) !== VERSION) throw new Error(`${name} ${packageVersion(name)} != ${VERSION}`);
  }
  return { tf, implementation: `${pkg}@${VERSION} (@tensorflow/tfjs-core@${VERSION}, node ${process.version})` };
}

const HOOK = `
export async function resolve(spec, ctx, next) {
  if ((spec.startsWith('./') || spec.startsWith('../')) && !spec.endsWith('.js') &&
      ctx.parentURL && ctx.parentURL.includes('/@tensorflow/tfjs-core/dist/')) {
    return next(spec + '.js', ctx);
  }
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  if (url.includes('/@tensorflow/tfjs-core/dist/') && !url.endsWith('.node.js') && !url.endsWith('.json')) {
    return next(url, { ...ctx, format: 'module' });
  }
  return next(url, ctx);
}`;

// Resolves to conv2DBackpropInput(xShape, dy, filter, strides, pad, dataFormat, dimRoundingMode).
async function loadInternalOp(tf) {
  require('node:module').register('data:text/javascript,' + encodeURIComponent(HOOK));
  const file = require.resolve('@tensorflow/tfjs-core/dist/ops/conv2d_backprop_input.js');
  const op = await import(pathToFileURL(file).href);
  const engine = await import(pathToFileURL(require.resolve('@tensorflow/tfjs-core/dist/engine.js')).href);
  if (engine.ENGINE !== tf.engine()) throw new Error('the ES-module tfjs-core does not share the engine');
  if (typeof op.conv2DBackpropInput !== 'function') throw new Error('conv2DBackpropInput not found');
  return op.conv2DBackpropInput;
}

module.exports = { loadTf, loadInternalOp };
