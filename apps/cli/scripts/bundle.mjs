// Bundles the CLI's TypeScript (its own and the workspace packages it imports) into one CommonJS
// file; third-party packages stay external and load from node_modules as usual. Writes the list
// of bundled sources beside it, which the bin checks before running the bundle.
//   node apps/cli/scripts/bundle.mjs  (scripts/bootstrap.sh runs it when the bundle is stale)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const { BUNDLE, INPUTS, REPO_ROOT } = require('../bin/bundle.cjs');

/** Bare imports of anything but the workspace's own packages stay `require`s. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@spot-provisioner/') ? undefined : { path: args.path, external: true }));
  },
};

const cliDir = path.resolve(path.dirname(BUNDLE), '..');
mkdirSync(path.dirname(BUNDLE), { recursive: true });
const result = await build({
  entryPoints: [path.join(cliDir, 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: BUNDLE,
  sourcemap: 'inline',
  metafile: true,
  logLevel: 'warning',
  plugins: [thirdPartyExternal],
});
const sources = Object.keys(result.metafile.inputs).map((input) => path.relative(REPO_ROOT, path.resolve(input)));
writeFileSync(INPUTS, `${JSON.stringify(sources.sort(), null, 1)}\n`);
