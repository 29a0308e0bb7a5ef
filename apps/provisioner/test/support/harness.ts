/**
 * The daemon's test harness: real moto (EC2) and DynamoDB Local from the jest global setup,
 * fresh tables, the queue stand-in, the test clock, the recorded spot prices and a log capture
 * (to assert what is, and is not, logged). `harnessForEachTest(label)` is a test file's whole
 * set-up and tear-down: a fresh harness for every test.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, EC2Client, RegisterImageCommand, type Instance } from '@aws-sdk/client-ec2';
import {
  createRepositories,
  createTables,
  devKeyring,
  type Keyring,
  type Repositories,
  type WorkerTypeDefinitionInput,
  type WorkerTypeRecord,
} from '@spot-provisioner/model';
import {
  eachTest,
  LogCapture,
  spotPriceSample,
  TEST_REGION,
  TestClock,
  uniqueTablePrefix,
  workerTypeDefinition as testDefinition,
} from '@spot-provisioner/testing';
import pino, { type Logger } from 'pino';
import { startQueueStandIn, type QueueStandIn } from '../../src/dev/queue-stand-in';
import { Ec2Adapter } from '../../src/ec2/adapter';
import type { Ec2Port } from '../../src/ec2/port';
import { ScenarioSpotPriceSource, type PriceScenario } from '../../src/ec2/prices';
import { createProvisioner, type Provisioner, type ProvisionerParts } from '../../src/provisioner';
import { QueuePendingTasks } from '../../src/queue/pending-tasks';

export const PROVISIONER_ID = 'test-provisioner';
export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export const HOUR_MS = 3_600_000;
export const MAX_INSTANCE_LIFE_MS = 96 * HOUR_MS;

export function loadScenario(): PriceScenario {
  return spotPriceSample<PriceScenario>('five-regions');
}

export interface Harness {
  /**
   * This harness's provisioner id (`test-provisioner-<random>`): the daemon describes only the
   * EC2 resources tagged with it, so harnesses share their jest worker's moto without a reset.
   */
  provisionerId: string;
  prefix: string;
  keyring: Keyring;
  repos: Repositories;
  queue: QueueStandIn;
  clock: TestClock;
  ec2: Ec2Adapter;
  amis: Record<string, string>;
  /** Every line the daemon logged (at debug level and above). */
  logs: LogCapture;
  logger: Logger;
  scenario: PriceScenario;
  provisioner(overrides?: Partial<ProvisionerParts>): Provisioner;
  createWorkerType(name: string, overrides?: Partial<WorkerTypeDefinitionInput>): Promise<WorkerTypeRecord>;
  setPending(workerType: string, pendingTasks: number): void;
  ec2Client(region: string): EC2Client;
  /** Pending and running instances in moto carrying WorkerType = <provisionerId>/<workerType> (any worker type of this harness without one). */
  liveInstances(workerType?: string): Promise<(Instance & { region: string })[]>;
  close(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  // no moto reset (it costs the engine half a second of CPU to rebuild each region): what this
  // harness launches carries its own provisioner id, and its AMIs have their own names
  const provisionerId = `${PROVISIONER_ID}-${randomBytes(4).toString('hex')}`;
  const prefix = uniqueTablePrefix(label);
  const dynamo = new DynamoDBClient({ region: TEST_REGION });
  await createTables({ client: dynamo, prefix });
  dynamo.destroy();
  const keyring = devKeyring();
  const repos = createRepositories({ region: TEST_REGION, prefix, keyring });
  const queue = await startQueueStandIn();
  const clock = new TestClock();
  const ec2 = new Ec2Adapter({ sleep: async () => undefined });
  const clients = new Map<string, EC2Client>();
  const ec2Client = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({ region });
      clients.set(region, client);
    }
    return client;
  };
  const amis: Record<string, string> = {};
  for (const region of REGIONS) {
    const image = await ec2Client(region).send(new RegisterImageCommand({ Name: `worker-${provisionerId}-${region}`, RootDeviceName: '/dev/sda1' }));
    amis[region] = image.ImageId as string;
  }
  const logs = new LogCapture();
  const logger = pino({ level: 'debug' }, logs);
  const scenario = loadScenario();

  const harness: Harness = {
    provisionerId,
    prefix,
    keyring,
    repos,
    queue,
    clock,
    ec2,
    amis,
    logs,
    logger,
    scenario,
    provisioner: (overrides = {}) =>
      createProvisioner({
        ...testDaemonSettings(provisionerId, scenario),
        ec2,
        queue: new QueuePendingTasks(queue.rootUrl),
        repositories: repos,
        clock,
        logger,
        ...overrides,
      }),
    createWorkerType: async (name, overrides = {}) => {
      const { record } = await repos.workerTypes.create(name, workerTypeDefinition(amis, { scopes: [`queue:claim-work:${provisionerId}/*`], ...overrides }), new Date(clock.now()));
      return record;
    },
    setPending: (workerType, pendingTasks) => queue.setPending(provisionerId, workerType, pendingTasks),
    ec2Client,
    liveInstances: async (workerType) => {
      const out: (Instance & { region: string })[] = [];
      for (const region of REGIONS) {
        const filters = [
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
          { Name: 'tag:WorkerType', Values: workerType ? [`${provisionerId}/${workerType}`] : [`${provisionerId}/*`] },
        ];
        const result = await ec2Client(region).send(new DescribeInstancesCommand({ Filters: filters }));
        for (const reservation of result.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) out.push({ ...instance, region });
        }
      }
      return out;
    },
    close: async () => {
      await queue.close();
      ec2.destroy();
      for (const client of clients.values()) client.destroy();
      repos.documentClient.destroy();
    },
  };
  return harness;
}

