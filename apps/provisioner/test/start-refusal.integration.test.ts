/** The daemon's real entry point refuses a bad environment before starting anything. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateKey } from '@spot-provisioner/model';

/** tsx compiles on start; on a busy 2-core machine that takes a while. */
const START_TIMEOUT_MS = 60_000;

describe('the daemon started with a bad environment', () => {
  it('exits 1 naming every bad variable, the unknown region first, before touching AWS', () => {
    const result = spawnSync(join(__dirname, '../../../node_modules/.bin/tsx'), [join(__dirname, '../src/main.ts')], {
      env: {
        ...process.env,
        ALLOWED_REGIONS: 'us-east-1,mars-1',
        QUEUE_ROOT_URL: 'http://127.0.0.1:9',
        SECRETS_KEY: generateKey(),
        METRICS_PORT: 'none',
        // nothing may be reached: an unroutable endpoint would hang a daemon that tried
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      },
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid configuration:');
    expect(result.stderr).toMatch(/ALLOWED_REGIONS: unknown region "mars-1"/);
    expect(result.stderr).toContain('METRICS_PORT: must be a port number (0-65535), got "none"');
    expect(result.stdout).not.toContain('provisioner daemon started');
  }, START_TIMEOUT_MS + 5_000);
});
