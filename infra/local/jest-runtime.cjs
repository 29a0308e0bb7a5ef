/**
 * jest's module runtime, with V8's code cache kept across the test files of a worker.
 *
 * jest gives every test file a fresh module registry, so each file compiles again every module
 * it loads (the AWS SDK, Fastify, zod, ...): about a third of an integration file's CPU time.
 * A jest worker runs many files one after the other; here it keeps V8's compiled code of each
 * module (keyed by file and source) and hands it back on the next compile of the same source,
 * which V8 checks and otherwise ignores. The modules still run afresh in every file: only the
 * parse and compile are saved. Plain JavaScript: jest loads the runtime without transforming it.
 */
const path = require('node:path');
const vm = require('node:vm');

/** jest-runtime is jest's own dependency (pnpm does not hoist it): found from where jest runs. */
function jestsRuntime() {
  const from = (name, dir) => path.dirname(require.resolve(`${name}/package.json`, { paths: [dir] }));
  const core = from('@jest/core', from('jest', __dirname));
  return require(require.resolve('jest-runtime', { paths: [from('jest-runner', core)] })).default;
}
const JestRuntime = jestsRuntime();

const PATCHED = Symbol.for('spot-provisioner.jest-code-cache');

if (!vm[PATCHED]) {
  const compileFunction = vm.compileFunction;
  /** filename → the source compiled and V8's cached data for it */
  const cache = new Map();
  vm.compileFunction = function compileWithCache(code, params, options) {
    const filename = options && options.filename;
    if (!filename) return compileFunction.call(this, code, params, options);
    const cached = cache.get(filename);
    if (cached && cached.code === code) {
      const compiled = compileFunction.call(this, code, params, { ...options, cachedData: cached.data });
      if (!compiled.cachedDataRejected) return compiled;
    }
    const compiled = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
    if (compiled.cachedDataProduced && compiled.cachedData) cache.set(filename, { code, data: compiled.cachedData });
    return compiled;
  };
  vm[PATCHED] = true;
}

module.exports = JestRuntime;
