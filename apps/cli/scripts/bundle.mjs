// Bundles the CLI's TypeScript (its own and the workspace packages it imports) into one CommonJS
// file; third-party packages stay external and load from node_modules as usual. Writes the list
// of bundled sources beside it, which the bin checks before running the bundle.
//   node apps/cli/scripts/bundle.mjs  (scripts/bootstrap.sh runs it when the bundle is stale)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire, isBuiltin } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const { BUNDLE, INPUTS, REPO_ROOT } = require('../bin/bundle.cjs');

/**
 * Bare imports of anything but the workspace's own packages stay `require`s, of the file they
 * resolve to from the importing source: pnpm gives each package only its own dependencies, so
 * a workspace package's dependency cannot be found from apps/cli/dist by name. (The bundle is
 * built on the machine that runs it, by bootstrap, so its absolute paths hold.) Node's own
 * modules stay as named; a package `require` cannot resolve is bundled.
 */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@spot-provisioner/')) return undefined;
      if (args.path.startsWith('node:') || isBuiltin(args.path)) return { path: args.path, external: true };
      try {
        return { path: require.resolve(args.path, { paths: [args.resolveDir] }), external: true };
      } catch {
        return undefined;
      }
    });
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
