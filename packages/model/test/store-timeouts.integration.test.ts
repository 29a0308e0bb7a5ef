import { engineEndpoints, startFaultProxy, TEST_REGION, uniqueTablePrefix, type FaultProxy } from '@spot-provisioner/testing';
import {
  createDocumentClient,
  createDynamoClient,
  createRepositories,
  createTables,
  devKeyring,
  DYNAMODB_MAX_ATTEMPTS,
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

  /** The repositories of a client whose every attempt (retries included) is counted. */
  function countingRepositories(): { repos: ReturnType<typeof createRepositories>; attempts: () => number; destroy(): void } {
    const client = createDynamoClient(TEST_REGION, { endpoint: proxy.url });
    let attempts = 0;
    // below the retry middleware: runs once per attempt
    client.middlewareStack.add((next) => (args) => ((attempts += 1), next(args)), { step: 'deserialize', name: 'countAttempts' });
    const repos = createRepositories({ documentClient: createDocumentClient({ client }), prefix, keyring: devKeyring() });
    return { repos, attempts: () => attempts, destroy: () => client.destroy() };
  }

  // The proxy never answers a hanging request: that the call ends at all is the timeout at work
  // (how long it takes is measured by `pnpm bench`, not asserted here).
  it('gives up on a store that accepts connections but never answers: each attempt times out, then one error', async () => {
    const { repos, attempts, destroy } = countingRepositories();
    await expect(repos.provisioner.getLease()).resolves.toBeNull(); // passing through, it works
    const before = attempts();

    proxy.mode = 'hang';
    const failure = await repos.provisioner.getLease().catch((err: unknown) => err);
    expect((failure as Error).name).toBe('TimeoutError');
    expect(attempts() - before).toBe(DYNAMODB_MAX_ATTEMPTS); // one retry of the timed-out attempt, then the error
    proxy.mode = 'pass';
    destroy();
  });

  it('fails at once when the store refuses connections: a connection error, not a timeout', async () => {
    proxy.mode = 'refuse';
    const { repos, destroy } = countingRepositories();
    const failure = await repos.workerTypes.list().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/ECONN(RESET|REFUSED)/);
    proxy.mode = 'pass';
    destroy();
  });
});
