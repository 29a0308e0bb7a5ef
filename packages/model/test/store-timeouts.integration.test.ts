import { engineEndpoints, startFaultProxy, TEST_REGION, uniqueTablePrefix, type FaultProxy } from '@spot-provisioner/testing';
import {
  createDocumentClient,
  createDynamoClient,
  createRepositories,
  createTables,
  devKeyring,
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_REQUEST_TIMEOUT_MS,
} from '../src';

describe('the DynamoDB client of the repositories', () => {
  let proxy: FaultProxy;
  const prefix = uniqueTablePrefix('timeouts');

  beforeAll(async () => {
    const direct = createDynamoClient(TEST_REGION);
    await createTables({ client: direct, prefix });
    direct.destroy();
    proxy = await startFaultProxy(engineEndpoints().dynamodb);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('gives up on a store that accepts connections but never answers, within its named timeouts', async () => {
    const client = createDynamoClient(TEST_REGION, { endpoint: proxy.url });
    const repos = createRepositories({ documentClient: createDocumentClient({ client }), prefix, keyring: devKeyring() });
    await expect(repos.provisioner.getLease()).resolves.toBeNull(); // passing through, it works

    proxy.mode = 'hang';
    const started = Date.now();
    const failure = await repos.provisioner.getLease().catch((err: unknown) => err);
    const elapsed = Date.now() - started;
    expect((failure as Error).name).toBe('TimeoutError');
    // one retry of the timed-out attempt, then the error: never as long as the fault lasts
    expect(elapsed).toBeGreaterThanOrEqual(DYNAMODB_REQUEST_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(DYNAMODB_MAX_ATTEMPTS * DYNAMODB_REQUEST_TIMEOUT_MS + 3_000);
    proxy.mode = 'pass';
    client.destroy();
  }, 30_000);

  it('fails at once when the store refuses connections', async () => {
    proxy.mode = 'refuse';
    const client = createDynamoClient(TEST_REGION, { endpoint: proxy.url });
    const repos = createRepositories({ documentClient: createDocumentClient({ client }), prefix, keyring: devKeyring() });
    const started = Date.now();
    await expect(repos.workerTypes.list()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(DYNAMODB_REQUEST_TIMEOUT_MS);
    proxy.mode = 'pass';
    client.destroy();
  });
});
