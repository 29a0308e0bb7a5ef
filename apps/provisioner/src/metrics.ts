/** Prometheus metrics of the daemon, on their own registry (served at /metrics). */
import type { InterruptionRateLookup } from '@spot-provisioner/bidding';
import type { PoolRisk } from '@spot-provisioner/model';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Ec2CallCounter } from './ec2/call-counter';

export class ProvisionerMetrics {
  readonly registry = new Registry();
  readonly iterationDuration = new Histogram({
    name: 'provisioner_iteration_duration_seconds',
    help: 'Duration of one provisioning iteration, by outcome (ok, no-region, failed, abandoned)',
    labelNames: ['outcome'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });
  readonly ec2Calls = new Counter({
    name: 'provisioner_ec2_calls_total',
    help: 'EC2 API calls by operation and outcome (success or the AWS error code)',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly launches = new Counter({
    name: 'provisioner_launches_total',
    help: 'Instances launched, by worker type, pool and market',
    labelNames: ['worker_type', 'region', 'zone', 'instance_type', 'market'],
    registers: [this.registry],
  });
  readonly launchFailures = new Counter({
    name: 'provisioner_launch_failures_total',
    help: 'Launches refused, by worker type and reason (capacity or error)',
    labelNames: ['worker_type', 'reason'],
    registers: [this.registry],
  });
  readonly cleanups = new Counter({
    name: 'provisioner_cleanups_total',
    help: 'Instances terminated and spot requests cancelled, by action and reason',
    labelNames: ['action', 'reason'],
    registers: [this.registry],
  });
  readonly pendingTasks = new Gauge({
    name: 'provisioner_pending_tasks',
    help: 'Pending tasks the queue reported per worker type',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly runningCapacity = new Gauge({
    name: 'provisioner_running_capacity',
    help: 'Capacity units of running instances per worker type',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly pendingCapacity = new Gauge({
    name: 'provisioner_pending_capacity',
    help: 'Capacity units starting, requested or submitted per worker type',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly regionFailures = new Counter({
    name: 'provisioner_region_failures_total',
    help: 'Iterations that could not describe a region (its capacity unknown), by region',
    labelNames: ['region'],
    registers: [this.registry],
  });
  readonly queueFailures = new Counter({
    name: 'provisioner_queue_failures_total',
    help: 'Pending-task queries the queue did not answer usefully, by worker type',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly leaseReadFailures = new Counter({
    name: 'provisioner_lease_read_failures_total',
    help: 'Ticks on which the lease could not be read or taken (the store failed, not contention)',
    registers: [this.registry],
  });
  readonly unmetCapacity = new Gauge({
    name: 'provisioner_unmet_capacity',
    help: 'Capacity units the last iteration wanted and could not place, per worker type (the decision says why)',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly spotCostPerHour = new Gauge({
    name: 'provisioner_spot_cost_per_hour',
    help: "USD per hour of a worker type's running instances at their pool's current price",
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly idleCapacity = new Gauge({
    name: 'provisioner_idle_capacity',
    help: 'Idle capacity units the queue showed per worker type with scale-down enabled (busy and quarantined ones not counted)',
    labelNames: ['worker_type'],
    registers: [this.registry],
  });
  readonly drains = new Counter({
    name: 'provisioner_drains_total',
    help: 'Scale-down drain steps done, by worker type and action (quarantine, terminate, lift)',
    labelNames: ['worker_type', 'action'],
    registers: [this.registry],
  });
  readonly leaseHeld = new Gauge({
    name: 'provisioner_lease_held',
    help: '1 while this daemon holds the lease and acts, 0 on standby',
    registers: [this.registry],
  });

  readonly spotInterruptions = new Counter({
    name: 'provisioner_spot_interruptions_total',
    help: 'Spot interruption warnings EC2 sent for this provisioner\'s instances, by pool',
    labelNames: ['region', 'zone', 'instance_type'],
    registers: [this.registry],
  });
  readonly rebalanceRecommendations = new Counter({
    name: 'provisioner_rebalance_recommendations_total',
    help: 'EC2 rebalance recommendations for this provisioner\'s instances',
    registers: [this.registry],
  });
  readonly interruptionMessages = new Counter({
    name: 'provisioner_interruption_messages_total',
    help: 'Messages read from the interruption queue, by what became of them (handled, duplicate, foreign, ignored, garbage)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly poolInterruptionRate = new Gauge({
    name: 'provisioner_pool_interruption_rate',
    help: 'Learned spot interruptions per instance-hour of each pool with a record (what placement scores with)',
    labelNames: ['region', 'zone', 'instance_type'],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Feeds EC2 call counts from the adapter's counter. */
  observeEc2(counter: Ec2CallCounter): void {
    counter.onCall((operation, outcome) => this.ec2Calls.inc({ operation, outcome }));
  }

  /** The learned rate of every pool with a record. */
  showPoolRates(rates: InterruptionRateLookup, records: readonly PoolRisk[]): void {
    this.poolInterruptionRate.reset();
    for (const r of records) {
      this.poolInterruptionRate.set({ region: r.region, zone: r.availabilityZone, instance_type: r.instanceType }, rates.rateOf(r.region, r.availabilityZone, r.instanceType));
    }
  }

  /** Forgets per-worker-type gauges (a deleted worker type must not linger). */
  resetWorkerTypeGauges(): void {
    this.pendingTasks.reset();
    this.runningCapacity.reset();
    this.pendingCapacity.reset();
    this.unmetCapacity.reset();
    this.spotCostPerHour.reset();
    this.idleCapacity.reset();
  }
}
