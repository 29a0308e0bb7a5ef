/**
 * What the daemon makes of EC2's instance events, one iteration at a time (no I/O): each event
 * is matched with the instance EC2 showed (or one seen in the last hour, for events that arrive
 * after their instance is gone), and becomes a notice with its effect, or a foreign, duplicate
 * or deferred message. Between iterations it remembers which instances are going away, so
 * their capacity counts as gone until EC2 stops showing them; after a restart the Interruption
 * tag tells it the same. Each event takes effect at most once: by event id in the intake, by
 * instance and kind here, by tag across restarts.
 */
import type { Ec2InstanceEventKind, LeavingState } from '@spot-provisioner/ec2-gateway';
import type { Market, UnavailablePool } from '@spot-provisioner/bidding';
import type { OwnedInstance } from '../ec2/port';
import { workerTypeFromTag } from '../ec2/port';
import type { MessageOutcome, ReceivedEvent } from './intake';

/** Instances EC2 stopped showing are remembered this long, for events that arrive after them (the queue keeps a message an hour). */
export const KNOWN_INSTANCE_MEMORY_MS = 2 * 3600_000;

/** A pool a replaced-on-rebalance instance ran in stays out of placement this long: the warning a recommendation announces may follow within minutes. */
export const REBALANCE_AVOID_MS = 15 * 60_000;

/** What an event did to its instance's capacity. */
export type NoticeEffect = 'capacity-gone' | 'replaced-proactively' | 'recorded';

/** One of this provisioner's instances, as far as its events need it. */
export interface KnownInstance {
  readonly instanceId: string;
  readonly workerType: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly market: Market;
}

export interface InterruptionNotice extends KnownInstance {
  readonly kind: Ec2InstanceEventKind;
  readonly state?: LeavingState;
  /** When EC2 emitted the event (epoch ms). */
  readonly at: number;
  readonly effect: NoticeEffect;
  /** A spot interruption warning, counted toward its pool's learned rate. */
  readonly countsForPool: boolean;
  /** EC2 still shows the instance: it gets the Interruption tag (and is quarantined when the queue client can). */
  readonly stillRunning: boolean;
}

export interface LedgerInput {
  readonly provisionerId: string;
  readonly events: readonly ReceivedEvent[];
  /** Live instances of the regions described this iteration. */
  readonly instances: readonly OwnedInstance[];
  readonly describedRegions: ReadonlySet<string>;
  /** Whether a worker type's definition asks for proactive replacement on a rebalance recommendation. */
  replaceOnRebalance(workerType: string): boolean;
  readonly now: number;
}

export interface LedgerStep {
  /** What this iteration's events did, oldest first. */
  readonly notices: InterruptionNotice[];
  /** Every instance whose capacity counts as gone now (this iteration's and earlier ones'). */
  readonly leaving: ReadonlySet<string>;
  /** Messages to acknowledge once the notices are recorded. */
  readonly settled: { receiptHandle: string; outcome: MessageOutcome }[];
  /** Events about a region EC2 could not be described in: offered to the next iteration. */
  readonly deferred: ReceivedEvent[];
}

interface SeenInstance extends KnownInstance {
  lastSeen: number;
}

/** `<kind>@<ISO time>`: the Interruption tag's value. */
export function interruptionTagValue(kind: Ec2InstanceEventKind, at: number): string {
  return `${kind}@${new Date(at).toISOString()}`;
}

function kindOfTag(value: string | undefined): Ec2InstanceEventKind | undefined {
  const kind = value?.split('@')[0];
  return kind === 'spot-interruption' || kind === 'rebalance-recommendation' || kind === 'state-change' ? kind : undefined;
}

export class InterruptionLedger {
  private readonly known = new Map<string, SeenInstance>();
  /** Instances going away, with the kinds of event already acted on. */
  private readonly handled = new Map<string, Set<Ec2InstanceEventKind>>();
  private readonly leaving = new Set<string>();
  private readonly rebalanced = new Map<string, UnavailablePool>();

