/** Test helpers: a real API over DynamoDB Local and moto, and the CLI run through its real binary. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { buildApp, createApiDeps, type ApiRepositories } from '@spot-provisioner/api';
import { devKeyring } from '@spot-provisioner/model';
import { engineEndpoints, TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';

export const BIN = path.resolve(__dirname, '..', 'bin', 'spot-provisioner.cjs');
export const ROOT_CLIENT_ID = 'root';
export const ROOT_ACCESS_TOKEN = 'cli-test-root-access-token-0123456789';
export const REGIONS = ['us-east-1', 'us-west-2'] as const;

export interface TestApi {
  readonly rootUrl: string;
  /** An AMI moto knows, per region. */
  readonly images: Record<(typeof REGIONS)[number], string>;
  /** What the daemon would write (decisions, history, markets), for the read commands to find. */
  readonly repositories: ApiRepositories;
  close(): Promise<void>;
}

export async function startTestApi(label: string): Promise<TestApi> {
  engineEndpoints();
  const images = {} as TestApi['images'];
  for (const region of REGIONS) {
    const ec2 = new EC2Client({ region });
    const { ImageId } = await ec2.send(new RegisterImageCommand({ Name: `cli-test-${label}-${region}`, RootDeviceName: '/dev/xvda' }));
    images[region] = ImageId ?? '';
    ec2.destroy();
  }
  const deps = createApiDeps({
    region: TEST_REGION,
    tablePrefix: uniqueTablePrefix(label),
    keyring: devKeyring(),
    rootClientId: ROOT_CLIENT_ID,
    rootAccessToken: ROOT_ACCESS_TOKEN,
    allowedRegions: [...REGIONS],
    publicUrl: 'http://127.0.0.1:5557',
    logger: { level: 'silent' },
  });
  await deps.createTables();
  const app = await buildApp(deps);
  const rootUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    rootUrl,
    images,
    repositories: deps.repositories,
    close: async () => {
      await app.close();
      deps.close();
    },
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a user of the stack would have: the Taskcluster variables and nothing else of ours. */
export function cliEnv(api: Pick<TestApi, 'rootUrl'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TASKCLUSTER_ROOT_URL: api.rootUrl, TASKCLUSTER_CLIENT_ID: ROOT_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN: ROOT_ACCESS_TOKEN };
  delete env.TASKCLUSTER_CERTIFICATE;
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
  return {
    description: 'CLI test worker type',
    owner: 'owner@example.com',
    minCapacity: 0,
    maxCapacity: 4,
    scalingRatio: 0,
    minPrice: 0,
    maxPrice: 0.5,
    canUseOndemand: false,
    canUseSpot: true,
    launchSpec: { SecurityGroups: ['default'] },
    userData: {},
    secrets: { token: 'top-secret-value' },
    scopes: [],
    instanceTypes: [{ instanceType: 'm5.large', capacity: 1, utility: 1, launchSpec: {}, secrets: {}, userData: {}, scopes: [] }],
    regions: REGIONS.map((region) => ({ region, launchSpec: { ImageId: images[region] }, secrets: {}, userData: {}, scopes: [] })),
    availabilityZones: [],
    ...overrides,
  };
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
