/**
 * The one adapter of the EC2 port: domain shapes over the shared EC2 gateway (client per
 * region with timeouts, adaptive retry on throttling, typed errors, one pagination helper),
 * every attempt counted.
 */
import {
  CancelSpotInstanceRequestsCommand,
  CreateTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSpotInstanceRequestsCommand,
  DescribeSpotPriceHistoryCommand,
  ImportKeyPairCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
  type EC2Client,
  type Instance,
  type SpotInstanceRequest,
  type Tag,
} from '@aws-sdk/client-ec2';
import { LINUX_PRODUCT_DESCRIPTIONS, type SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import { collectPages, DAEMON_RETRY, Ec2Error, Ec2Gateway, INTERRUPTION_TAG_KEY } from '@spot-provisioner/ec2-gateway';
import type { Sleep } from '../clock';
import { Ec2CallCounter } from './call-counter';
import {
  LIVE_INSTANCE_STATES,
  TAG_OWNER,
  TAG_WORKER_TYPE,
  type Ec2Port,
  type LaunchedInstance,
  type LiveInstanceState,
  type OwnedInstance,
  type OwnedSpotRequest,
  type RunInstanceRequest,
} from './port';
import { runInstancesInput } from './run-instances-input';

/** Attempts per call under throttling (the gateway's daemon policy). */
export const THROTTLE_MAX_ATTEMPTS = DAEMON_RETRY.maxAttempts;
/** First backoff; doubles each attempt (0.5, 1, 2, 4 s), staying well inside a 30 s iteration. */
export const THROTTLE_BASE_DELAY_MS = DAEMON_RETRY.baseDelayMs;
/** Largest page EC2 allows for DescribeInstances and DescribeSpotInstanceRequests. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Spot requests in these states can still hold or become capacity; the rest are history. */
const LIVE_SPOT_REQUEST_STATES = ['open', 'active'];

export interface Ec2AdapterOptions {
  counter?: Ec2CallCounter;
  sleep?: Sleep;
  /** Page size for describe calls (tests use a small one to exercise pagination). */
  pageSize?: number;
  /** Builds the client of a region; defaults to the gateway's client with the daemon's timeouts. */
  clientFor?: (region: string) => EC2Client;
}

export class Ec2Adapter implements Ec2Port {
  readonly counter: Ec2CallCounter;
  private readonly gateway: Ec2Gateway;
  private readonly pageSize: number;

  constructor(options: Ec2AdapterOptions = {}) {
    const counter = options.counter ?? new Ec2CallCounter();
    this.counter = counter;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.gateway = new Ec2Gateway({
      retry: DAEMON_RETRY,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.clientFor ? { clientFor: options.clientFor } : {}),
      onCall: (operation, outcome, durationMs) => counter.record(operation, outcome, durationMs),
    });
  }

  private call<T>(region: string, operation: string, send: (client: EC2Client) => Promise<T>): Promise<T> {
    return this.gateway.call(region, operation, send);
  }

  describeInstances(region: string, owner: string): Promise<OwnedInstance[]> {
    return collectPages(async (NextToken) => {
      const page = await this.call(region, 'DescribeInstances', (client) =>
        client.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: `tag:${TAG_OWNER}`, Values: [owner] },
              { Name: 'instance-state-name', Values: [...LIVE_INSTANCE_STATES] },
            ],
            MaxResults: this.pageSize,
            NextToken,
          }),
        ),
      );
      const items = (page.Reservations ?? []).flatMap((reservation) =>
        (reservation.Instances ?? []).flatMap((instance) => toOwnedInstance(region, instance) ?? []),
      );
      return { items, nextToken: page.NextToken };
    });
  }

  describeSpotRequests(region: string, owner: string): Promise<OwnedSpotRequest[]> {
    return collectPages(async (NextToken) => {
      const page = await this.call(region, 'DescribeSpotInstanceRequests', (client) =>
        client.send(
          new DescribeSpotInstanceRequestsCommand({
            Filters: [
              { Name: `tag:${TAG_OWNER}`, Values: [owner] },
              { Name: 'state', Values: LIVE_SPOT_REQUEST_STATES },
            ],
            MaxResults: this.pageSize,
            NextToken,
          }),
        ),
      );
      const items = (page.SpotInstanceRequests ?? []).flatMap((request) => toOwnedSpotRequest(region, request) ?? []);
      return { items, nextToken: page.NextToken };
    });
  }

  async describeAvailabilityZones(region: string): Promise<string[]> {
    const result = await this.call(region, 'DescribeAvailabilityZones', (client) =>
      client.send(
        new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
      ),
    );
    return (result.AvailabilityZones ?? [])
      .filter((zone) => zone.State === undefined || zone.State === 'available')
      .flatMap((zone) => (zone.ZoneName ? [zone.ZoneName] : []));
  }

  async describeSpotPriceHistory(region: string, since: Date, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]> {
    if (instanceTypes.length === 0) return [];
    return collectPages(async (NextToken) => {
      const page = await this.call(region, 'DescribeSpotPriceHistory', (client) =>
        client.send(
          new DescribeSpotPriceHistoryCommand({
            StartTime: since,
            // only the pools the worker types can use: a region's whole history is thousands of
            // records over many pages (moto, which honours this filter, builds every one of them)
            InstanceTypes: [...instanceTypes] as _InstanceType[],
            // fewer pages from EC2; callers still filter by product (emulators ignore this)
            ProductDescriptions: [...LINUX_PRODUCT_DESCRIPTIONS],
            MaxResults: this.pageSize,
            NextToken,
          }),
        ),
      );
      return { items: page.SpotPriceHistory ?? [], nextToken: page.NextToken };
    });
  }

  async runInstance(request: RunInstanceRequest): Promise<LaunchedInstance> {
    const result = await this.call(request.region, 'RunInstances', (client) =>
      client.send(new RunInstancesCommand(runInstancesInput(request))),
    );
    const instance = result.Instances?.[0];
    if (!instance?.InstanceId) throw new Ec2Error('RunInstances', 'NoInstance', 'EC2 returned no instance');
    return { instanceId: instance.InstanceId, spotRequestId: instance.SpotInstanceRequestId || undefined };
  }

  async terminateInstances(region: string, instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    await this.call(region, 'TerminateInstances', (client) =>
      client.send(new TerminateInstancesCommand({ InstanceIds: [...instanceIds] })),
    );
  }

  async tagInstances(region: string, instanceIds: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    if (instanceIds.length === 0) return;
    await this.call(region, 'CreateTags', (client) =>
      client.send(new CreateTagsCommand({ Resources: [...instanceIds], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
    );
  }

  async cancelSpotRequests(region: string, requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    await this.call(region, 'CancelSpotInstanceRequests', (client) =>
      client.send(new CancelSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [...requestIds] })),
    );
  }

  async keyPairExists(region: string, keyName: string): Promise<boolean> {
    const result = await this.call(region, 'DescribeKeyPairs', (client) =>
      client.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [keyName] }] })),
    );
    return (result.KeyPairs ?? []).some((pair) => pair.KeyName === keyName);
  }

  async importKeyPair(region: string, keyName: string, publicKey: string): Promise<void> {
    await this.call(region, 'ImportKeyPair', (client) =>
      client.send(
        new ImportKeyPairCommand({ KeyName: keyName, PublicKeyMaterial: new TextEncoder().encode(publicKey) }),
      ),
    );
  }

  destroy(): void {
    this.gateway.destroy();
  }
}

