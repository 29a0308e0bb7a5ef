import { randomBytes } from 'node:crypto';
import { AWS_REGIONS, parseApiConfig, parseDaemonConfig, PROVISIONER_API_PATH } from '../src';

const SECRETS_KEY = randomBytes(32).toString('base64');
const ROOT_ACCESS_TOKEN = 'root-token-that-must-never-be-echoed';

function problemsOf(result: ReturnType<typeof parseApiConfig> | ReturnType<typeof parseDaemonConfig>): readonly string[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('the shared environment schema', () => {
  it('refuses an unknown region in ALLOWED_REGIONS, naming the variable and the value', () => {
    const problems = problemsOf(parseApiConfig({ SECRETS_KEY, ROOT_ACCESS_TOKEN, ALLOWED_REGIONS: 'us-east-1, mars-1' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ALLOWED_REGIONS: unknown region "mars-1" \(allowed: the AWS regions of packages\/config\/src\/aws-regions\.ts/);
    expect(parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', ALLOWED_REGIONS: 'eu-west-9' }).ok).toBe(false);
  });

  it('accepts every region of the AWS partitions it lists, including GovCloud and China', () => {
    const result = parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', ALLOWED_REGIONS: AWS_REGIONS.join(',') });
    expect(result.ok && result.config.allowedRegions).toEqual([...AWS_REGIONS]);
    expect(AWS_REGIONS).toEqual(expect.arrayContaining(['us-gov-west-1', 'cn-north-1', 'ap-southeast-7']));
  });

  it('reports every problem of the API environment at once, each with its variable', () => {
    const problems = problemsOf(
      parseApiConfig({
        PROVISIONER_ID: 'bad id!',
        TABLE_PREFIX: 'no spaces',
        ALLOWED_REGIONS: 'mars-1',
        PORT: '99999',
        ITERATION_PERIOD_MS: '30s',
        PUBLIC_URL: 'ftp://x',
        SECRETS_KEY: 'c2hvcnQ=',
        LOG_LEVEL: 'loud',
        AWS_REGION: 'moon-1',
      }),
    );
    const byVariable = problems.map((problem) => problem.split(':')[0]);
    expect(byVariable.sort()).toEqual(
      ['ALLOWED_REGIONS', 'AWS_REGION', 'ITERATION_PERIOD_MS', 'LOG_LEVEL', 'PORT', 'PROVISIONER_ID', 'PUBLIC_URL', 'ROOT_ACCESS_TOKEN', 'SECRETS_KEY', 'TABLE_PREFIX'].sort(),
    );
    expect(problems).toContain('ITERATION_PERIOD_MS: must be a positive whole number of milliseconds, got "30s"');
    expect(problems).toContain('PORT: must be a port number (0-65535), got "99999"');
    expect(problems).toContain('SECRETS_KEY: decodes to 5 bytes, expected 32');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toContain('fatal, error, warn, info, debug, trace, silent');
  });

  it('never quotes a secret in a problem', () => {
    const badKey = 'not*base64*but*secret';
    const problems = problemsOf(parseApiConfig({ SECRETS_KEY: badKey, ROOT_ACCESS_TOKEN, SECRETS_KEY_PREVIOUS: 'also*secret', PORT: 'x' }));
    expect(problems.join('\n')).not.toMatch(/secret|never-be-echoed/);
    expect(problems).toContain('SECRETS_KEY: is not base64');
    expect(problems).toContain('SECRETS_KEY_PREVIOUS: key 1 is not base64');
  });

  it('fills the API defaults from one place', () => {
    const result = parseApiConfig({ SECRETS_KEY, ROOT_ACCESS_TOKEN, QUEUE_ROOT_URL: 'https://tc.example.com' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config).toMatchObject({
      provisionerId: 'aws-provisioner-v1',
      // unset: the tables' own default (packages/model)
      tablePrefix: undefined,
      allowedRegions: ['us-east-1', 'us-west-2'],
      awsRegion: 'us-east-1',
      port: 5557,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:5557',
      taskclusterRootUrl: 'https://tc.example.com',
      rootClientId: 'root',
      iterationPeriodMs: 30_000,
      logLevel: 'info',
    });
    expect([result.config.secretsKey, result.config.previousSecretsKeys]).toEqual([SECRETS_KEY, []]);
    expect(PROVISIONER_API_PATH).toBe('/api/aws-provisioner/v1');
  });

  it('treats blank variables as unset', () => {
    const result = parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', ALLOWED_REGIONS: ' ', METRICS_PORT: '', PROVISIONER_ID: '  ' });
    expect(result.ok && [result.config.allowedRegions, result.config.metricsPort, result.config.provisionerId]).toEqual([
      ['us-east-1', 'us-west-2'],
      5558,
      'aws-provisioner-v1',
    ]);
  });

  it('requires the daemon its queue and the API its root token, saying what to give', () => {
    expect(problemsOf(parseDaemonConfig({ SECRETS_KEY }))).toEqual(['QUEUE_ROOT_URL: is required: the Taskcluster root URL whose queue reports pending tasks']);
    expect(problemsOf(parseApiConfig({ SECRETS_KEY }))[0]).toMatch(/^ROOT_ACCESS_TOKEN: is required/);
    expect(problemsOf(parseApiConfig({ ROOT_ACCESS_TOKEN }))[0]).toMatch(/^SECRETS_KEY: is required: base64 of 32 random bytes/);
  });

  it('reads the interruption queue as an optional URL: unset means no interruption handling', () => {
    const without = parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', INTERRUPTION_QUEUE_URL: ' ' });
    expect(without.ok && without.config.interruptionQueueUrl).toBeUndefined();
    const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/spot-provisioner-interruptions';
    const withQueue = parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', INTERRUPTION_QUEUE_URL: url });
    expect(withQueue.ok && withQueue.config.interruptionQueueUrl).toBe(url);
    expect(problemsOf(parseDaemonConfig({ SECRETS_KEY, QUEUE_ROOT_URL: 'http://q.test', INTERRUPTION_QUEUE_URL: 'my-queue' }))).toEqual([
      'INTERRUPTION_QUEUE_URL: must be an http(s) URL, got "my-queue"',
    ]);
  });
});

describe("the daemon's Taskcluster credentials (queue writes of scale-down)", () => {
  const base = { SECRETS_KEY, QUEUE_ROOT_URL: 'http://queue.example' };

  it('are optional, and given together sign queue writes', () => {
    expect(parseDaemonConfig(base)).toMatchObject({ ok: true, config: { queueCredentials: undefined } });
    const both = parseDaemonConfig({ ...base, TASKCLUSTER_CLIENT_ID: 'project/provisioner', TASKCLUSTER_ACCESS_TOKEN: 'tok-secret-value' });
    expect(both).toMatchObject({ ok: true, config: { queueCredentials: { clientId: 'project/provisioner', accessToken: 'tok-secret-value' } } });
  });

  it('refuse one without the other, with every other problem, never quoting the token', () => {
    const tokenOnly = problemsOf(parseDaemonConfig({ SECRETS_KEY, TASKCLUSTER_ACCESS_TOKEN: 'tok-secret-value' }));
    expect(tokenOnly).toEqual([
      'QUEUE_ROOT_URL: is required: the Taskcluster root URL whose queue reports pending tasks',
      'TASKCLUSTER_CLIENT_ID: is required with TASKCLUSTER_ACCESS_TOKEN (the daemon signs queue writes with both)',
    ]);
    expect(tokenOnly.join('\n')).not.toContain('tok-secret-value');
    expect(problemsOf(parseDaemonConfig({ ...base, TASKCLUSTER_CLIENT_ID: 'project/provisioner' }))).toEqual([
      'TASKCLUSTER_ACCESS_TOKEN: is required with TASKCLUSTER_CLIENT_ID (the daemon signs queue writes with both)',
    ]);
  });
});
