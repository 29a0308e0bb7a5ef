/** The run command of the README: main.ts reads the environment, serves the API and its docs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables, generateKey } from '@spot-provisioner/model';
import { engineEndpoints, TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';

/** tsx compiles on start; on a busy 2-core machine that takes a while. */
const SERVER_START_TIMEOUT_MS = 120_000;

describe('the API server started from the environment', () => {
  let child: ChildProcess;
  let baseUrl: string;
  let output = '';

  beforeAll(async () => {
    engineEndpoints();
    const prefix = uniqueTablePrefix('apimain');
    const dynamo = new DynamoDBClient({ region: TEST_REGION });
    await createTables({ client: dynamo, prefix });
    dynamo.destroy();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(join(__dirname, '../../../node_modules/.bin/tsx'), [join(__dirname, '../src/main.ts')], {
      env: {
        ...process.env,
        PORT: String(port),
        TABLE_PREFIX: prefix,
        ROOT_ACCESS_TOKEN: 'main-root-token-for-tests',
        SECRETS_KEY: generateKey(),
        AWS_REGION: TEST_REGION,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await untilOutput('Server listening at');
    expect((await fetch(`${baseUrl}/api/aws-provisioner/v1/ping`)).ok).toBe(true);
  }, SERVER_START_TIMEOUT_MS);

  afterAll(() => {
    if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  });

  /** Resolves once the server has printed `text`; fails if it exits first. */
  function untilOutput(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!output.includes(text)) return;
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', exited);
        resolve();
      };
      const exited = (code: number | null) => reject(new Error(`the API exited (code ${code}) before printing "${text}":\n${output}`));
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', exited);
      check();
    });
  }

  it('serves the OpenAPI document with all 15 methods, and the extensions tagged as such', async () => {
    const response = await fetch(`${baseUrl}/api/aws-provisioner/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };
    const all = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    const isExtension = (op: { tags?: string[] }) => op.tags?.includes('extension') ?? false;
    expect(all.filter(isExtension).map((op) => op.operationId).sort()).toEqual(['shouldTerminate', 'workerTypeDecision', 'workerTypeHistory', 'workerTypePlanPreview']);
    const operations = all.filter((op) => !isExtension(op)).map((op) => op.operationId);
    expect(operations.sort()).toEqual(
      [
        'backendStatus', 'createSecret', 'createWorkerType', 'getLaunchSpecs', 'getSecret', 'instanceStarted', 'listWorkerTypeSummaries',
        'listWorkerTypes', 'ping', 'removeSecret', 'removeWorkerType', 'state', 'updateWorkerType', 'workerType', 'workerTypeLastModified',
      ].sort(),
    );
    expect(Object.keys(document.paths).every((path) => path.startsWith('/api/aws-provisioner/v1/'))).toBe(true);
  });

  it('serves the browsable docs page', async () => {
    const response = await fetch(`${baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/swagger/i);
  });

  it('logs requests without the root access token', async () => {
    await fetch(`${baseUrl}/api/aws-provisioner/v1/list-worker-types`);
    await untilOutput('list-worker-types');
    expect(output).not.toContain('main-root-token-for-tests');
  });

  it('has written every request line (its log is asynchronous) when it exits on SIGTERM', async () => {
    const requests = 300;
    await Promise.all(Array.from({ length: requests }, (_, n) => fetch(`${baseUrl}/api/aws-provisioner/v1/ping?n=${n}`)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const logged = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; req?: { url?: string } });
    const pings = new Set(logged.filter((line) => line.msg === 'incoming request' && /ping\?n=/.test(line.req?.url ?? '')).map((line) => line.reqId));
    const incoming = pings.size;
    const completed = new Set(logged.filter((line) => line.msg === 'request completed' && pings.has(line.reqId)).map((line) => line.reqId));
    expect({ incoming, completed: completed.size }).toEqual({ incoming: requests, completed: requests });
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

