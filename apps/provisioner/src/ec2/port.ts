/**
 * The narrow port through which the daemon talks to EC2: exactly the calls it uses, in
 * domain shapes. One adapter (./adapter.ts) implements it over the AWS SDK; beside it, an
 * in-memory fake (./fake-ec2.ts, with `reset()`) that the daemon's fast tests and the
 * simulator run on, held to the adapter by a contract suite. Tests may also wrap the adapter
 * to produce states the emulator cannot.
 */
import type { Market, SpotPriceHistoryItem } from '@spot-provisioner/bidding';

/** Instance states the daemon treats as live capacity; terminated ones stay visible in EC2 for a while. */
export const LIVE_INSTANCE_STATES = ['pending', 'running'] as const;
export type LiveInstanceState = (typeof LIVE_INSTANCE_STATES)[number];

/** Tags that mark an EC2 resource as this provisioner's (set at creation). */
export const TAG_OWNER = 'Owner';
export const TAG_WORKER_TYPE = 'WorkerType';
export const TAG_NAME = 'Name';

/** `<provisionerId>/<workerType>`: the WorkerType tag value, as Taskcluster names worker pools. */
export function workerTypeTag(provisionerId: string, workerType: string): string {
  return `${provisionerId}/${workerType}`;
}

/** The worker type a WorkerType tag names, or undefined when the tag is absent or another provisioner's. */
export function workerTypeFromTag(provisionerId: string, tag: string | undefined): string | undefined {
  const prefix = `${provisionerId}/`;
  if (tag === undefined || !tag.startsWith(prefix)) return undefined;
  const name = tag.slice(prefix.length);
  return name === '' ? undefined : name;
}

export function launchTags(provisionerId: string, workerType: string): Record<string, string> {
  const tag = workerTypeTag(provisionerId, workerType);
  return { [TAG_NAME]: tag, [TAG_OWNER]: provisionerId, [TAG_WORKER_TYPE]: tag };
}

export interface OwnedInstance {
  instanceId: string;
  region: string;
  availabilityZone: string;
  instanceType: string;
  state: LiveInstanceState;
  /** Epoch milliseconds. */
  launchTime: number;
  market: Market;
  imageId: string | undefined;
  spotRequestId: string | undefined;
  clientToken: string | undefined;
  /** Value of the WorkerType tag (`<provisionerId>/<workerType>`), if any. */
  workerTypeTag: string | undefined;
  /** Value of the Interruption tag (`<kind>@<time>`): EC2 said this instance is going away. */
  interruption?: string | undefined;
}

export interface OwnedSpotRequest {
  requestId: string;
  region: string;
  /** 'open' | 'active' | 'closed' | 'cancelled' | 'failed' (EC2's words). */
  state: string;
  /** EC2's status code, e.g. 'pending-evaluation', 'capacity-not-available'. */
  statusCode: string | undefined;
  /** Epoch milliseconds. */
  createTime: number;
  instanceType: string | undefined;
  availabilityZone: string | undefined;
  instanceId: string | undefined;
  workerTypeTag: string | undefined;
}

/** Launch specification keys of the worker type definition (the RequestSpotInstances shape). */
export type LaunchSpecification = Record<string, unknown>;

export interface RunInstanceRequest {
  region: string;
  availabilityZone: string;
  instanceType: string;
  market: Market;
  /** USD/h; spot only. */
  maxPrice: number | undefined;
  /** The cascaded launch specification; InstanceType and the zone are set from the fields above. */
  launchSpec: LaunchSpecification;
  /** Already base64-encoded. */
  userData: string;
  /** Applied at creation to the instance, its volumes and (spot) its request. */
  tags: Readonly<Record<string, string>>;
  /** Idempotency token: a retried call with the same token launches nothing new on EC2. */
  clientToken: string;
  keyName: string | undefined;
}

export interface LaunchedInstance {
  instanceId: string;
  spotRequestId: string | undefined;
}

export interface Ec2Port {
  /** Live instances carrying `Owner = owner`, every page. */
  describeInstances(region: string, owner: string): Promise<OwnedInstance[]>;
  /** Spot requests carrying `Owner = owner` that are open or active, every page. */
  describeSpotRequests(region: string, owner: string): Promise<OwnedSpotRequest[]>;
  /** Names of the zones in state 'available'. */
  describeAvailabilityZones(region: string): Promise<string[]>;
  /**
   * Spot price history of the given instance types since `since`, every page (Linux products
   * asked for; callers must filter again). No instance types: nothing is asked, nothing returned.
   */
  describeSpotPriceHistory(region: string, since: Date, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]>;
  /** One instance; throws CapacityError for pool-level refusals, Ec2Error otherwise. */
  runInstance(request: RunInstanceRequest): Promise<LaunchedInstance>;
  terminateInstances(region: string, instanceIds: readonly string[]): Promise<void>;
  /** Adds tags to instances (the daemon writes only the Interruption tag after launch). */
  tagInstances(region: string, instanceIds: readonly string[], tags: Readonly<Record<string, string>>): Promise<void>;
  cancelSpotRequests(region: string, requestIds: readonly string[]): Promise<void>;
  keyPairExists(region: string, keyName: string): Promise<boolean>;
  importKeyPair(region: string, keyName: string, publicKey: string): Promise<void>;
}
