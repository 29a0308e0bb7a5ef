/**
 * `.local/env`: what a shell needs to talk to the running stack (`source .local/env`): the
 * clients CLI (SECRETS_KEY, TABLE_PREFIX, the DynamoDB endpoint), the worker-type CLI
 * (TASKCLUSTER_*), the AWS SDK and CLI (endpoints and the emulators' dummy credentials), the
 * interruption queue's URL and the queue stand-in's URL. Development credentials only; the file is readable by its owner only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Set by the file itself, so a stack started from a shell that sourced it can tell. */
export const SOURCED_MARKER = 'SPOT_PROVISIONER_LOCAL_ENV';
/**
 * Set by the file too: a fingerprint of each value it exports (`NAME:hash,…`), so a value the
 * caller set afterwards (`ALLOWED_REGIONS=eu-west-1 scripts/start-local.sh`) tells from one the
 * file set. 48 bits of sha256: enough to tell values apart, nothing to learn a secret from.
 */
export const SOURCED_VALUES_MARKER = 'SPOT_PROVISIONER_LOCAL_ENV_VALUES';

function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

export const ENV_FILE_VARIABLES = [
  'TASKCLUSTER_ROOT_URL',
  'TASKCLUSTER_CLIENT_ID',
  'TASKCLUSTER_ACCESS_TOKEN',
  'SECRETS_KEY',
  'TABLE_PREFIX',
  'PROVISIONER_ID',
  'ALLOWED_REGIONS',
  'AWS_REGION',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_EVENTBRIDGE',
  'INTERRUPTION_QUEUE_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'QUEUE_ROOT_URL',
] as const;

export type StackEnvValues = Record<(typeof ENV_FILE_VARIABLES)[number], string | undefined>;

/** POSIX shell single quotes: safe for any value. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function envFileText(values: StackEnvValues, envFile: string): string {
  const lines = [
    `# spot-provisioner local stack, written ${new Date().toISOString()}; use with: source ${envFile}`,
    '# Development credentials for this stack only; they change on every start.',
    `export ${SOURCED_MARKER}=${quote(envFile)}`,
  ];
  // TASKCLUSTER_CERTIFICATE from elsewhere would make the root credentials look temporary.
  lines.push('unset TASKCLUSTER_CERTIFICATE');
  // this machine's Node 20 makes every AWS SDK start print an end-of-support notice
  lines.push('export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true');
  const exported = ENV_FILE_VARIABLES.flatMap((name) => {
    const value = values[name];
    return value !== undefined && value !== '' ? [[name, value] as const] : [];
  });
  for (const [name, value] of exported) lines.push(`export ${name}=${quote(value)}`);
  lines.push(`export ${SOURCED_VALUES_MARKER}=${quote(exported.map(([name, value]) => `${name}:${fingerprint(value)}`).join(','))}`);
  return `${lines.join('\n')}\n`;
}

export function writeEnvFile(envFile: string, text: string): void {
  mkdirSync(path.dirname(envFile), { recursive: true });
  writeFileSync(envFile, text, { mode: 0o600 });
}

/** Removes the file on a clean stop, unless another stack has written its own since. */
export function removeEnvFileIfOurs(envFile: string, text: string): void {
  try {
    if (readFileSync(envFile, 'utf8') === text) rmSync(envFile);
  } catch {
    // already gone
  }
}

/**
 * A shell that sourced an earlier stack's file carries its endpoints and credentials; a new
 * stack must not aim at that (likely dead) stack's engines. Returns the environment without the
 * values the file set (`dropped`), keeping those the caller set since (`kept`: a value that
 * differs from the file's), so nothing the caller set is overridden without saying so.
 */
export function withoutSourcedStackEnv(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; dropped: string[]; kept: string[] } {
  if (!env[SOURCED_MARKER]) return { env, dropped: [], kept: [] };
  const clean: NodeJS.ProcessEnv = { ...env };
  delete clean[SOURCED_MARKER];
  delete clean[SOURCED_VALUES_MARKER];
  // a file written before fingerprints: every variable it may have set is dropped
  const recorded = env[SOURCED_VALUES_MARKER] === undefined ? undefined : fingerprints(env[SOURCED_VALUES_MARKER]);
  const dropped: string[] = [];
  const kept: string[] = [];
  for (const name of ENV_FILE_VARIABLES) {
    const value = clean[name];
    if (value === undefined) continue;
    if (recorded && recorded.get(name) !== fingerprint(value)) {
      if (recorded.has(name)) kept.push(name);
      continue;
    }
    dropped.push(name);
    delete clean[name];
  }
  return { env: clean, dropped, kept };
}

function fingerprints(text: string): Map<string, string> {
  return new Map(
    text
      .split(',')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.lastIndexOf(':')), entry.slice(entry.lastIndexOf(':') + 1)] as [string, string]),
  );
}
