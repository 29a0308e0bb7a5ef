#!/usr/bin/env node
// The spot-provisioner CLI, run from the TypeScript sources through tsx (no build step).
// `import('tsx')` is what `node --import tsx` does: require() and import() of .ts both work.
import('tsx').then(() => require('../src/main.ts').main());
