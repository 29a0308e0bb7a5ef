/**
 * Simulated EC2 behind the daemon's own Ec2Port: RunInstances creates an instance that boots
 * for a drawn delay, refuses in a capacity shortage window or below the pool's price, and may
 * be interrupted at the pool's rate. Describe calls show what a real account would.
 */
import {
  CapacityError,
  INTERRUPTION_TAG_KEY,
  type Ec2Port,
  type LaunchedInstance,
  type OwnedInstance,
  type OwnedSpotRequest,
  type RunInstanceRequest,
} from '@spot-provisioner/provisioner';
import type { SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import type { Fleet, SimInstance } from './fleet';
import type { PriceBook } from './prices';
import { regionOf } from './prices';
import type { WorldDraws } from './world-draws';
import { matchesPool, type BootDistribution, type ScenarioOptions } from './scenario';

const TAG_OWNER = 'Owner';
const TAG_WORKER_TYPE = 'WorkerType';

export interface SimEc2Hooks {
  /** Simulated seconds now, and the epoch milliseconds they stand for. */
  now(): { t: number; epochMs: number };
  /** An instance was launched; the simulation schedules its boot and interruption. */
  launched(instance: SimInstance, bootS: number, interruptAfterS: number | undefined): void;
  /** Capacity units of an instance type for a worker type (its definition's figure). */
  capacityOf(workerType: string, instanceType: string): number;
  bootOf(workerType: string): BootDistribution;
}

export class SimEc2 implements Ec2Port {
  private nextId = 1;
  /** Launches so far per worker type: the next launch's ordinal, which keys its draws. */
  private readonly ordinals = new Map<string, number>();
  capacityRefusals = 0;
  launches = 0;
  /** Instances the daemon terminated (drains and cleanup). */
  terminations = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly prices: PriceBook,
    private readonly draws: WorldDraws,
    private readonly scenario: Pick<ScenarioOptions, 'shortages' | 'interruptions' | 'defaultInterruptionsPerHour'>,
    private readonly hooks: SimEc2Hooks,
  ) {}

  async describeInstances(region: string, owner: string): Promise<OwnedInstance[]> {
    const { epochMs } = this.hooks.now();
    return [...this.fleet.instances.values()]
      .filter((i) => i.region === region && i.tags[TAG_OWNER] === owner && i.state !== 'terminated')
      .map((i) => ({
        instanceId: i.instanceId,
        region: i.region,
        availabilityZone: i.availabilityZone,
        instanceType: i.instanceType,
        state: i.state === 'running' ? 'running' : 'pending',
        launchTime: epochMs + (i.launchedS - this.hooks.now().t) * 1000,
        market: i.market,
        imageId: undefined,
        spotRequestId: undefined,
        clientToken: i.clientToken,
        workerTypeTag: i.tags[TAG_WORKER_TYPE],
        interruption: i.tags[INTERRUPTION_TAG_KEY],
      }));
  }

  /** Launches use RunInstances' spot market options: there are no standing spot requests. */
  async describeSpotRequests(): Promise<OwnedSpotRequest[]> {
    return [];
  }

  async describeAvailabilityZones(region: string): Promise<string[]> {
    return [...(this.prices.zonesByRegion[region] ?? [])];
  }

  async describeSpotPriceHistory(region: string): Promise<SpotPriceHistoryItem[]> {
    const { t, epochMs } = this.hooks.now();
    return this.prices.history(region, t, epochMs);
  }

  async runInstance(request: RunInstanceRequest): Promise<LaunchedInstance> {
    const { t } = this.hooks.now();
    const pool = { region: request.region, availabilityZone: request.availabilityZone, instanceType: request.instanceType };
    if (regionOf(request.availabilityZone) !== request.region) throw new Error(`zone ${request.availabilityZone} is not in ${request.region}`);
    if (this.scenario.shortages.some((s) => s.fromS <= t && t < s.toS && matchesPool(s, pool))) {
      this.capacityRefusals += 1;
      throw new CapacityError('InsufficientInstanceCapacity', `no ${request.instanceType} capacity in ${request.availabilityZone} (simulated shortage)`);
    }
    if (request.market === 'spot') {
      const price = this.prices.spotPrice(request.availabilityZone, request.instanceType, t);
      if (price === undefined) throw new CapacityError('Unsupported', `${request.instanceType} is not offered in ${request.availabilityZone}`);
      if (request.maxPrice !== undefined && request.maxPrice < price) {
        this.capacityRefusals += 1;
        throw new CapacityError('SpotMaxPriceTooLow', `bid ${request.maxPrice} below ${price}`);
      }
    }
    const workerType = String(request.tags[TAG_WORKER_TYPE] ?? '').split('/').pop() ?? '';
    const boot = this.hooks.bootOf(workerType);
    const ordinal = this.ordinals.get(workerType) ?? 0;
    this.ordinals.set(workerType, ordinal + 1);
    const draws = this.draws.launch(workerType, ordinal);
    const bootS = draws.bootS(boot.medianS, boot.sigma);
    const interruptAfterS = draws.interruptAfterS(request.market === 'spot' ? this.interruptionRate(pool) : 0);
    const instance: SimInstance = {
      instanceId: `i-${(this.nextId++).toString(16).padStart(17, '0')}`,
      workerType,
      ...pool,
      market: request.market,
      capacity: this.hooks.capacityOf(workerType, request.instanceType),
      clientToken: request.clientToken,
      tags: { ...request.tags },
      launchedS: t,
      readyS: t + bootS,
      state: 'pending',
      tasks: new Map(),
      tasksStarted: 0,
      idleSinceS: t + bootS,
      costUsd: 0,
      billedUntilS: t,
      draws,
      recentRuns: [],
    };
    this.fleet.instances.set(instance.instanceId, instance);
    this.launches += 1;
    this.hooks.launched(instance, bootS, interruptAfterS);
    return { instanceId: instance.instanceId, spotRequestId: undefined };
  }

  async terminateInstances(_region: string, instanceIds: readonly string[]): Promise<void> {
    const { t } = this.hooks.now();
    for (const id of instanceIds) {
      const instance = this.fleet.instances.get(id);
      if (!instance) continue;
      this.terminations += 1;
      this.fleet.terminate(instance, t, false, true);
    }
  }

  async tagInstances(_region: string, instanceIds: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    for (const id of instanceIds) {
      const instance = this.fleet.instances.get(id);
      if (instance) instance.tags = { ...instance.tags, ...tags };
    }
  }

  async cancelSpotRequests(): Promise<void> {}

  async keyPairExists(): Promise<boolean> {
    return true;
  }

  async importKeyPair(): Promise<void> {}

  private interruptionRate(pool: { region: string; availabilityZone: string; instanceType: string }): number {
    const rule = this.scenario.interruptions.find((r) => matchesPool(r, pool));
    return rule ? rule.perHour : this.scenario.defaultInterruptionsPerHour;
  }
}
