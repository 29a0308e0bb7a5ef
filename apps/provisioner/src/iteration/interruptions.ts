/**
 * The interruption phase, in three short steps around the others. `hear` (after gather): takes
 * the events the intake received since the last iteration, matches them with what EC2 showed
 * (the ledger) and hands decide the instances whose capacity counts as gone, the pools EC2
 * recommended leaving and the learned interruption rates. `actOnInterruptions` (after act, so
 * replacements launch first): tags the instances going away and quarantines their workers.
 * `recordInterruptions` (after record): one pool-risk write per interruption, the exposure,
 * the metrics, then the messages are acknowledged (deleted behind the iteration).
 */
import type { InterruptionRateLookup, UnavailablePool } from '@spot-provisioner/bidding';
import { INTERRUPTION_TAG_KEY } from '@spot-provisioner/ec2-gateway';
import type { InterruptionRecord } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Ec2Port } from '../ec2/port';
import { errorMessage } from '../error-message';
import type { InterruptionIntake, MessageOutcome } from '../interruptions/intake';
import { interruptionTagValue, type InterruptionLedger, type InterruptionNotice } from '../interruptions/ledger';
import type { PoolRiskBook } from '../interruptions/pool-risk-book';
import type { ProvisionerMetrics } from '../metrics';
import type { Gathered } from './gather';

/** learned: spot pools are ranked with their learned interruption rates; price-only: rates are kept but placement ignores them. */
export type InterruptionPlacement = 'learned' | 'price-only';

/** Where the worker of an instance going away stops claiming tasks (scale-down's queue client, once it exists). */
export type QuarantineInterruptedWorker = (worker: { workerType: string; region: string; instanceId: string }) => Promise<void>;

export interface InterruptionDeps {
  provisionerId: string;
  intake: Pick<InterruptionIntake, 'take' | 'giveBack' | 'acknowledge'>;
  ledger: InterruptionLedger;
  book: PoolRiskBook;
  ec2: Pick<Ec2Port, 'tagInstances'>;
  placement: InterruptionPlacement;
  /** The seam for quarantining a worker whose instance is going away; unset, workers are not quarantined. */
  quarantineInterruptedWorker: QuarantineInterruptedWorker | undefined;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
}

export interface Heard {
  notices: readonly InterruptionNotice[];
  /** Instances whose capacity counts as gone. */
  leaving: ReadonlySet<string>;
  /** Learned rates for placement; undefined: price-only. */
  rates: InterruptionRateLookup | undefined;
  rebalanceRecommended: readonly UnavailablePool[];
  settled: readonly { receiptHandle: string; outcome: MessageOutcome }[];
  errors: readonly string[];
}

export const NOTHING_HEARD: Heard = { notices: [], leaving: new Set(), rates: undefined, rebalanceRecommended: [], settled: [], errors: [] };

export async function hear(deps: InterruptionDeps | undefined, gathered: Gathered, now: number): Promise<Heard> {
  if (!deps) return NOTHING_HEARD;
  const errors = await deps.book.ensureLoaded();
  const described = gathered.regions.filter((r) => r.described);
  const replacing = new Set(gathered.workerTypes.filter((w) => w.definition.replaceOnRebalance === true).map((w) => w.workerType));
  const step = deps.ledger.step({
    provisionerId: deps.provisionerId,
    events: deps.intake.take(),
    instances: described.flatMap((r) => r.instances),
    describedRegions: new Set(described.map((r) => r.region)),
    replaceOnRebalance: (workerType) => replacing.has(workerType),
    now,
  });
  if (step.deferred.length > 0) deps.intake.giveBack(step.deferred);
  // counted before placement: the replacements already avoid the pool that took the capacity back
  for (const notice of step.notices) if (notice.countsForPool) deps.book.noteInterruption(notice, notice.at);
  for (const notice of step.notices) deps.logger.warn({ ...notice, at: new Date(notice.at).toISOString() }, noticeSentence(notice));
  return {
    notices: step.notices,
    leaving: step.leaving,
    rates: deps.placement === 'learned' ? deps.book.rates(now) : undefined,
    rebalanceRecommended: deps.ledger.rebalancedPools(now),
    settled: step.settled,
    errors,
  };
}

