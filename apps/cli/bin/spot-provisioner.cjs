#!/usr/bin/env node
// The spot-provisioner CLI. It runs its bundle (dist/, built by scripts/bootstrap.sh or `pnpm
// --filter @spot-provisioner/cli build`), which starts in a third of the time, when the bundle is
// newer than every source it holds; otherwise the TypeScript sources through tsx (no build step).
// `import('tsx')` is what `node --import tsx` does: require() and import() of .ts both work.
const { BUNDLE, bundleIsFresh } = require('./bundle.cjs');

if (bundleIsFresh()) require(BUNDLE).main();
else import('tsx').then(() => require('../src/main.ts').main());
