/**
 * The one adapter of the EC2 port over the AWS SDK: one EC2Client per region, every page
 * followed, RequestLimitExceeded retried with backoff, every attempt counted, SDK
 * exceptions translated into typed errors.
 */
import {
  CancelSpotInstanceRequestsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSpotInstanceRequestsCommand,
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  ImportKeyPairCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
  type SpotInstanceRequest,
  type Tag,
} from '@aws-sdk/client-ec2';
import { LINUX_PRODUCT_DESCRIPTIONS, type SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import { realSleep, type Sleep } from '../clock';
import { Ec2CallCounter } from './call-counter';
import { awsErrorCode, CapacityError, Ec2Error, errorMessage, failureOutcome, isCapacityErrorCode } from './errors';
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

/** EC2's own throttling answer; anything else is not worth retrying within an iteration. */
const THROTTLING_CODES = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);
/** Attempts per call under throttling: beyond this the next iteration is the better retry. */
export const THROTTLE_MAX_ATTEMPTS = 5;
/** First backoff; doubles each attempt (0.5, 1, 2, 4 s), staying well inside a 30 s iteration. */
export const THROTTLE_BASE_DELAY_MS = 500;
/** Largest page EC2 allows for DescribeInstances and DescribeSpotInstanceRequests. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Spot requests in these states can still hold or become capacity; the rest are history. */
const LIVE_SPOT_REQUEST_STATES = ['open', 'active'];

export interface Ec2AdapterOptions {
  counter?: Ec2CallCounter;
  sleep?: Sleep;
  /** Page size for describe calls (tests use a small one to exercise pagination). */
  pageSize?: number;
  /** Builds the client of a region; defaults to `new EC2Client({ region })` (endpoint from the environment). */
  clientFor?: (region: string) => EC2Client;
}

export class Ec2Adapter implements Ec2Port {
  readonly counter: Ec2CallCounter;
  private readonly clients = new Map<string, EC2Client>();
  private readonly sleep: Sleep;
  private readonly pageSize: number;
  private readonly clientFor: (region: string) => EC2Client;

  constructor(options: Ec2AdapterOptions = {}) {
    this.counter = options.counter ?? new Ec2CallCounter();
    this.sleep = options.sleep ?? realSleep;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    // The adapter retries throttling itself (and counts each attempt); the SDK's retries are off.
    this.clientFor = options.clientFor ?? ((region) => new EC2Client({ region, maxAttempts: 1 }));
  }

  private client(region: string): EC2Client {
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientFor(region);
      this.clients.set(region, client);
    }
    return client;
  }

  /** Sends one EC2 call: counts it, retries throttling with backoff, translates failures. */
  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const result = await send();
        this.counter.record(operation, 'success', Date.now() - started);
        return result;
      } catch (err) {
        const code = awsErrorCode(err);
        this.counter.record(operation, code, Date.now() - started);
        if (THROTTLING_CODES.has(code) && attempt < THROTTLE_MAX_ATTEMPTS) {
          await this.sleep(THROTTLE_BASE_DELAY_MS * 2 ** (attempt - 1));
          continue;
        }
        if (isCapacityErrorCode(code)) throw new CapacityError(code, errorMessage(err));
        throw new Ec2Error(operation, code, errorMessage(err), failureOutcome(err));
      }
    }
  }

  async describeInstances(region: string, owner: string): Promise<OwnedInstance[]> {
    const out: OwnedInstance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call('DescribeInstances', () =>
        this.client(region).send(
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
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          const owned = toOwnedInstance(region, instance);
          if (owned) out.push(owned);
        }
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  }

  async describeSpotRequests(region: string, owner: string): Promise<OwnedSpotRequest[]> {
    const out: OwnedSpotRequest[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call('DescribeSpotInstanceRequests', () =>
        this.client(region).send(
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
      for (const request of page.SpotInstanceRequests ?? []) {
        const owned = toOwnedSpotRequest(region, request);
        if (owned) out.push(owned);
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  }

  async describeAvailabilityZones(region: string): Promise<string[]> {
    const result = await this.call('DescribeAvailabilityZones', () =>
      this.client(region).send(
        new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
      ),
    );
    return (result.AvailabilityZones ?? [])
      .filter((zone) => zone.State === undefined || zone.State === 'available')
      .flatMap((zone) => (zone.ZoneName ? [zone.ZoneName] : []));
  }

  async describeSpotPriceHistory(region: string, since: Date): Promise<SpotPriceHistoryItem[]> {
    const out: SpotPriceHistoryItem[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call('DescribeSpotPriceHistory', () =>
        this.client(region).send(
          new DescribeSpotPriceHistoryCommand({
            StartTime: since,
            // fewer pages from EC2; callers still filter by product (emulators ignore this)
            ProductDescriptions: [...LINUX_PRODUCT_DESCRIPTIONS],
            MaxResults: this.pageSize,
            NextToken,
          }),
        ),
      );
      out.push(...(page.SpotPriceHistory ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  }

  async runInstance(request: RunInstanceRequest): Promise<LaunchedInstance> {
    const result = await this.call('RunInstances', () =>
      this.client(request.region).send(new RunInstancesCommand(runInstancesInput(request))),
    );
    const instance = result.Instances?.[0];
    if (!instance?.InstanceId) throw new Ec2Error('RunInstances', 'NoInstance', 'EC2 returned no instance');
    return { instanceId: instance.InstanceId, spotRequestId: instance.SpotInstanceRequestId || undefined };
  }

  async terminateInstances(region: string, instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    await this.call('TerminateInstances', () =>
      this.client(region).send(new TerminateInstancesCommand({ InstanceIds: [...instanceIds] })),
    );
  }

  async cancelSpotRequests(region: string, requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    await this.call('CancelSpotInstanceRequests', () =>
      this.client(region).send(new CancelSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [...requestIds] })),
    );
  }

  async keyPairExists(region: string, keyName: string): Promise<boolean> {
    const result = await this.call('DescribeKeyPairs', () =>
      this.client(region).send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [keyName] }] })),
    );
    return (result.KeyPairs ?? []).some((pair) => pair.KeyName === keyName);
  }

  async importKeyPair(region: string, keyName: string, publicKey: string): Promise<void> {
    await this.call('ImportKeyPair', () =>
      this.client(region).send(
        new ImportKeyPairCommand({ KeyName: keyName, PublicKeyMaterial: new TextEncoder().encode(publicKey) }),
      ),
    );
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
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
