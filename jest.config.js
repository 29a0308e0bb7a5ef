// One jest configuration for the whole workspace: a project per package, TypeScript through swc.
// Unit tests (*.test.ts) and integration tests (*.integration.test.ts) both run by default.
// Test files run in parallel: each jest worker has its own moto and all share one DynamoDB
// Local (infra/local/jest-global-setup.ts), which starts only when a project that needs
// engines has tests in the run.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

// Fastify's inject (light-my-request → cookie@2) and @fastify/static (content-disposition@3)
// load ESM-only packages; Node 20.19+ requires them natively, jest's loader does not, so swc
// turns just these into CommonJS.
const ESM_ONLY = ['cookie', 'content-disposition'];
const transformIgnorePatterns = [`/node_modules/(?!\\.pnpm/(${ESM_ONLY.join('|')})@)(?!(${ESM_ONLY.join('|')})/)`];

const ENGINES = {
  globalSetup: path.join(__dirname, 'infra/local/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, 'infra/local/jest-global-teardown.ts'),
};

/** Engines given from outside (e.g. LocalStack) are one set for the whole run: one file at a time. */
const sharedEngines = Boolean(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_EC2);
/**
 * Most of a test file's time is spent waiting on engines, child processes and timeouts, so
 * more workers than cores pay off; each worker costs one moto (about 100 MB).
 */
const WORKERS = 4;

const project = (dir, { engines = false, displayName = dir, ...overrides } = {}) => ({
  displayName,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/build/'],
  setupFiles: [path.join(__dirname, 'packages/testing/src/jest-setup.ts')],
  // keeps V8's compiled code of each module for the next test file of the same worker
  runtime: path.join(__dirname, 'infra/local/jest-runtime.cjs'),
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  transformIgnorePatterns,
  ...(engines ? ENGINES : {}),
  ...overrides,
});

/** @type {import('jest').Config} */
module.exports = {
  // A guard against a hang, not a speed bound: on a loaded 2-core machine an engine's first
  // answer or a child process's start can take tens of seconds. Speed belongs in `pnpm bench`.
  testTimeout: 120_000,
  maxWorkers: sharedEngines ? 1 : WORKERS,
  projects: [
    project('packages/bidding'),
    project('packages/model', { engines: true }),
    project('packages/launch-spec'),
    project('packages/config'),
    project('packages/ec2-gateway', { engines: true }),
    project('packages/planner'),
    project('packages/api-client', { engines: true }),
    project('apps/api', { engines: true }),
    project('apps/provisioner', { engines: true }),
    project('apps/cli', { engines: true }),
    project('apps/simulator'),
    project('apps/console', { testPathIgnorePatterns: ['/node_modules/', '/build/', '/test/browser/'] }),
    project('apps/console', { displayName: 'apps/console browser', engines: true, testMatch: ['<rootDir>/test/browser/**/*.test.ts'] }),
    project('infra', { engines: true }),
    project('scripts'),
  ],
};