  step(input: LedgerInput): LedgerStep {
    const live = new Map<string, SeenInstance>();
    for (const instance of input.instances) {
      const workerType = workerTypeFromTag(input.provisionerId, instance.workerTypeTag);
      if (workerType === undefined) continue;
      const known: SeenInstance = {
        instanceId: instance.instanceId,
        workerType,
        region: instance.region,
        availabilityZone: instance.availabilityZone,
        instanceType: instance.instanceType,
        market: instance.market,
        lastSeen: input.now,
      };
      live.set(instance.instanceId, known);
      this.known.set(instance.instanceId, known);
      // a tag written before a restart: the event took effect then
      const tagged = kindOfTag(instance.interruption);
      if (tagged) {
        this.kindsOf(instance.instanceId).add(tagged);
        this.leaving.add(instance.instanceId);
      }
    }

    const notices: InterruptionNotice[] = [];
    const settled: LedgerStep['settled'] = [];
    const deferred: ReceivedEvent[] = [];
    for (const received of [...input.events].sort((a, b) => a.event.time - b.event.time)) {
      const { event } = received;
      const instance = live.get(event.instanceId) ?? this.known.get(event.instanceId);
      if (!instance) {
        if (!input.describedRegions.has(event.region)) deferred.push(received);
        else settled.push({ receiptHandle: received.receiptHandle, outcome: 'foreign' });
        continue;
      }
      const kinds = this.kindsOf(instance.instanceId);
      if (kinds.has(event.kind)) {
        settled.push({ receiptHandle: received.receiptHandle, outcome: 'duplicate' });
        continue;
      }
      kinds.add(event.kind);
      const stillRunning = live.has(instance.instanceId);
      const effect = effectOf(event.kind, input.replaceOnRebalance(instance.workerType));
      if (effect !== 'recorded') this.leaving.add(instance.instanceId);
      if (effect === 'replaced-proactively') this.avoidPool(instance, input.now);
      const { lastSeen: _lastSeen, ...identity } = instance;
      notices.push({
        ...identity,
        kind: event.kind,
        ...(event.kind === 'state-change' ? { state: event.state } : {}),
        at: event.time,
        effect,
        countsForPool: event.kind === 'spot-interruption' && instance.market === 'spot',
        stillRunning: stillRunning && event.kind !== 'state-change',
      });
      settled.push({ receiptHandle: received.receiptHandle, outcome: 'handled' });
    }

    this.forget(live, input);
    return { notices, leaving: new Set([...this.leaving].filter((id) => live.has(id))), settled, deferred };
  }

  /** Spot pools a proactive replacement must not land in again (placement's rebalance-recommended filter). */
  rebalancedPools(now: number): UnavailablePool[] {
    for (const [key, pool] of this.rebalanced) if (pool.until <= now) this.rebalanced.delete(key);
    return [...this.rebalanced.values()];
  }

  private avoidPool(instance: KnownInstance, now: number): void {
    const { region, availabilityZone, instanceType } = instance;
    this.rebalanced.set(`${region}/${availabilityZone}/${instanceType}`, { region, availabilityZone, instanceType, until: now + REBALANCE_AVOID_MS, market: 'spot' });
  }

  private kindsOf(instanceId: string): Set<Ec2InstanceEventKind> {
    let kinds = this.handled.get(instanceId);
    if (!kinds) this.handled.set(instanceId, (kinds = new Set()));
    return kinds;
  }

  /** Instances gone from a described region stop counting; after KNOWN_INSTANCE_MEMORY_MS they are forgotten. */
  private forget(live: ReadonlyMap<string, SeenInstance>, input: LedgerInput): void {
    for (const [id, known] of this.known) {
      if (live.has(id) || !input.describedRegions.has(known.region)) continue;
      this.leaving.delete(id);
      if (input.now - known.lastSeen > KNOWN_INSTANCE_MEMORY_MS) {
        this.known.delete(id);
        this.handled.delete(id);
      }
    }
  }
}

function effectOf(kind: Ec2InstanceEventKind, replaceOnRebalance: boolean): NoticeEffect {
  if (kind !== 'rebalance-recommendation') return 'capacity-gone';
  return replaceOnRebalance ? 'replaced-proactively' : 'recorded';
}