/** The daemon's settings in the tests: both test regions, the recorded prices, placeholder URLs. */
export function testDaemonSettings(provisionerId: string, scenario: PriceScenario = loadScenario()) {
  return {
    provisionerId,
    regions: REGIONS,
    maxInstanceLifeMs: MAX_INSTANCE_LIFE_MS,
    provisionerBaseUrl: 'http://provisioner.test/api/aws-provisioner/v1',
    taskclusterRootUrl: 'http://taskcluster.test',
    prices: new ScenarioSpotPriceSource(scenario),
  };
}

/** A fresh harness for every test of the file: its whole set-up and tear-down. */
export function harnessForEachTest(label: string): Harness {
  return eachTest(
    () => startHarness(label),
    (harness) => harness.close(),
  );
}

/** A worker type on m5.large (capacity 1) in both test regions, generous prices, no scaling ratio. */
export function workerTypeDefinition(
  amis: Record<string, string>,
  overrides: Partial<WorkerTypeDefinitionInput> = {},
): WorkerTypeDefinitionInput {
  return testDefinition(amis, {
    maxCapacity: 20,
    userData: { dockerConfig: { allowPrivileged: false } },
    secrets: { docker: { password: 'hunter2' } },
    scopes: ['queue:claim-work:test-provisioner/*'],
    ...overrides,
  });
}

/** Wraps a port, overriding some calls: for states moto cannot produce. */
export function wrapPort(inner: Ec2Port, overrides: Partial<Ec2Port>): Ec2Port {
  return {
    describeInstances: (region, owner) => inner.describeInstances(region, owner),
    describeSpotRequests: (region, owner) => inner.describeSpotRequests(region, owner),
    describeAvailabilityZones: (region) => inner.describeAvailabilityZones(region),
    describeSpotPriceHistory: (region, since, instanceTypes) => inner.describeSpotPriceHistory(region, since, instanceTypes),
    runInstance: (request) => inner.runInstance(request),
    terminateInstances: (region, ids) => inner.terminateInstances(region, ids),
    tagInstances: (region, ids, tags) => inner.tagInstances(region, ids, tags),
    cancelSpotRequests: (region, ids) => inner.cancelSpotRequests(region, ids),
    keyPairExists: (region, name) => inner.keyPairExists(region, name),
    importKeyPair: (region, name, key) => inner.importKeyPair(region, name, key),
    ...overrides,
  };
}

export function tagOf(instance: Instance, key: string): string | undefined {
  return instance.Tags?.find((tag) => tag.Key === key)?.Value;
}
