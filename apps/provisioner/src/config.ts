/**
 * The daemon's configuration, read from the environment in one place (main.ts calls this).
 * Every problem is reported at once; secrets are never echoed.
 */
import { validate } from 'node-cron';

export const DEFAULTS = {
  provisionerId: 'aws-provisioner-v1',
  allowedRegions: ['us-east-1', 'us-west-2'],
  tablePrefix: 'Provisioner',
  iterationSchedule: '*/30 * * * * *',
  maxInstanceLife: '96h',
  metricsPort: 5558,
  /** Loopback unless told otherwise: metrics reveal the fleet's shape (containers set 0.0.0.0). */
  metricsHost: '127.0.0.1',
  awsRegion: 'us-east-1',
} as const;

export interface ProvisionerConfig {
  provisionerId: string;
  allowedRegions: string[];
  tablePrefix: string;
  queueRootUrl: string;
  iterationSchedule: string;
  maxInstanceLifeMs: number;
  /** OpenSSH public key line; instances get it as their key pair. */
  instancePublicKey: string | undefined;
  provisionerBaseUrl: string;
  taskclusterRootUrl: string;
  metricsPort: number;
  metricsHost: string;
  /** Region of the DynamoDB client. */
  awsRegion: string;
  /** Path to a JSON object of on-demand list prices by instance type. */
  onDemandPricesFile: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}

const PROVISIONER_ID = /^[a-zA-Z0-9-_]{1,38}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '96h', '30m', '45s', '2d', or a bare number of seconds → milliseconds; undefined if not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase() || 's';
  const ms = amount * (UNIT_MS[unit] ?? 1_000);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ProvisionerConfig {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const provisionerId = get('PROVISIONER_ID') ?? DEFAULTS.provisionerId;
  if (!PROVISIONER_ID.test(provisionerId)) problems.push(`PROVISIONER_ID must match ${PROVISIONER_ID}, got "${provisionerId}"`);

  const regions = (get('ALLOWED_REGIONS')?.split(',') ?? [...DEFAULTS.allowedRegions]).map((r) => r.trim()).filter(Boolean);
  if (regions.length === 0) problems.push('ALLOWED_REGIONS names no region');
  for (const region of regions) if (!REGION.test(region)) problems.push(`ALLOWED_REGIONS: "${region}" is not a region name`);

  const queueRootUrl = get('QUEUE_ROOT_URL');
  if (!queueRootUrl) problems.push('QUEUE_ROOT_URL is required: the Taskcluster root URL whose queue reports pending tasks');
  else if (!isHttpUrl(queueRootUrl)) problems.push(`QUEUE_ROOT_URL must be an http(s) URL, got "${queueRootUrl}"`);

  const iterationSchedule = get('ITERATION_SCHEDULE') ?? DEFAULTS.iterationSchedule;
  if (!validate(iterationSchedule)) problems.push(`ITERATION_SCHEDULE is not a cron expression: "${iterationSchedule}"`);

  const lifeText = get('MAX_INSTANCE_LIFE') ?? DEFAULTS.maxInstanceLife;
  const maxInstanceLifeMs = parseDuration(lifeText);
  if (maxInstanceLifeMs === undefined) problems.push(`MAX_INSTANCE_LIFE must be a duration like 96h, 30m or 3600 (seconds), got "${lifeText}"`);

  const metricsPortText = get('METRICS_PORT');
  const metricsPort = metricsPortText === undefined ? DEFAULTS.metricsPort : Number(metricsPortText);
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) problems.push(`METRICS_PORT must be a port, got "${metricsPortText}"`);

  const taskclusterRootUrl = get('TASKCLUSTER_ROOT_URL') ?? queueRootUrl ?? '';
  const provisionerBaseUrl = get('PROVISIONER_BASE_URL') ?? (taskclusterRootUrl ? `${taskclusterRootUrl.replace(/\/+$/, '')}/api/aws-provisioner/v1` : '');
  for (const [name, value] of [['TASKCLUSTER_ROOT_URL', taskclusterRootUrl], ['PROVISIONER_BASE_URL', provisionerBaseUrl]] as const) {
    if (value && !isHttpUrl(value)) problems.push(`${name} must be an http(s) URL, got "${value}"`);
  }

  const instancePublicKey = get('INSTANCE_PUBLIC_KEY');
  if (instancePublicKey && !/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(instancePublicKey)) {
    problems.push('INSTANCE_PUBLIC_KEY must be an OpenSSH public key line (ssh-rsa / ssh-ed25519 / ecdsa-sha2-...)');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    provisionerId,
    allowedRegions: [...new Set(regions)],
    tablePrefix: get('TABLE_PREFIX') ?? DEFAULTS.tablePrefix,
    queueRootUrl: queueRootUrl as string,
    iterationSchedule,
    maxInstanceLifeMs: maxInstanceLifeMs as number,
    instancePublicKey,
    provisionerBaseUrl,
    taskclusterRootUrl,
    metricsPort,
    metricsHost: get('METRICS_HOST') ?? DEFAULTS.metricsHost,
    awsRegion: get('AWS_REGION') ?? get('AWS_DEFAULT_REGION') ?? regions[0] ?? DEFAULTS.awsRegion,
    onDemandPricesFile: get('ON_DEMAND_PRICES_FILE'),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