function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

function toOwnedInstance(region: string, instance: Instance): OwnedInstance | undefined {
  const state = instance.State?.Name;
  if (!instance.InstanceId || !(LIVE_INSTANCE_STATES as readonly string[]).includes(state ?? '')) return undefined;
  return {
    instanceId: instance.InstanceId,
    region,
    availabilityZone: instance.Placement?.AvailabilityZone ?? '',
    instanceType: instance.InstanceType ?? '',
    state: state as LiveInstanceState,
    launchTime: instance.LaunchTime ? instance.LaunchTime.getTime() : 0,
    market: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    imageId: instance.ImageId,
    spotRequestId: instance.SpotInstanceRequestId || undefined,
    clientToken: instance.ClientToken || undefined,
    workerTypeTag: tagValue(instance.Tags, TAG_WORKER_TYPE),
    interruption: tagValue(instance.Tags, INTERRUPTION_TAG_KEY),
  };
}

function toOwnedSpotRequest(region: string, request: SpotInstanceRequest): OwnedSpotRequest | undefined {
  if (!request.SpotInstanceRequestId) return undefined;
  return {
    requestId: request.SpotInstanceRequestId,
    region,
    state: request.State ?? 'unknown',
    statusCode: request.Status?.Code,
    createTime: request.CreateTime ? request.CreateTime.getTime() : 0,
    instanceType: request.LaunchSpecification?.InstanceType,
    availabilityZone: request.LaunchedAvailabilityZone ?? request.LaunchSpecification?.Placement?.AvailabilityZone,
    instanceId: request.InstanceId || undefined,
    workerTypeTag: tagValue(request.Tags, TAG_WORKER_TYPE),
  };
}
