/**
 * What the demand policies remember between iterations: each worker type's recent
 * observations (pending tasks, running and pending capacity) and the boot times the daemon
 * saw, kept in the daemon's memory. A restart forgets it; every policy then starts from no
 * history (lookahead acts as classic until it has some).
 */
import { rememberObservation, type DemandObservation, type DemandPolicy } from '@spot-provisioner/bidding';
import type { DemandContext } from '@spot-provisioner/planner';

/** Boot times kept per worker type: enough for a stable median, few enough to follow a new AMI within an hour or so. */
const BOOT_SAMPLES = 25;

export class DemandMemory {
  private readonly byWorkerType = new Map<string, DemandObservation[]>();
  /** Instances last seen booting (id → launch time), and the boot times measured, per worker type. */
  private readonly booting = new Map<string, Map<string, number>>();
  private readonly boots = new Map<string, number[]>();
  /** Policies standing in for a named one (the simulator's sweeps of settings); none in the daemon. */
  private readonly variants = new Map<string, DemandPolicy>();

  /**
   * The worker type's context for this iteration (its earlier observations, measured boot
   * time, any variant), then remembers this iteration's observation and instances.
   */
  contextFor(
    workerType: string,
    observation: DemandObservation,
    instances: readonly { instanceId: string; state: string; launchTime: number }[],
  ): DemandContext {
    this.observeInstances(workerType, instances, observation.at);
    const history = this.history(workerType, observation.at);
    this.record(workerType, observation);
    const observedBootMs = this.observedBootMs(workerType);
    return {
      history,
      ...(observedBootMs === undefined ? {} : { observedBootMs }),
      ...(this.variants.size > 0 ? { variant: [...this.variants.values()][0] as DemandPolicy } : {}),
    };
  }

  /** Earlier observations of the worker type (before `now`), oldest first. */
  history(workerType: string, now: number): readonly DemandObservation[] {
    return (this.byWorkerType.get(workerType) ?? []).filter((o) => o.at < now);
  }

  record(workerType: string, observation: DemandObservation): void {
    this.byWorkerType.set(workerType, rememberObservation(this.byWorkerType.get(workerType) ?? [], observation));
  }

  /**
   * Notes which instances boot and which now run: an instance seen booting at one iteration and
   * running at the next booted in about (now − its launch time), within one iteration period.
   */
  observeInstances(workerType: string, instances: readonly { instanceId: string; state: string; launchTime: number }[], now: number): void {
    const previously = this.booting.get(workerType) ?? new Map<string, number>();
    const stillBooting = new Map<string, number>();
    const measured = this.boots.get(workerType) ?? [];
    for (const instance of instances) {
      if (instance.state === 'pending') stillBooting.set(instance.instanceId, instance.launchTime);
      else if (instance.state === 'running' && previously.has(instance.instanceId)) measured.push(now - instance.launchTime);
    }
    this.booting.set(workerType, stillBooting);
    this.boots.set(workerType, measured.slice(-BOOT_SAMPLES));
  }

  /** The median of the worker type's recently measured boot times; undefined before any. */
  observedBootMs(workerType: string): number | undefined {
    const samples = [...(this.boots.get(workerType) ?? [])].sort((a, b) => a - b);
    return samples.length === 0 ? undefined : samples[samples.length >> 1];
  }

  /** A policy to stand in for the one of the same name (undefined: back to the named one). */
  useVariant(policy: DemandPolicy | undefined, name: string = policy?.name ?? ''): void {
    if (policy) this.variants.set(policy.name, policy);
    else this.variants.delete(name);
  }

  /** Forgets every observation; variants stay until replaced. */
  clear(): void {
    this.byWorkerType.clear();
    this.booting.clear();
    this.boots.clear();
  }
}
