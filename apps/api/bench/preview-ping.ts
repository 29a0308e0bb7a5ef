/**
 * `api.preview-ping`: the latency of ping while one view-only client runs 20 plan previews at
 * the limits at once (20 regions × 100 instance types = MAX_LAUNCH_SPECS, maxCapacity =
 * MAX_CAPACITY, 10 M pending tasks), as issue 19's probe did. The client behaves: on 429 it
 * waits for Retry-After. Bound: ping p99 ≤ 50 ms on this machine.
 */
import { AWS_REGIONS } from '@spot-provisioner/config';
import {
  createDynamoClient,
  createRepositories,
  createTables,
  generateKey,
  keyringFromKeys,
  MAX_CAPACITY,
  type MarketSnapshot,
  type WorkerTypeDefinitionInput,
} from '@spot-provisioner/model';
import { instanceTypeEntry, PLACEHOLDER_IMAGE_ID, workerTypeDefinition } from '@spot-provisioner/testing';
import hawk from 'hawk';
import { API_PATH, startApi } from './api-process';
import { httpRequest, keepAliveAgent, percentile } from './load';

const PREVIEWS = 20;
const REGIONS = AWS_REGIONS.filter((region) => !region.startsWith('cn-') && !region.startsWith('us-gov-')).slice(0, 20);
const INSTANCE_TYPES = 100;
const ZONES = ['a', 'b', 'c', 'd'];
const PENDING_TASKS = 10_000_000;
const IDLE_MS = 3_000;
const LOADED_MS = 10_000;
/** Pings are sent one after another with this pause, as a health check would. */
const PING_PAUSE_MS = 10;
export const PING_P99_BOUND_MS = 50;

export async function measurePreviewPing(): Promise<Record<string, unknown>> {
  const region = 'us-east-1';
  const prefix = `prev${Date.now().toString(36)}`;
  const dynamo = createDynamoClient(region);
  await createTables({ client: dynamo, prefix });
  dynamo.destroy();
  const key = generateKey();
  const repositories = createRepositories({ region, prefix, keyring: keyringFromKeys(key) });
  const now = new Date();
  for (const market of markets(now)) await repositories.markets.put(market);
  const workerType = 'maximal';
  await repositories.decisions.put(pendingDecision(workerType, now));
  const { accessToken } = await repositories.clients.create(
    { clientId: 'bench/previewer', scopes: ['aws-provisioner:view-worker-type:*'], description: 'api.preview-ping' },
    now,
  );
  const api = await startApi({ prefix, key, rootAccessToken: generateKey(), env: { ALLOWED_REGIONS: REGIONS.join(',') } });
  const agent = keepAliveAgent(PREVIEWS + 1);
  const body = JSON.stringify(maximalDefinition());
  const previewUrl = new URL(`${api.baseUrl}${API_PATH}/worker-type/${workerType}/plan-preview`);
  const pingUrl = new URL(`${api.baseUrl}${API_PATH}/ping`);
  try {
    const idle = await pings(agent, pingUrl, IDLE_MS);
    let working = true;
    let completed = 0;
    let refused = 0;
    const previewer = async () => {
      while (working) {
        const { header } = hawk.client.header(previewUrl.toString(), 'POST', {
          credentials: { id: 'bench/previewer', key: accessToken, algorithm: 'sha256' },
        });
        const answer = await httpRequest(agent, previewUrl, { method: 'POST', headers: { authorization: header }, body });
        if (answer.status === 200) completed += 1;
        else if (answer.status === 429) {
          refused += 1;
          await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(answer.headers['retry-after'] ?? 1)));
        } else throw new Error(`plan preview: HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
      }
    };
    const running = Array.from({ length: PREVIEWS }, previewer);
    const loaded = await pings(agent, pingUrl, LOADED_MS);
    working = false;
    await Promise.all(running);
    return {
      bench: 'api.preview-ping',
      concurrentPreviews: PREVIEWS,
      launchSpecs: REGIONS.length * INSTANCE_TYPES,
      maxCapacity: MAX_CAPACITY,
      pendingTasks: PENDING_TASKS,
      pingP50Ms: loaded.p50,
      pingP99Ms: loaded.p99,
      pingP99BoundMs: PING_P99_BOUND_MS,
      pingP99IdleMs: idle.p99,
      pings: loaded.count,
      previewsCompleted: completed,
      previewsRefused429: refused,
    };
  } finally {
    agent.destroy();
    await api.stop();
    repositories.documentClient.destroy();
  }
}

async function pings(agent: ReturnType<typeof keepAliveAgent>, url: URL, durationMs: number): Promise<{ p50: number; p99: number; count: number }> {
  const latencies: number[] = [];
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const sent = performance.now();
    await httpRequest(agent, url, { expect: 200 });
    latencies.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, PING_PAUSE_MS));
  }
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)), count: latencies.length };
}

function maximalDefinition(): WorkerTypeDefinitionInput {
  return workerTypeDefinition(Object.fromEntries(REGIONS.map((region) => [region, PLACEHOLDER_IMAGE_ID])), {
    description: 'a definition at the limits',
    owner: 'bench@example.com',
    maxCapacity: MAX_CAPACITY,
    maxPrice: 10,
    instanceTypes: Array.from({ length: INSTANCE_TYPES }, (_, index) => instanceTypeEntry(`x${index}.large`)),
  });
}

function markets(now: Date): MarketSnapshot[] {
  return REGIONS.map((region) => {
    const zones = ZONES.map((zone) => `${region}${zone}`);
    const prices = Object.fromEntries(Array.from({ length: INSTANCE_TYPES }, (_, index) => [`x${index}.large`, 0.1 + index / 1000]));
    return { region, recordedAt: now.toISOString(), zones, spotPrices: Object.fromEntries(zones.map((zone) => [zone, prices])), onDemandPrices: {} };
  });
}

/** The daemon's last decision, for the pending tasks a preview assumes. */
function pendingDecision(workerType: string, now: Date) {
  return {
    workerType,
    decidedAt: now.toISOString(),
    status: 'unmet' as const,
    inputs: {
      pendingTasks: PENDING_TASKS,
      runningCapacity: 0,
      pendingCapacity: 0,
      requestedCapacity: 0,
      scalingRatio: 0,
      minCapacity: 0,
      maxCapacity: MAX_CAPACITY,
      policy: 'classic',
    },
    capacity: { change: MAX_CAPACITY, unboundedChange: PENDING_TASKS, bounded: 'max' as const, headroom: MAX_CAPACITY, explanation: 'bench' },
    rounds: [],
    unmet: null,
    cleanup: [],
    outcomes: [],
    notes: [],
    error: null,
  };
}
