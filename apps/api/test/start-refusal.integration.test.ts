/** The API's real entry point refuses a bad environment before listening. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** tsx compiles on start; on a busy 2-core machine that takes a while. */
const START_TIMEOUT_MS = 60_000;

describe('the API started with a bad environment', () => {
  it('exits 1 listing every problem, with the variable names, and never the secrets', () => {
    const result = spawnSync(join(__dirname, '../../../node_modules/.bin/tsx'), [join(__dirname, '../src/main.ts')], {
      env: {
        ...process.env,
        ALLOWED_REGIONS: 'mars-1',
        ITERATION_PERIOD_MS: '30s',
        ROOT_ACCESS_TOKEN: 'a-root-token-never-to-print',
        SECRETS_KEY: 'too-short-secret',
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ALLOWED_REGIONS: unknown region "mars-1"/);
    expect(result.stderr).toContain('ITERATION_PERIOD_MS: must be a positive whole number of milliseconds, got "30s"');
    expect(result.stderr).toMatch(/SECRETS_KEY: /);
    expect(result.stderr).not.toMatch(/never-to-print|too-short-secret/);
  }, START_TIMEOUT_MS + 5_000);
});
