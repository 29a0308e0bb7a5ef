#!/usr/bin/env node
// The spot-provisioner CLI, run from the TypeScript sources through tsx (no build step).
require('tsx/cjs');
require('../src/main.ts').main();
