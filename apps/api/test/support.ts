/**
 * The one test API: a real API over DynamoDB Local and moto, listening on a free port, with an
 * injected clock and its logs captured. The API's own tests, the CLI's, the API client's and
 * the provisioner's use it (`@spot-provisioner/api/testing`).
 */
import { CreateSecurityGroupCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { devKeyring, type WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { eachFile, engineEndpoints, LogCapture, TEST_REGION, TestClock, uniqueTablePrefix, workerTypeSample } from '@spot-provisioner/testing';
import type { FastifyInstance } from 'fastify';
import hawk from 'hawk';
import { buildApp, createApiDeps, type ApiDeps, type ApiSettings } from '../src';

export const ROOT_CLIENT_ID = 'root';
export const ROOT_ACCESS_TOKEN = 'root-access-token-for-tests-0123456789';
export const ALLOWED_REGIONS = ['us-east-1', 'us-west-2'] as const;
export type TestRegion = (typeof ALLOWED_REGIONS)[number];

export interface TestApi {
  readonly app: FastifyInstance;
  readonly deps: ApiDeps;
  readonly clock: TestClock;
  readonly logs: LogCapture;
  /** http://127.0.0.1:<port> of the listening app (the root URL clients are given). */
  readonly baseUrl: string;
  /** The prefix of this API's tables. */
  readonly tablePrefix: string;
  /** AMIs registered in moto, one per allowed region (none with `ec2: false`). */
  readonly images: Readonly<Record<TestRegion, string>>;
  /** The name each AMI is registered under: `<imageName>-<region>`. */
  readonly imageName: string;
  /** The security group created in each region (its name is this API's own). */
  readonly securityGroup: string;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /**
   * Register an AMI and create a security group in each allowed region of this jest worker's
   * moto, named after this API so that APIs share the engine without a reset (default).
   * `false` for tests that never reach EC2.
   */
  readonly ec2?: boolean;
  /** The API's clock moves with real time (and tests may still move it); by default it stands still. */
  readonly running?: boolean;
  /** Settings of createApiDeps beyond the test defaults (a logger, other regions, ...). */
  readonly settings?: Partial<ApiSettings>;
  /** The dependencies the app is built from, given the defaults (e.g. another EC2 checker). */
  readonly app?: (deps: ApiDeps) => ApiDeps;
}

/** Fresh tables under a unique prefix; by default an AMI and a security group of its own per region. */
export async function startTestApi(label: string, options: TestApiOptions = {}): Promise<TestApi> {
  engineEndpoints();
  const tablePrefix = options.settings?.tablePrefix ?? uniqueTablePrefix(label);
  const imageName = `ci-worker-${tablePrefix}`;
  const securityGroup = `ci-workers-${tablePrefix}`;
  const images = options.ec2 === false ? ({} as TestApi['images']) : await prepareEc2(imageName, securityGroup);
  const clock = new TestClock(Date.now(), { running: options.running ?? false });
  const logs = new LogCapture();
  const deps = createApiDeps({
    region: TEST_REGION,
    tablePrefix,
    keyring: devKeyring(),
    rootClientId: ROOT_CLIENT_ID,
    rootAccessToken: ROOT_ACCESS_TOKEN,
    allowedRegions: [...ALLOWED_REGIONS],
    publicUrl: 'http://127.0.0.1:5557',
    clock: clock.date,
    logger: { level: 'debug', stream: logs },
    ...options.settings,
  });
  await deps.createTables();
  const app = await buildApp(options.app ? options.app(deps) : deps);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    tablePrefix,
    deps,
    clock,
    logs,
    images,
    imageName,
    securityGroup,
    close: async () => {
      await app.close();
      deps.close();
    },
  };
}

/** One test API for all the file's tests, started before them and closed after: `const api = testApiForFile('label')`. */
export function testApiForFile(label: string, options?: TestApiOptions): TestApi {
  return eachFile(
    () => startTestApi(label, options),
    (api) => api.close(),
  );
}

async function prepareEc2(imageName: string, securityGroup: string): Promise<Record<TestRegion, string>> {
  const images = {} as Record<TestRegion, string>;
  await Promise.all(
    ALLOWED_REGIONS.map(async (region) => {
      const ec2 = new EC2Client({ region });
      try {
        const { ImageId } = await ec2.send(new RegisterImageCommand({ Name: `${imageName}-${region}`, RootDeviceName: '/dev/xvda' }));
        await ec2.send(new CreateSecurityGroupCommand({ GroupName: securityGroup, Description: 'CI workers' }));
        images[region] = ImageId ?? '';
      } finally {
        ec2.destroy();
      }
    }),
  );
  return images;
}

/** The shared ci-linux-large sample, with the test API's AMIs and security group (which exist in moto). */
export function launchableDefinition(api: Pick<TestApi, 'images' | 'securityGroup'>): WorkerTypeDefinitionInput {
  const { images } = api;
  const definition = workerTypeSample<WorkerTypeDefinitionInput>('ci-linux-large');
  definition.launchSpec = { ...definition.launchSpec, SecurityGroups: [api.securityGroup] };
  definition.regions = definition.regions.map((region) => ({
    ...region,
    launchSpec: { ...region.launchSpec, ImageId: images[region.region as TestRegion] },
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
      localtimeOffsetMsec: api.clock.now() - Date.now() + (request.offsetSec ?? 0) * 1000,
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