/** Tags the instances going away (one call per region and kind) and quarantines their workers; resolves the errors. */
export async function actOnInterruptions(deps: InterruptionDeps | undefined, heard: Heard, now: number): Promise<string[]> {
  if (!deps) return [];
  const going = heard.notices.filter((n) => n.stillRunning && n.effect !== 'recorded');
  const batches = new Map<string, { region: string; value: string; ids: string[] }>();
  for (const notice of going) {
    const value = interruptionTagValue(notice.kind, now);
    const key = `${notice.region} ${value}`;
    const batch = batches.get(key) ?? { region: notice.region, value, ids: [] };
    batch.ids.push(notice.instanceId);
    batches.set(key, batch);
  }
  const errors: string[] = [];
  await Promise.all(
    [...batches.values()].map(async ({ region, value, ids }) => {
      try {
        await deps.ec2.tagInstances(region, ids, { [INTERRUPTION_TAG_KEY]: value });
      } catch (err) {
        errors.push(`${region}: tagging ${ids.length} instances as interrupted: ${errorMessage(err)}`);
      }
    }),
  );
  const quarantine = deps.quarantineInterruptedWorker;
  if (quarantine) {
    await Promise.all(
      going.map(async ({ workerType, region, instanceId }) => {
        try {
          await quarantine({ workerType, region, instanceId });
        } catch (err) {
          errors.push(`quarantining ${instanceId} of ${workerType}: ${errorMessage(err)}`);
        }
      }),
    );
  }
  if (errors.length > 0) deps.logger.error({ errors }, 'acting on interruptions failed in part');
  return errors;
}

/** Counts the interruptions for their pools and the exposure of the running spot fleet, then acknowledges the messages. */
export async function recordInterruptions(deps: InterruptionDeps | undefined, heard: Heard, gathered: Gathered, now: number): Promise<string[]> {
  if (!deps) return [];
  const { book, metrics } = deps;
  const counted = heard.notices.filter((n) => n.countsForPool);
  const errors = await book.writeInterruptions();
  const running = gathered.regions
    .filter((r) => r.described)
    .flatMap((r) => r.instances)
    .filter((i) => i.state === 'running' && i.market === 'spot' && !heard.leaving.has(i.instanceId));
  book.observe(running, now);
  errors.push(...(await book.flushExposure(now)));
  if (metrics) {
    for (const n of counted) metrics.spotInterruptions.inc({ region: n.region, zone: n.availabilityZone, instance_type: n.instanceType });
    for (const n of heard.notices) if (n.kind === 'rebalance-recommendation') metrics.rebalanceRecommendations.inc();
    metrics.showPoolRates(book.rates(now), book.list());
  }
  deps.intake.acknowledge(heard.settled);
  if (errors.length > 0) deps.logger.error({ errors }, 'recording interruptions failed in part');
  return errors;
}

/** The notices of one worker type, as its decision records them. */
export function interruptionRecords(notices: readonly InterruptionNotice[]): InterruptionRecord[] {
  return notices.map((n) => ({
    instanceId: n.instanceId,
    region: n.region,
    availabilityZone: n.availabilityZone,
    instanceType: n.instanceType,
    kind: n.kind,
    ...(n.state ? { state: n.state } : {}),
    at: new Date(n.at).toISOString(),
    effect: n.effect,
  }));
}

const KIND_WORDS: Record<InterruptionNotice['kind'], string> = {
  'spot-interruption': 'received a spot interruption warning',
  'rebalance-recommendation': 'received a rebalance recommendation',
  'state-change': 'changed state',
};
const EFFECT_WORDS: Record<InterruptionNotice['effect'], string> = {
  'capacity-gone': 'its capacity counts as gone and this plan replaces it',
  'replaced-proactively': 'the worker type replaces it proactively in another pool',
  'recorded': 'recorded; the worker type does not replace on rebalance recommendations',
};

/** "Instance i-… (spot m5.large in us-east-1a) received a spot interruption warning at …: its capacity counts as gone …" */
export function noticeSentence(n: InterruptionNotice): string {
  const what = n.kind === 'state-change' ? `${KIND_WORDS[n.kind]} to ${n.state ?? 'leaving'}` : KIND_WORDS[n.kind];
  return `Instance ${n.instanceId} (${n.market} ${n.instanceType} in ${n.availabilityZone}) ${what} at ${new Date(n.at).toISOString()}: ${EFFECT_WORDS[n.effect]}.`;
}
