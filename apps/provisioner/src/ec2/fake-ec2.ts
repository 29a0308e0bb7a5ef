/**
 * An in-memory EC2 behind the daemon's own Ec2Port, kept beside the port so it changes with
 * it: the daemon's fast tests and the simulator run on it, and a contract suite
 * (test/ec2-port-contract.integration.test.ts) holds it to what the adapter does against the
 * emulator, so it cannot drift. `reset()` puts it back as constructed: one fake serves a whole
 * test file. Tests can make a pool refuse launches, make the next call of an operation fail,
 * seed spot requests in states the emulator cannot produce, and read every call made.
 *
 * Like EC2 (and unlike moto), a retried RunInstances with the same ClientToken launches
 * nothing new. Launches create no standing spot request; `addSpotRequest` seeds one.
 */
import type { Market, SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import { CapacityError, Ec2Error, INTERRUPTION_TAG_KEY, type CapacityErrorCode } from '@spot-provisioner/ec2-gateway';
import type { Clock } from '../clock';
import {
  TAG_OWNER,
  TAG_WORKER_TYPE,
  type Ec2Port,
  type LaunchedInstance,
  type OwnedInstance,
  type OwnedSpotRequest,
  type RunInstanceRequest,
} from './port';

/** One instance as the fake holds it (the simulator's instances extend it). */
export interface FakeInstance {
  readonly instanceId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly market: Market;
  state: 'pending' | 'running' | 'terminated';
  /** Epoch milliseconds. */
  readonly launchTime: number;
  tags: Readonly<Record<string, string>>;
  readonly clientToken: string | undefined;
  readonly imageId?: string | undefined;
}

/** A pool the fake refuses launches in; an absent field matches every value. */
export interface FakePool {
  readonly region?: string;
  readonly availabilityZone?: string;
  readonly instanceType?: string;
  readonly market?: Market;
}

export type Ec2Operation = keyof Ec2Port;

export interface FakeEc2Call {
  readonly operation: Ec2Operation;
  readonly region: string;
}

export interface FakeEc2Options {
  /** Launch times are read from it. */
  readonly clock: Clock;
  /** The available zones of each region (a region not named has none). */
  readonly zones?: Readonly<Record<string, readonly string[]>>;
  /** Spot price history of a region since a time (none unless given). */
  readonly spotPrices?: (region: string, since: Date) => SpotPriceHistoryItem[];
}

const LIVE_SPOT_REQUEST_STATES = new Set(['open', 'active']);

export class FakeEc2<I extends FakeInstance = FakeInstance> implements Ec2Port {
  /** Every call made through the port, oldest first. */
  readonly calls: FakeEc2Call[] = [];
  /** Instances launched and terminated through the port since the last reset. */
  launches = 0;
  terminations = 0;
  private nextId = 1;
  private readonly spotRequests = new Map<string, OwnedSpotRequest & { owner: string }>();
  private readonly keyPairs = new Set<string>();
  private readonly refusedPools: { pool: FakePool; code: CapacityErrorCode }[] = [];
  private readonly failures = new Map<Ec2Operation, Error[]>();
  private readonly byClientToken = new Map<string, LaunchedInstance>();

  /**
   * @param instances where instances are kept: the simulator hands in its fleet's map, so an
   *   instance its world stops (idle, interrupted) is gone from EC2's answers too.
   */
  constructor(
    protected readonly options: FakeEc2Options,
    readonly instances: Map<string, I> = new Map(),
  ) {}

  /** Forgets every instance, request, key pair, call, refusal and failure: as constructed. */
  reset(): void {
    this.instances.clear();
    this.spotRequests.clear();
    this.keyPairs.clear();
    this.refusedPools.length = 0;
    this.failures.clear();
    this.byClientToken.clear();
    this.calls.length = 0;
    this.launches = 0;
    this.terminations = 0;
    this.nextId = 1;
  }

  /** Launches in a matching pool throw a CapacityError with `code` until the next reset. */
  refuse(pool: FakePool, code: CapacityErrorCode = 'InsufficientInstanceCapacity'): void {
    this.refusedPools.push({ pool, code });
  }

  /** The next call of `operation` throws `error` (each failure given is used once, in order). */
  failNext(operation: Ec2Operation, error: Error = new Ec2Error(operation, 'InternalError', 'injected failure', 'unknown')): void {
    this.failures.set(operation, [...(this.failures.get(operation) ?? []), error]);
  }

  /** A spot request as EC2 would describe it (open and stalled, say: states the emulator never shows). */
  addSpotRequest(request: Partial<OwnedSpotRequest> & { region: string; owner: string }): OwnedSpotRequest {
    const stored = {
      requestId: `sir-${this.newSuffix()}`,
      state: 'open',
      statusCode: 'pending-evaluation',
      createTime: this.options.clock.now(),
      instanceType: undefined,
      availabilityZone: undefined,
      instanceId: undefined,
      workerTypeTag: undefined,
      ...request,
    };
    this.spotRequests.set(stored.requestId, stored);
    return stored;
  }

  /** Calls of one operation so far. */
  callsOf(operation: Ec2Operation): FakeEc2Call[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  async describeInstances(region: string, owner: string): Promise<OwnedInstance[]> {
    this.enter('describeInstances', region);
    return [...this.instances.values()]
      .filter((i) => i.region === region && i.tags[TAG_OWNER] === owner && i.state !== 'terminated')
      .map((i) => ({
        instanceId: i.instanceId,
        region: i.region,
        availabilityZone: i.availabilityZone,
        instanceType: i.instanceType,
        state: i.state === 'running' ? 'running' : 'pending',
        launchTime: i.launchTime,
        market: i.market,
        imageId: i.imageId,
        spotRequestId: undefined,
        clientToken: i.clientToken,
        workerTypeTag: i.tags[TAG_WORKER_TYPE],
        interruption: i.tags[INTERRUPTION_TAG_KEY],
      }));
  }

  async describeSpotRequests(region: string, owner: string): Promise<OwnedSpotRequest[]> {
    this.enter('describeSpotRequests', region);
    return [...this.spotRequests.values()]
      .filter((r) => r.region === region && r.owner === owner && LIVE_SPOT_REQUEST_STATES.has(r.state))
      .map(({ owner: _owner, ...request }) => request);
  }

  async describeAvailabilityZones(region: string): Promise<string[]> {
    this.enter('describeAvailabilityZones', region);
    return [...(this.options.zones?.[region] ?? [])];
  }

  async describeSpotPriceHistory(region: string, since: Date, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]> {
    this.enter('describeSpotPriceHistory', region);
    const wanted = new Set(instanceTypes);
    return (this.options.spotPrices?.(region, since) ?? []).filter((item) => item.InstanceType !== undefined && wanted.has(item.InstanceType));
  }

  async runInstance(request: RunInstanceRequest): Promise<LaunchedInstance> {
    this.enter('runInstance', request.region);
    const earlier = this.byClientToken.get(request.clientToken);
    if (earlier) return earlier;
    if (request.availabilityZone.slice(0, -1) !== request.region) {
      throw new Ec2Error('RunInstances', 'InvalidParameterValue', `zone ${request.availabilityZone} is not in ${request.region}`);
    }
    const refusal = this.refusedPools.find(({ pool }) => matches(pool, request));
    if (refusal) throw new CapacityError(refusal.code, `no ${request.instanceType} capacity in ${request.availabilityZone} (refused by the test)`);
    this.admit(request);
    const imageId = request.launchSpec.ImageId;
    const instance = this.create(request, {
      instanceId: `i-${this.newSuffix()}`,
      region: request.region,
      availabilityZone: request.availabilityZone,
      instanceType: request.instanceType,
      market: request.market,
      state: 'pending',
      launchTime: this.options.clock.now(),
      tags: { ...request.tags },
      clientToken: request.clientToken,
      imageId: typeof imageId === 'string' ? imageId : undefined,
    });
    this.instances.set(instance.instanceId, instance);
    this.launches += 1;
    const launched = { instanceId: instance.instanceId, spotRequestId: undefined };
    this.byClientToken.set(request.clientToken, launched);
    return launched;
  }

  async terminateInstances(region: string, instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    this.enter('terminateInstances', region);
    for (const id of instanceIds) {
      const instance = this.instances.get(id);
      if (!instance || instance.region !== region || instance.state === 'terminated') continue;
      this.terminations += 1;
      this.stop(instance);
    }
  }

  async tagInstances(region: string, instanceIds: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    if (instanceIds.length === 0) return;
    this.enter('tagInstances', region);
    for (const id of instanceIds) {
      const instance = this.instances.get(id);
      if (instance && instance.region === region) instance.tags = { ...instance.tags, ...tags };
    }
  }

  async cancelSpotRequests(region: string, requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    this.enter('cancelSpotRequests', region);
    // EC2 keeps a cancelled request as history; the port lists only open and active ones
    for (const id of requestIds) {
      const request = this.spotRequests.get(id);
      if (request && request.region === region) this.spotRequests.set(id, { ...request, state: 'cancelled', statusCode: 'canceled-before-fulfillment' });
    }
  }

  async keyPairExists(region: string, keyName: string): Promise<boolean> {
    this.enter('keyPairExists', region);
    return this.keyPairs.has(`${region}/${keyName}`);
  }

  async importKeyPair(region: string, keyName: string, _publicKey: string): Promise<void> {
    this.enter('importKeyPair', region);
    this.keyPairs.add(`${region}/${keyName}`);
  }

  /** Refuses a launch by throwing (a CapacityError for the pool); the simulator's world decides here. */
  protected admit(_request: RunInstanceRequest): void {}

  /** The instance a launch creates; a subclass adds what its world tracks. */
  protected create(_request: RunInstanceRequest, base: FakeInstance): I {
    return base as I;
  }

  /** Stops an instance the daemon terminated. */
  protected stop(instance: I): void {
    instance.state = 'terminated';
  }

  private enter(operation: Ec2Operation, region: string): void {
    this.calls.push({ operation, region });
    const failure = this.failures.get(operation)?.shift();
    if (failure) throw failure;
  }

  private newSuffix(): string {
    return (this.nextId++).toString(16).padStart(17, '0');
  }
}

function matches(pool: FakePool, request: RunInstanceRequest): boolean {
  return (
    (pool.region === undefined || pool.region === request.region) &&
    (pool.availabilityZone === undefined || pool.availabilityZone === request.availabilityZone) &&
    (pool.instanceType === undefined || pool.instanceType === request.instanceType) &&
    (pool.market === undefined || pool.market === request.market)
  );
}
