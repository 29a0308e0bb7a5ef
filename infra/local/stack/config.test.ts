import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../engines';
import { configurationProblems, planStack, StackConfigError, withLocalDefaults } from './config';
import { envFileText, SOURCED_MARKER, withoutSourcedStackEnv, type StackEnvValues } from './env-file';

const validKey = Buffer.alloc(32, 7).toString('base64');

describe("the local stack's configuration", () => {
  it('names the variable and the allowed values for an unknown region, with no second message about it', async () => {
    const problems = configurationProblems(withLocalDefaults({ ALLOWED_REGIONS: 'us-east-1,mars-1', SECRETS_KEY: validKey }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ALLOWED_REGIONS: unknown region "mars-1".*allowed/);
    expect(problems[0]).toMatch(/allowed.*\bus-east-1, us-east-2\b/);
  });

  it('reports every problem at once, each naming its variable', async () => {
    const problems = configurationProblems(
      withLocalDefaults({ SECRETS_KEY: 'short', PORT: 'abc', LOG_LEVEL: 'loud', ITERATION_SCHEDULE: 'often', ITERATION_PERIOD_MS: '0' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT.*"abc"/),
        expect.stringMatching(/^SECRETS_KEY.*3 bytes/),
        expect.stringMatching(/^LOG_LEVEL.*fatal, error, warn, info, debug, trace, silent.*"loud"/),
        expect.stringMatching(/^ITERATION_SCHEDULE/),
        expect.stringMatching(/^ITERATION_PERIOD_MS.*"0"/),
      ]),
    );
    // the API's and the daemon's parsers share variables: each problem is said once
    expect(new Set(problems).size).toBe(problems.length);
    expect(problems.filter((problem) => problem.startsWith('LOG_LEVEL'))).toHaveLength(1);
  });

  it('refuses an explicitly given port that is taken, before starting anything', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = planStack({ PORT: String(port), SECRETS_KEY: validKey });
      await expect(attempt).rejects.toBeInstanceOf(StackConfigError);
      await expect(attempt).rejects.toThrow(`PORT: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('reports a bad variable and a taken port together, in one pass', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = planStack({ ALLOWED_REGIONS: 'mars-1', PORT: String(port), SECRETS_KEY: validKey });
      await expect(attempt).rejects.toBeInstanceOf(StackConfigError);
      const { problems } = (await attempt.catch((error: unknown) => error)) as StackConfigError;
      expect(problems).toEqual([expect.stringMatching(/^ALLOWED_REGIONS: unknown region "mars-1"/), `PORT: port ${port} on 127.0.0.1 is already in use; free it or choose another port`]);
    } finally {
      blocker.close();
    }
  });

  it('picks every port it is not given, metrics included, all different', async () => {
    const plan = await planStack({ SECRETS_KEY: validKey });
    const ports = [plan.ports.api, plan.ports.metrics, plan.ports.queueStandIn, plan.ports.moto, plan.ports.dynamodb];
    expect(ports.every((port) => typeof port === 'number' && port > 0)).toBe(true);
    expect(new Set(ports).size).toBe(5);
    expect(plan.env.METRICS_PORT).toBe(String(plan.ports.metrics));
    expect(plan.env.PUBLIC_URL).toBe(`http://127.0.0.1:${plan.ports.api}`);
  });
});

describe('the env file', () => {
  const values = { TASKCLUSTER_ROOT_URL: 'http://127.0.0.1:1234', SECRETS_KEY: "it's/+=", TABLE_PREFIX: 'P' } as StackEnvValues;

  it('is sourceable whatever the values hold', () => {
    const text = envFileText(values, '/tmp/x.env');
    expect(text).toContain("export SECRETS_KEY='it'\\''s/+='");
    expect(text).toContain("export TASKCLUSTER_ROOT_URL='http://127.0.0.1:1234'");
    expect(text).toContain(`export ${SOURCED_MARKER}='/tmp/x.env'`);
  });

  it('keeps, and says so, what the caller set on the command line after sourcing the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'envfile-'));
    const file = path.join(dir, 'env');
    writeFileSync(file, envFileText({ ...values, ALLOWED_REGIONS: 'us-east-1,us-west-2', AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:1' }, file));
    // a shell that sourced the file, then ran `ALLOWED_REGIONS=eu-west-1 scripts/start-local.sh`
    const shell = spawnSync('bash', ['-c', `source '${file}' && ALLOWED_REGIONS=eu-west-1 env -0`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const sourced = Object.fromEntries(shell.stdout.split('\0').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const { env, dropped, kept } = withoutSourcedStackEnv(sourced);
    expect(env.ALLOWED_REGIONS).toBe('eu-west-1');
    expect(env.AWS_ENDPOINT_URL_EC2).toBeUndefined();
    expect(env.TABLE_PREFIX).toBeUndefined();
    expect(kept).toEqual(['ALLOWED_REGIONS']);
    expect(dropped).toEqual(expect.arrayContaining(['TABLE_PREFIX', 'AWS_ENDPOINT_URL_EC2', 'SECRETS_KEY']));
    expect(dropped).not.toContain('ALLOWED_REGIONS');
  });

  it("keeps a new stack from aiming at an earlier stack's engines when started from a shell that sourced its file", () => {
    const sourced = { [SOURCED_MARKER]: '/tmp/x.env', AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:1', SECRETS_KEY: 'k', HOME: '/root' };
    const { env, dropped } = withoutSourcedStackEnv(sourced);
    expect(env).toEqual({ HOME: '/root' });
    expect(dropped).toEqual(['SECRETS_KEY', 'AWS_ENDPOINT_URL_EC2']);
    expect(withoutSourcedStackEnv({ AWS_ENDPOINT_URL_EC2: 'http://mine' }).env).toEqual({ AWS_ENDPOINT_URL_EC2: 'http://mine' });
  });
});
