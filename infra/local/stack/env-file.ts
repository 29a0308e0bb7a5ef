/**
 * `.local/env`: what a shell needs to talk to the running stack (`source .local/env`): the
 * clients CLI (SECRETS_KEY, TABLE_PREFIX, the DynamoDB endpoint), the worker-type CLI
 * (TASKCLUSTER_*), the AWS SDK and CLI (endpoints and the emulators' dummy credentials), the
 * interruption queue's URL and the queue stand-in's URL. Development credentials only; the file is readable by its owner only.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Set by the file itself, so a stack started from a shell that sourced it can tell. */
export const SOURCED_MARKER = 'SPOT_PROVISIONER_LOCAL_ENV';

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
  for (const name of ENV_FILE_VARIABLES) {
    const value = values[name];
    if (value !== undefined && value !== '') lines.push(`export ${name}=${quote(value)}`);
  }
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
 * stack must not aim at that (likely dead) stack's engines. Returns the environment without
 * them, and the names dropped.
 */
export function withoutSourcedStackEnv(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; dropped: string[] } {
  if (!env[SOURCED_MARKER]) return { env, dropped: [] };
  const clean: NodeJS.ProcessEnv = { ...env };
  delete clean[SOURCED_MARKER];
  const dropped = ENV_FILE_VARIABLES.filter((name) => clean[name] !== undefined);
  for (const name of dropped) delete clean[name];
  return { env: clean, dropped };
}
