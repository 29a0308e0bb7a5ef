/**
 * Simulated EC2: the daemon's own fake EC2 (apps/provisioner/src/ec2/fake-ec2.ts, which
 * answers every describe call as a real account would) over the fleet's instances, with the
 * simulated world's rules: RunInstances creates an instance that boots for a drawn delay,
 * refuses in a capacity shortage window or below the pool's price, and may be interrupted at
 * the pool's rate; a terminated instance's tasks go back to the queue.
 */
import { CapacityError, FakeEc2, type FakeInstance, type RunInstanceRequest } from '@spot-provisioner/provisioner';
import type { Fleet, SimInstance } from './fleet';
import type { PriceBook } from './prices';
import type { WorldDraws } from './world-draws';
import { matchesPool, type BootDistribution, type ScenarioOptions } from './scenario';

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

export class SimEc2 extends FakeEc2<SimInstance> {
  /** Launches so far per worker type: the next launch's ordinal, which keys its draws. */
  private readonly ordinals = new Map<string, number>();
  capacityRefusals = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly prices: PriceBook,
    private readonly draws: WorldDraws,
    private readonly scenario: Pick<ScenarioOptions, 'shortages' | 'interruptions' | 'defaultInterruptionsPerHour'>,
    private readonly hooks: SimEc2Hooks,
  ) {
    // the fleet's instances are EC2's: one its world stops (idle, interrupted) is gone from EC2's answers too
    super(
      {
        clock: { now: () => hooks.now().epochMs },
        zones: prices.zonesByRegion,
        spotPrices: (region) => {
          const { t, epochMs } = hooks.now();
          return prices.history(region, t, epochMs);
        },
      },
      fleet.instances,
    );
  }

  /** A capacity shortage window, a pool not offered, or a bid below the pool's price refuses the launch. */
  protected override admit(request: RunInstanceRequest): void {
    const { t } = this.hooks.now();
    const pool = { region: request.region, availabilityZone: request.availabilityZone, instanceType: request.instanceType };
    if (this.scenario.shortages.some((s) => s.fromS <= t && t < s.toS && matchesPool(s, pool))) {
      this.capacityRefusals += 1;
      throw new CapacityError('InsufficientInstanceCapacity', `no ${request.instanceType} capacity in ${request.availabilityZone} (simulated shortage)`);
    }
    if (request.market !== 'spot') return;
    const price = this.prices.spotPrice(request.availabilityZone, request.instanceType, t);
    if (price === undefined) throw new CapacityError('Unsupported', `${request.instanceType} is not offered in ${request.availabilityZone}`);
    if (request.maxPrice !== undefined && request.maxPrice < price) {
      this.capacityRefusals += 1;
      throw new CapacityError('SpotMaxPriceTooLow', `bid ${request.maxPrice} below ${price}`);
    }
  }

  /** The launched instance boots for its drawn delay and may be interrupted at its pool's rate. */
  protected override create(request: RunInstanceRequest, base: FakeInstance): SimInstance {
    const { t } = this.hooks.now();
    const workerType = String(request.tags[TAG_WORKER_TYPE] ?? '').split('/').pop() ?? '';
    const boot = this.hooks.bootOf(workerType);
    const ordinal = this.ordinals.get(workerType) ?? 0;
    this.ordinals.set(workerType, ordinal + 1);
    const draws = this.draws.launch(workerType, ordinal);
    const bootS = draws.bootS(boot.medianS, boot.sigma);
    const interruptAfterS = draws.interruptAfterS(request.market === 'spot' ? this.interruptionRate(base) : 0);
    const instance: SimInstance = {
      ...base,
      workerType,
      capacity: this.hooks.capacityOf(workerType, request.instanceType),
      clientToken: request.clientToken,
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
    this.hooks.launched(instance, bootS, interruptAfterS);
    return instance;
  }

  /** The daemon terminated it (a drain or cleanup): its tasks go back to the queue. */
  protected override stop(instance: SimInstance): void {
    this.fleet.terminate(instance, this.hooks.now().t, false, true);
  }

  private interruptionRate(pool: { region: string; availabilityZone: string; instanceType: string }): number {
    const rule = this.scenario.interruptions.find((r) => matchesPool(r, pool));
    return rule ? rule.perHour : this.scenario.defaultInterruptionsPerHour;
  }
}
