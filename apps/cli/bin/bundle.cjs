// Where the CLI's bundle lives and whether it may run: only when it is newer than every source
// file it was built from (dist/inputs.json, written beside it), so an edited source never runs
// stale. Plain CommonJS: the bin reads it before anything TypeScript is loaded.
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.resolve(__dirname, '..', 'dist');
const BUNDLE = path.join(DIST, 'spot-provisioner.cjs');
const INPUTS = path.join(DIST, 'inputs.json');

/** True when the bundle exists and none of its inputs (repository-relative paths) changed since it was built. */
function bundleIsFresh(bundle = BUNDLE, inputs = INPUTS, root = REPO_ROOT) {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const sources = JSON.parse(fs.readFileSync(inputs, 'utf8'));
    if (!Array.isArray(sources) || sources.length === 0) return false;
    return sources.every((source) => fs.statSync(path.resolve(root, source)).mtimeMs <= built);
  } catch {
    return false; // missing, unreadable, or a source gone: run the sources
  }
}

module.exports = { BUNDLE, INPUTS, REPO_ROOT, bundleIsFresh };
