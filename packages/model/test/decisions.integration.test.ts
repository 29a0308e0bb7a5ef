import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoCapacityHistoryRepository,
  HISTORY_BATCH_SIZE,
  HISTORY_RETENTION_MS,
  isInvalidRecord,
  type CapacityHistoryPoint,
  type Repositories,
  type WorkerTypeDecision,
} from '../src';
import { contractRepositories, IMPLEMENTATIONS, MINUTE_MS, plus, rejectionOf, setUpTables, T0, type ContractRepositories, type TestTables } from './support';

const point = (time: Date, runningCapacity = 1): CapacityHistoryPoint => ({
  time: time.toISOString(),
  pendingTasks: null,
  runningCapacity,
  pendingCapacity: 0,
  requestedCapacity: 0,
  minCapacity: 0,
  maxCapacity: 5,
  launches: 0,
  terminations: 0,
  spotCostPerHour: 0.1,
  unmetCapacity: 0,
});

const decision = (workerType: string): WorkerTypeDecision => ({
  workerType,
  decidedAt: T0.toISOString(),
  status: 'met',
  inputs: {
    pendingTasks: 0,
    runningCapacity: 0,
    pendingCapacity: 0,
    requestedCapacity: 0,
    scalingRatio: 0,
    minCapacity: 0,
    maxCapacity: 5,
    policy: 'classic',
  },
  capacity: { change: 0, unboundedChange: 0, bounded: null, headroom: 5, explanation: 'nothing to do.' },
  rounds: [{ round: 0, launches: [], placedCapacity: 0, unmet: 0, rejected: [] }],
  unmet: null,
  cleanup: [],
  outcomes: [],
  notes: ['a note with "quotes" and ünïcode'],
  error: null,
});

describe.each(IMPLEMENTATIONS)('decisions, capacity history and market snapshots (%s)', (implementation) => {
  let repos: ContractRepositories;
  beforeAll(async () => {
    repos = await contractRepositories(implementation, 'decisions');
  });

  it('stores the last decision per worker type and refuses an invalid one', async () => {
    expect(await repos.decisions.get('wt-a')).toBeNull();
    await repos.decisions.put(decision('wt-a'));
    await repos.decisions.put({ ...decision('wt-a'), status: 'unmet', unmet: { capacity: 1, reason: 'why' } });
    expect(await repos.decisions.get('wt-a')).toEqual({ ...decision('wt-a'), status: 'unmet', unmet: { capacity: 1, reason: 'why' } });
    const invalid = await rejectionOf(repos.decisions.put({ ...decision('wt-a'), status: 'maybe' } as unknown as WorkerTypeDecision));
    expect(isInvalidRecord(invalid)).toBe(true);
    await repos.decisions.delete('wt-a');
    expect(await repos.decisions.get('wt-a')).toBeNull();
  });

  it('writes history in batches of 25 and pages through a window, oldest first', async () => {
    const points = Array.from({ length: 60 }, (_, i) => point(plus(T0, i * MINUTE_MS), i));
    const calls = await repos.capacityHistory.append(points.map((p) => ({ workerType: 'wt-h', point: p })));
    expect(calls).toBe(Math.ceil(60 / HISTORY_BATCH_SIZE));

    const window = { since: plus(T0, 10 * MINUTE_MS), until: plus(T0, 49 * MINUTE_MS), limit: 15, now: T0 };
    const first = await repos.capacityHistory.page('wt-h', window);
    expect(first.points).toEqual(points.slice(10, 25));
    const second = await repos.capacityHistory.page('wt-h', { ...window, continuationToken: first.continuationToken! });
    expect(second.points).toEqual(points.slice(25, 40));
    const third = await repos.capacityHistory.page('wt-h', { ...window, continuationToken: second.continuationToken! });
    expect(third.points).toEqual(points.slice(40, 50));

    // past the retention, points are gone on read whatever the window asks
    const later = await repos.capacityHistory.page('wt-h', { since: T0, until: plus(T0, HISTORY_RETENTION_MS * 2), now: plus(T0, HISTORY_RETENTION_MS + 30 * MINUTE_MS) });
    expect(later.points).toEqual(points.slice(30));
    expect(isInvalidRecord(await rejectionOf(repos.capacityHistory.page('wt-h', { ...window, continuationToken: '%%%' })))).toBe(true);
  });

  it('answers an empty page, not a DynamoDB error, for a window that ends before the retained history', async () => {
    // The fuzz stage's find: until in the year 20 put BETWEEN's bounds upside down (a 500).
    const ancient = await repos.capacityHistory.page('wt-h', { since: new Date('0020-02-28T23:00:00Z'), until: new Date('0020-02-29T00:00:00Z'), now: T0 });
    expect(ancient).toEqual({ workerType: 'wt-h', points: [] });
  });

  it('stores a market snapshot per region', async () => {
    const east = {
      region: 'us-east-1',
      recordedAt: T0.toISOString(),
      zones: ['us-east-1a'],
      spotPrices: { 'us-east-1a': { 'm5.large': 0.03 } },
      onDemandPrices: { 'm5.large': 0.096 },
    };
    await repos.markets.put(east);
    await repos.markets.put({ ...east, region: 'eu-west-1', zones: [], spotPrices: {}, onDemandPrices: {} });
    expect((await repos.markets.list()).map((m) => m.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect((await repos.markets.list())[1]).toEqual(east);
  });
});

describe('capacity history writes to DynamoDB', () => {
  let tables: TestTables;
  let repos: Repositories;
  beforeAll(async () => {
    tables = await setUpTables('decisions');
    repos = tables.repos();
  });

  it('refuses a continuation token from outside the window (DynamoDB would refuse the query: a 500)', async () => {
    const points = Array.from({ length: 3 }, (_, i) => point(plus(T0, i * MINUTE_MS), i));
    await repos.capacityHistory.append(points.map((p) => ({ workerType: 'wt-t', point: p })));
    const first = await repos.capacityHistory.page('wt-t', { since: T0, until: plus(T0, 2 * MINUTE_MS), limit: 1, now: T0 });
    const elsewhere = { since: plus(T0, 5 * MINUTE_MS), until: plus(T0, 9 * MINUTE_MS), now: T0, continuationToken: first.continuationToken! };
    expect(isInvalidRecord(await rejectionOf(repos.capacityHistory.page('wt-t', elsewhere)))).toBe(true);
  });

  it('retries the items DynamoDB leaves unprocessed', async () => {
    const documentClient = repos.documentClient;
    let throttled = false;
    // DynamoDB Local never throttles: this client leaves half the first batch unprocessed, as DynamoDB does under load
    const throttling = {
      send: async (command: BatchWriteCommand) => {
        const requests = command.input.RequestItems![repos.tableNames.CapacityHistory]!;
        if (!throttled) {
          throttled = true;
          const kept = requests.slice(0, 2);
          await documentClient.send(new BatchWriteCommand({ RequestItems: { [repos.tableNames.CapacityHistory]: kept } }));
          return { UnprocessedItems: { [repos.tableNames.CapacityHistory]: requests.slice(2) } };
        }
        return documentClient.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const history = new DynamoCapacityHistoryRepository({ client: throttling, tableName: repos.tableNames.CapacityHistory, sleep: async () => undefined });
    const points = Array.from({ length: 5 }, (_, i) => point(plus(T0, i * MINUTE_MS)));
    expect(await history.append(points.map((p) => ({ workerType: 'wt-retry', point: p })))).toBe(2);
    const page = await repos.capacityHistory.page('wt-retry', { since: T0, until: plus(T0, 10 * MINUTE_MS), now: T0 });
    expect(page.points).toEqual(points);
  });
});
