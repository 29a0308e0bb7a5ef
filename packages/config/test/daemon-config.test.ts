import { randomBytes } from 'node:crypto';
import { ConfigError, loadDaemonConfig, parseDuration } from '../src';

const SECRETS_KEY = randomBytes(32).toString('base64');

describe("the daemon's configuration from the environment", () => {
  it('accepts durations in hours, minutes, seconds, days or bare seconds', () => {
    expect(parseDuration('96h')).toBe(96 * 3_600_000);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('3600')).toBe(3_600_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('0')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
  });

  it('fills the documented defaults when only QUEUE_ROOT_URL and SECRETS_KEY are given', () => {
    const config = loadDaemonConfig({ QUEUE_ROOT_URL: 'http://127.0.0.1:5559', SECRETS_KEY });
    expect(config).toMatchObject({
      provisionerId: 'aws-provisioner-v1',
      allowedRegions: ['us-east-1', 'us-west-2'],
      tablePrefix: undefined,
      iterationSchedule: '*/30 * * * * *',
      maxInstanceLifeMs: 96 * 3_600_000,
      metricsPort: 5558,
      metricsHost: '127.0.0.1',
      instancePublicKey: undefined,
      iterationDeadlineMs: 90_000,
      taskclusterRootUrl: 'http://127.0.0.1:5559',
      // the API's own default address, as the README documents for PUBLIC_URL
      provisionerBaseUrl: 'http://127.0.0.1:5557/api/aws-provisioner/v1',
    });
  });

  it('writes <PUBLIC_URL>/api/aws-provisioner/v1 into user data, as the README says', () => {
    const config = loadDaemonConfig({ QUEUE_ROOT_URL: 'https://tc.example.com', PUBLIC_URL: 'https://prov.example.com/', SECRETS_KEY });
    expect(config.provisionerBaseUrl).toBe('https://prov.example.com/api/aws-provisioner/v1');
    expect(config.taskclusterRootUrl).toBe('https://tc.example.com');
  });

  it('reads every variable it documents', () => {
    const config = loadDaemonConfig({
      PROVISIONER_ID: 'my-prov',
      ALLOWED_REGIONS: 'eu-central-1, us-east-2',
      TABLE_PREFIX: 'Staging',
      QUEUE_ROOT_URL: 'https://tc.example.com',
      ITERATION_SCHEDULE: '*/10 * * * * *',
      MAX_INSTANCE_LIFE: '30m',
      INSTANCE_PUBLIC_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO7 ops@example.com',
      PROVISIONER_BASE_URL: 'https://prov.example.com/v1',
      TASKCLUSTER_ROOT_URL: 'https://tc.example.com',
      METRICS_PORT: '9100',
      METRICS_HOST: '0.0.0.0',
      ITERATION_DEADLINE: '2m',
      SECRETS_KEY,
    });
    expect(config).toMatchObject({
      provisionerId: 'my-prov',
      allowedRegions: ['eu-central-1', 'us-east-2'],
      tablePrefix: 'Staging',
      iterationSchedule: '*/10 * * * * *',
      maxInstanceLifeMs: 30 * 60_000,
      provisionerBaseUrl: 'https://prov.example.com/v1',
      metricsPort: 9100,
      metricsHost: '0.0.0.0',
      iterationDeadlineMs: 120_000,
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadDaemonConfig({ PROVISIONER_ID: 'bad id!', ALLOWED_REGIONS: 'mars-1', ITERATION_SCHEDULE: 'often', MAX_INSTANCE_LIFE: 'forever', METRICS_PORT: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PROVISIONER_ID', 'ALLOWED_REGIONS', 'QUEUE_ROOT_URL', 'ITERATION_SCHEDULE', 'MAX_INSTANCE_LIFE', 'METRICS_PORT', 'SECRETS_KEY']) {
      expect(problems).toContain(name);
    }
  });
});
