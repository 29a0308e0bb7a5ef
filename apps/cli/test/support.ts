/** Test helpers: the one test API (apps/api's), and the CLI run through its real binary. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT_ACCESS_TOKEN, ROOT_CLIENT_ID, testApiForFile as apiForFile, type TestApi } from '@spot-provisioner/api/testing';
import { workerTypeDefinition } from '@spot-provisioner/testing';

export type { TestApi };
export const BIN = path.resolve(__dirname, '..', 'bin', 'spot-provisioner.cjs');

/** The test API for the file's tests: its clock runs, as a deployed API's does (lastModified moves). */
export function testApiForFile(label: string): TestApi {
  return apiForFile(label, { running: true });
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a user of the stack would have: the Taskcluster variables and nothing else of ours. */
export function cliEnv(api: Pick<TestApi, 'baseUrl'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TASKCLUSTER_ROOT_URL: api.baseUrl, TASKCLUSTER_CLIENT_ID: ROOT_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN: ROOT_ACCESS_TOKEN };
  delete env.TASKCLUSTER_CERTIFICATE;
  // pnpm's jest shim puts its whole store on NODE_PATH, where any package resolves; a user's shell has none
  delete env.NODE_PATH;
  return { ...env, ...extra };
}

/** Runs the real binary; stdin is closed, as in a script. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `cli-${label}-`));
}

/** A small valid definition with the given AMIs (and a default security group moto has). */
export function definition(images: TestApi['images'], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return workerTypeDefinition(images, {
    maxCapacity: 4,
    maxPrice: 0.5,
    launchSpec: { SecurityGroups: ['default'] },
    secrets: { token: 'top-secret-value' },
    ...overrides,
  });
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
