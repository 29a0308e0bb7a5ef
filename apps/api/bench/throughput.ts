/**
 * `api.throughput`: what a real client gets from the API, measured against DynamoDB itself in
 * the same run (the machine is shared and noisy, so the targets are ratios): a direct
 * consistent GetItem of a worker type row, Hawk-signed `workerType` as the root client and as
 * a client stored in the Clients table, and `listWorkerTypeSummaries` with 200 worker types
 * (against a direct Scan of their table). The API runs as its own process, exactly as
 * main.ts starts it, with its log on a pipe this process drains.
 */
import { GetItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRepositories, createTables, createDynamoClient, generateKey, keyringFromKeys, type Repositories } from '@spot-provisioner/model';
import hawk from 'hawk';
import { API_PATH, startApi } from './api-process';
import { closedLoop, httpRequest, keepAliveAgent, type LoadResult } from './load';
import { benchDefinition, benchSnapshot } from './seed';

const WORKER_TYPES = 200;
/** Requests in flight at once: a handful of busy clients (CI deployers, consoles, workers). */
const CONCURRENCY = 8;
/** Each case is measured this many times, the cases taking turns, so a load change on the shared machine hits them alike. */
const ROUNDS = 3;
const MEASURE_MS = 2_000;
const WARMUP_MS = 500;

/** Targets of issue 19 (ratios within one run; the summaries figure against the starting point's). */
export const TARGETS = {
  rootVsGetItem: 0.8,
  storedVsRoot: 0.9,
  /** 10 × what listWorkerTypeSummaries served at the starting point on this machine (8 to 11 per second). */
  summariesPerSecond: 10 * 10,
} as const;

export async function measureThroughput(): Promise<Record<string, unknown>> {
  const region = 'us-east-1';
  const prefix = `thru${Date.now().toString(36)}`;
  const dynamo = createDynamoClient(region);
  await createTables({ client: dynamo, prefix });
  const key = generateKey();
  const repositories = createRepositories({ region, prefix, keyring: keyringFromKeys(key) });
  const stored = await seed(repositories);
  const rootAccessToken = generateKey();
  const api = await startApi({ prefix, key, rootAccessToken });
  const agent = keepAliveAgent(CONCURRENCY);
  try {
    const url = (route: string) => new URL(`${api.baseUrl}${API_PATH}${route}`);
    const hawkGet = (route: string, credentials: { id: string; key: string }) => async () => {
      const target = url(route);
      const { header } = hawk.client.header(target.toString(), 'GET', { credentials: { ...credentials, algorithm: 'sha256' } });
      await httpRequest(agent, target, { headers: { authorization: header }, expect: 200 });
    };
    const workerType = 'bench-000';
    const table = repositories.tableNames.WorkerTypes;
    const cases = {
      getItem: async () => {
        await dynamo.send(new GetItemCommand({ TableName: table, Key: { workerType: { S: workerType } }, ConsistentRead: true }));
      },
      root: hawkGet(`/worker-type/${workerType}`, { id: 'root', key: rootAccessToken }),
      stored: hawkGet(`/worker-type/${workerType}`, { id: stored.clientId, key: stored.accessToken }),
      scan: async () => {
        await scanAll(dynamo, table);
      },
      summaries: async () => {
        await httpRequest(agent, url('/list-worker-type-summaries'), { expect: 200 });
      },
    };
    const results = await interleaved(cases);
    const { getItem, root, stored: asStored, scan, summaries } = results;
    return {
      bench: 'api.throughput',
      workerTypes: WORKER_TYPES,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      getItemPerSecond: median(getItem.map((r) => r.perSecond)),
      rootPerSecond: median(root.map((r) => r.perSecond)),
      rootVsGetItem: medianRatio(root, getItem),
      rootVsGetItemTarget: TARGETS.rootVsGetItem,
      storedClientPerSecond: median(asStored.map((r) => r.perSecond)),
      storedVsRoot: medianRatio(asStored, root),
      storedVsRootTarget: TARGETS.storedVsRoot,
      scanPerSecond: median(scan.map((r) => r.perSecond)),
      summariesPerSecond: median(summaries.map((r) => r.perSecond)),
      summariesTarget: TARGETS.summariesPerSecond,
      summariesVsScan: medianRatio(summaries, scan),
      p99Ms: Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, median(runs.map((r) => r.p99Ms))])),
    };
  } finally {
    agent.destroy();
    await api.stop();
    repositories.documentClient.destroy();
    dynamo.destroy();
  }
}

async function seed(repositories: Repositories): Promise<{ clientId: string; accessToken: string }> {
  const now = new Date();
  for (let i = 0; i < WORKER_TYPES; i++) {
    const workerType = `bench-${String(i).padStart(3, '0')}`;
    await repositories.workerTypes.create(workerType, benchDefinition(), now);
    await repositories.workerState.put(benchSnapshot(workerType, now));
  }
  const { client, accessToken } = await repositories.clients.create(
    { clientId: 'bench/viewer', scopes: ['aws-provisioner:view-worker-type:*'], description: 'api.throughput' },
    now,
  );
  return { clientId: client.clientId, accessToken };
}

async function scanAll(dynamo: DynamoDBClient, table: string): Promise<void> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every case measured ROUNDS times, in turn. */
async function interleaved<K extends string>(cases: Record<K, () => Promise<void>>): Promise<Record<K, LoadResult[]>> {
  const results = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(cases) as K[]) {
      results[name].push(await closedLoop(cases[name], { concurrency: CONCURRENCY, durationMs: MEASURE_MS, warmupMs: WARMUP_MS }));
    }
  }
  return results;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The median over rounds of a's rate over b's in the same round. */
function medianRatio(a: readonly LoadResult[], b: readonly LoadResult[]): number {
  return Math.round(median(a.map((result, i) => result.perSecond / Math.max(1, b[i]?.perSecond ?? 0))) * 100) / 100;
}
