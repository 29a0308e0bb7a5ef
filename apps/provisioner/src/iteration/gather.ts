/**
 * Gather: everything the plan needs, read once per iteration. EC2 is described once per
 * allowed region (never per worker type); the queue is asked once per worker type.
 * A region that fails is logged and reported, not thrown: the rest of the iteration goes on.
 */
import { highestSpotPrices, type SpotPoolPrice } from '@spot-provisioner/bidding';
import type {
  LaunchRecord,
  LaunchRepository,
  WorkerStateRepository,
  WorkerStateSnapshot,
  WorkerTypeRecord,
  WorkerTypeRepository,
} from '@spot-provisioner/model';
import type { Logger } from 'pino';
import { mapLimited } from '../concurrency';
import { errorMessage } from '../error-message';
import type { Ec2Port, OwnedInstance, OwnedSpotRequest } from '../ec2/port';
import type { SpotPriceSource } from '../ec2/prices';
import type { PendingTasksSource } from '../queue/pending-tasks';

/** Queue requests in flight at once: enough for hundreds of worker types in a second, gentle on the queue. */
export const QUEUE_CONCURRENCY = 16;

export interface RegionView {
  region: string;
  /** Instances and spot requests were described (capacity there is known). */
  described: boolean;
  instances: OwnedInstance[];
  spotRequests: OwnedSpotRequest[];
  /** Zones EC2 reports available (empty when that call failed). */
  zones: string[];
  spotPrices: SpotPoolPrice[];
  /** What failed in this region, for the log. */
  errors: string[];
}

export type PendingTasks = { ok: true; pendingTasks: number } | { ok: false; error: string };

export interface Gathered {
  workerTypes: WorkerTypeRecord[];
  regions: RegionView[];
  launches: LaunchRecord[];
  pendingTasks: Map<string, PendingTasks>;
  /** The last state snapshots, read only when a region failed (its last known capacity). */
  lastSnapshots?: WorkerStateSnapshot[];
}

export interface GatherDeps {
  provisionerId: string;
  regions: readonly string[];
  ec2: Pick<Ec2Port, 'describeInstances' | 'describeSpotRequests' | 'describeAvailabilityZones'>;
  prices: SpotPriceSource;
  queue: PendingTasksSource;
  workerTypes: Pick<WorkerTypeRepository, 'list'>;
  launches: Pick<LaunchRepository, 'listAll'>;
  /** Read only when a region fails: its last known capacity. */
  workerState: Pick<WorkerStateRepository, 'list'>;
  logger: Logger;
}

export async function gather(deps: GatherDeps, now: Date): Promise<Gathered> {
  const workerTypesPromise = deps.workerTypes.list();
  // the queue is asked as soon as the worker types are known, while EC2 is being described
  const pendingPromise = workerTypesPromise.then((workerTypes) => askQueue(deps, workerTypes));
  // Promise.all observes every promise, so one failure never leaves another rejection unhandled
  const [workerTypes, regions, launches, pendingTasks] = await Promise.all([
    workerTypesPromise,
    Promise.all(deps.regions.map((region) => describeRegion(deps, region, workerTypesPromise))),
    deps.launches.listAll(now),
    pendingPromise,
  ]);
  for (const region of regions) {
    if (region.errors.length > 0) deps.logger.error({ region: region.region, errors: region.errors }, 'region gathered with errors');
  }
  const gathered: Gathered = { workerTypes, regions, launches, pendingTasks };
  if (regions.some((r) => !r.described)) gathered.lastSnapshots = await lastSnapshots(deps.workerState);
  return gathered;
}

/** Without snapshots, the worker types spanning a failed region are not planned (decide says why). */
async function lastSnapshots(workerState: GatherDeps['workerState']): Promise<WorkerStateSnapshot[]> {
  try {
    return await workerState.list();
  } catch {
    return [];
  }
}

async function askQueue(deps: GatherDeps, workerTypes: readonly WorkerTypeRecord[]): Promise<Map<string, PendingTasks>> {
  const pending = await mapLimited(workerTypes, QUEUE_CONCURRENCY, async ({ workerType }): Promise<PendingTasks> => {
    try {
      return { ok: true, pendingTasks: await deps.queue.pendingTasks(deps.provisionerId, workerType) };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  });
  return new Map(workerTypes.map((record, index) => [record.workerType, pending[index] as PendingTasks]));
}

/** The instance types the worker types may launch in a region: the only pools whose prices matter there. */
export function instanceTypesIn(region: string, workerTypes: readonly WorkerTypeRecord[]): string[] {
  const types = new Set<string>();
  for (const { definition } of workerTypes) {
    if (!definition.regions.some((r) => r.region === region)) continue;
    for (const entry of definition.instanceTypes) types.add(entry.instanceType);
  }
  return [...types].sort();
}

async function describeRegion(deps: GatherDeps, region: string, workerTypes: Promise<WorkerTypeRecord[]>): Promise<RegionView> {
  const errors: string[] = [];
  const attempt = async <T>(what: string, call: () => Promise<T>, fallback: T): Promise<[T, boolean]> => {
    try {
      return [await call(), true];
    } catch (err) {
      errors.push(`${what}: ${errorMessage(err)}`);
      return [fallback, false];
    }
  };
  const [[instances, instancesOk], [spotRequests, requestsOk], [zones], [spotPrices]] = await Promise.all([
    attempt('instances', () => deps.ec2.describeInstances(region, deps.provisionerId), [] as OwnedInstance[]),
    attempt('spot requests', () => deps.ec2.describeSpotRequests(region, deps.provisionerId), [] as OwnedSpotRequest[]),
    attempt('zones', () => deps.ec2.describeAvailabilityZones(region), [] as string[]),
    attempt('spot prices', async () => highestSpotPrices(region, await deps.prices.history(region, instanceTypesIn(region, await workerTypes))), [] as SpotPoolPrice[]),
  ]);
  return { region, described: instancesOk && requestsOk, instances, spotRequests, zones, spotPrices, errors };
}
