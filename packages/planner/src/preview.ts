/**
 * Pure: a plan preview from what the daemon recorded (market snapshots, the state snapshot's
 * capacity, the last decision's pending tasks), for a stored or an edited definition.
 * Nothing is called and nothing stored; the notes say what the preview had to assume.
 */
import type { OnDemandPrice, SpotPoolPrice } from '@spot-provisioner/bidding';
import type { CapacitySummary, MarketSnapshot, PlanPreviewResponse, WorkerTypeDecision, WorkerTypeDefinition } from '@spot-provisioner/model';
import { previewDecision } from './decision';
import type { CapacityInputs } from './demand';
import type { MarketView } from './round';

export interface PreviewSources {
  workerType: string;
  definition: WorkerTypeDefinition;
  /** Regions the provisioner manages. */
  managedRegions: readonly string[];
  markets: readonly MarketSnapshot[];
  /** The state snapshot's summary; null when the daemon has not seen the worker type. */
  capacity: Pick<CapacitySummary, 'runningCapacity' | 'pendingCapacity' | 'requestedCapacity'> | null;
  lastDecision: Pick<WorkerTypeDecision, 'decidedAt' | 'inputs'> | null;
  now: Date;
}

export function planPreview(sources: PreviewSources): PlanPreviewResponse {
  const notes: string[] = [];
  const pendingTasks = sources.lastDecision?.inputs.pendingTasks ?? null;
  if (pendingTasks !== null) notes.push(`Pending tasks (${pendingTasks}) are those the daemon saw at ${sources.lastDecision?.decidedAt}.`);
  else notes.push('The daemon has recorded no pending tasks for this worker type: 0 assumed.');
  const capacity: CapacityInputs = sources.capacity
    ? {
        runningCapacity: sources.capacity.runningCapacity,
        pendingCapacity: sources.capacity.pendingCapacity,
        requestedCapacity: sources.capacity.requestedCapacity,
      }
    : { runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0 };
  if (!sources.capacity) notes.push('The daemon has no state snapshot of this worker type: no capacity assumed.');
  if (sources.markets.length === 0) notes.push('The daemon has recorded no prices or zones yet: every pool is refused.');
  notes.push('Pools that recently refused launches are known only to the daemon; the preview does not exclude them.');
  notes.push("Pools' learned interruption rates are known only to the daemon; the preview ranks pools by price alone.");
  const decision = previewDecision(
    sources.workerType,
    {
      definition: sources.definition,
      capacity,
      pendingTasks: pendingTasks ?? 0,
      market: marketView(sources.markets, sources.managedRegions),
      recentlyUnavailable: [],
      now: sources.now.getTime(),
    },
    sources.now,
    notes,
  );
  const times = sources.markets.map((m) => m.recordedAt).sort();
  return { workerType: sources.workerType, pricesAsOf: times[0] ?? null, decision };
}

/** The recorded markets as placement reads them: a region without a snapshot has unknown zones and prices. */
export function marketView(markets: readonly MarketSnapshot[], managedRegions: readonly string[]): MarketView {
  const spotPrices: SpotPoolPrice[] = [];
  const onDemandPrices: OnDemandPrice[] = [];
  for (const market of markets) {
    for (const [availabilityZone, byType] of Object.entries(market.spotPrices)) {
      for (const [instanceType, price] of Object.entries(byType)) spotPrices.push({ region: market.region, availabilityZone, instanceType, price });
    }
    for (const [instanceType, price] of Object.entries(market.onDemandPrices)) onDemandPrices.push({ region: market.region, instanceType, price });
  }
  return {
    managedRegions,
    availableZones: Object.fromEntries(markets.map((m) => [m.region, m.zones])),
    spotPrices,
    onDemandPrices,
  };
}
