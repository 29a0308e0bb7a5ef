/** Test helpers: a real API over DynamoDB Local and moto, with an injected clock. */
import { Writable } from 'node:stream';
import { CreateSecurityGroupCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { devKeyring, type WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { engineEndpoints, resetMoto, TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';
import type { FastifyInstance } from 'fastify';
import hawk from 'hawk';
import { buildApp, createApiDeps, type ApiDeps } from '../src';
import ciLinuxLarge from './fixtures/ci-linux-large.json';

export const ROOT_CLIENT_ID = 'root';
export const ROOT_ACCESS_TOKEN = 'root-access-token-for-tests-0123456789';
export const ALLOWED_REGIONS = ['us-east-1', 'us-west-2'] as const;

/** A clock tests move by hand. */
export class TestClock {
  // Starts at the real time: taskcluster-client signs with the real clock.
  constructor(private current = new Date()) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = date;
  }
}

/** Collects log lines so tests can assert what was (not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApi {
  readonly app: FastifyInstance;
  readonly deps: ApiDeps;
  readonly clock: TestClock;
  readonly logs: LogCapture;
  /** http://127.0.0.1:<port> of the listening app. */
  readonly baseUrl: string;
  /** The prefix of this API's tables. */
  readonly tablePrefix: string;
  /** AMIs registered in moto, one per allowed region. */
  readonly images: Readonly<Record<(typeof ALLOWED_REGIONS)[number], string>>;
  close(): Promise<void>;
}

/** Fresh tables under a unique prefix, moto reset with one AMI and the 'ci-workers' group per region. */
export async function startTestApi(label: string): Promise<TestApi> {
  engineEndpoints();
  await resetMoto();
  const images = await prepareEc2();
  const clock = new TestClock();
  const logs = new LogCapture();
  const tablePrefix = uniqueTablePrefix(label);
  const deps = createApiDeps({
    region: TEST_REGION,
    tablePrefix,
    keyring: devKeyring(),
    rootClientId: ROOT_CLIENT_ID,
    rootAccessToken: ROOT_ACCESS_TOKEN,
    allowedRegions: [...ALLOWED_REGIONS],
    publicUrl: 'http://127.0.0.1:5557',
    clock: clock.now,
    logger: { level: 'debug', stream: logs },
  });
  await deps.createTables();
  const app = await buildApp(deps);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    tablePrefix,
    deps,
    clock,
    logs,
    images,
    close: async () => {
      await app.close();
      deps.close();
    },
  };
}

async function prepareEc2(): Promise<Record<(typeof ALLOWED_REGIONS)[number], string>> {
  const images = {} as Record<(typeof ALLOWED_REGIONS)[number], string>;
  for (const region of ALLOWED_REGIONS) {
    const ec2 = new EC2Client({ region });
    const { ImageId } = await ec2.send(new RegisterImageCommand({ Name: `ci-worker-${region}`, RootDeviceName: '/dev/xvda' }));
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ci-workers', Description: 'CI workers' }));
    images[region] = ImageId ?? '';
    ec2.destroy();
  }
  return images;
}

/** The shared ci-linux-large sample, with AMIs that exist in moto and an existing group. */
export function launchableDefinition(images: TestApi['images']): WorkerTypeDefinitionInput {
  const definition = structuredClone(ciLinuxLarge) as WorkerTypeDefinitionInput;
  definition.launchSpec = { ...definition.launchSpec, SecurityGroups: ['ci-workers'] };
  definition.regions = definition.regions.map((region) => ({
    ...region,
    launchSpec: { ...region.launchSpec, ImageId: images[region.region as keyof typeof images] },
  }));
  return definition;
}

export interface Credentials {
  readonly clientId: string;
  readonly accessToken: string;
  readonly certificate?: string;
}

export const ROOT: Credentials = { clientId: ROOT_CLIENT_ID, accessToken: ROOT_ACCESS_TOKEN };

/** Taskcluster's ext: base64 JSON of the certificate and authorizedScopes. */
export function taskclusterExt(credentials: Credentials, authorizedScopes?: string[]): string | undefined {
  const ext: Record<string, unknown> = {};
  if (credentials.certificate) ext.certificate = JSON.parse(credentials.certificate);
  if (authorizedScopes) ext.authorizedScopes = authorizedScopes;
  return Object.keys(ext).length > 0 ? Buffer.from(JSON.stringify(ext)).toString('base64') : undefined;
}

export interface ApiCall {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly url: string;
  readonly payload?: unknown;
  /** Sent as is instead of JSON.stringify(payload). */
  readonly rawBody?: string;
  readonly credentials?: Credentials;
  readonly authorizedScopes?: string[];
  /** Seconds added to the Hawk timestamp (to test clock skew). */
  readonly offsetSec?: number;
  readonly headers?: Record<string, string>;
  /** Keep the body as received chunks (`chunks`) instead of decoding it (`text` is then empty). */
  readonly raw?: boolean;
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Headers;
  readonly text: string;
  readonly chunks?: Buffer[];
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are checked field by field
}

/**
 * A request to the listening test server, Hawk-signed as taskcluster-client signs.
 * (app.inject cannot run under jest: light-my-request loads an ESM-only package.)
 */
export async function call(api: Pick<TestApi, 'baseUrl' | 'clock'>, request: ApiCall): Promise<ApiResponse> {
  const url = `${api.baseUrl}${request.url}`;
  const headers: Record<string, string> = { ...request.headers };
  if (request.credentials) {
    const { header } = hawk.client.header(url, request.method, {
      credentials: { id: request.credentials.clientId, key: request.credentials.accessToken, algorithm: 'sha256' },
      ext: taskclusterExt(request.credentials, request.authorizedScopes),
      // The client's clock agrees with the server's injected clock unless a test skews it.
      localtimeOffsetMsec: api.clock.now().getTime() - Date.now() + (request.offsetSec ?? 0) * 1000,
    } as Parameters<typeof hawk.client.header>[2]);
    headers.authorization = header;
  }
  let body: string | undefined = request.rawBody;
  if (body === undefined && request.payload !== undefined) body = JSON.stringify(request.payload);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, { method: request.method, headers, ...(body !== undefined ? { body } : {}) });
  if (request.raw) {
    const chunks: Buffer[] = [];
    for await (const chunk of response.body ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
    return { statusCode: response.status, headers: response.headers, text: '', chunks, json: () => undefined };
  }
  const text = await response.text();
  return { statusCode: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

export const V1 = '/api/aws-provisioner/v1';
