// One jest configuration for the whole workspace: a project per package, TypeScript through swc.
// Unit tests (*.test.ts) and integration tests (*.integration.test.ts) both run by default;
// the global setup starts moto and DynamoDB Local unless endpoints are given in the environment.
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

const project = (dir) => ({
  displayName: dir,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/build/'],
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  transformIgnorePatterns,
});

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/infra/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/infra/local/jest-global-teardown.ts',
  transform: { '^.+\\.ts$': swc },
  testTimeout: 30000,
  // moto is one engine shared by the run and tests reset it; files must not interleave.
  maxWorkers: 1,
  projects: [
    'packages/bidding',
    'packages/model',
    'packages/launch-spec',
    'packages/config',
    'packages/ec2-gateway',
    'packages/planner',
    'packages/api-client',
    'apps/api',
    'apps/provisioner',
    'apps/cli',
    'apps/simulator',
    'apps/console',
    'infra',
  ].map(project),
};
