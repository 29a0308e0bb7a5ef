/**
 * Benchmark: one iteration with nothing to launch, for 20 and 200 worker types in two
 * regions, against the local engines (started here unless the environment points at some).
 * Shows that EC2 calls per iteration do not grow with the number of worker types, and that
 * DynamoDB writes stay O(1) plus the capacity history batches (ceil(workerTypes / 25)).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { createRepositories, createTables, devKeyring } from '@spot-provisioner/model';
import pino from 'pino';
import { systemClock } from '../src/clock';
import { startQueueStandIn } from '../src/dev/queue-stand-in';
import { Ec2Adapter } from '../src/ec2/adapter';
import { Ec2SpotPriceSource } from '../src/ec2/prices';
import { createProvisioner } from '../src/provisioner';
import { QueuePendingTasks } from '../src/queue/pending-tasks';
import { withEngines } from '@spot-provisioner/infra';
import { countWrites } from './ddb-writes';
import { BENCH_DAEMON_SETTINGS, benchDefinition } from './definition';
import { benchInterruptions } from './interruptions';
import { benchScaleDownQueueCalls } from './scale-down';
import { measureTakeover, measureTakeoverFromKill } from './takeover';

const REGIONS = ['us-east-1', 'us-west-2'];
const SIZES = [20, 200];
/** Timed iterations per size after one cold iteration (which also fetches spot prices). */
const ITERATIONS = 5;

type Print = (result: Record<string, unknown>) => void;

export async function run(print: Print): Promise<void> {
  await withEngines(async () => {
    for (const size of SIZES) print(await benchIteration(size));
    print(await benchScaleDownQueueCalls(SIZES[SIZES.length - 1] as number));
    print(await measureTakeover());
    print(await measureTakeoverFromKill());
    await benchInterruptions(print);
  });
}

async function benchIteration(workerTypes: number): Promise<Record<string, unknown>> {
  const prefix = `bench${workerTypes}x${Date.now().toString(36)}`;
  const dynamo = new DynamoDBClient({ region: 'us-east-1' });
  await createTables({ client: dynamo, prefix });
  dynamo.destroy();
  const repositories = createRepositories({ region: 'us-east-1', prefix, keyring: devKeyring() });
  const amis: Record<string, string> = {};
  for (const region of REGIONS) {
    const client = new EC2Client({ region });
    const image = await client.send(new RegisterImageCommand({ Name: `bench-${prefix}`, RootDeviceName: '/dev/sda1' }));
    amis[region] = image.ImageId as string;
    client.destroy();
  }
  const now = new Date();
  for (let i = 0; i < workerTypes; i++) {
    await repositories.workerTypes.create(`bench-${String(i).padStart(3, '0')}`, benchDefinition(amis, { minCapacity: 0, maxCapacity: 10 }), now);
  }
  const ddbWrites = countWrites(repositories.documentClient);
  const queue = await startQueueStandIn();
  const ec2 = new Ec2Adapter();
  const provisioner = createProvisioner({
    provisionerId: `bench-${prefix}`.slice(0, 38),
    regions: REGIONS,
    ...BENCH_DAEMON_SETTINGS,
    ec2,
    prices: new Ec2SpotPriceSource(ec2, systemClock),
    queue: new QueuePendingTasks(queue.rootUrl),
    repositories,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
  try {
    const cold = await provisioner.iterate();
    const ec2CallsCold = ec2.counter.total();
    const ddbWritesCold = ddbWrites.count();
    if (cold.launches !== 0 || cold.errors !== 0) throw new Error(`bench iteration was not idle: ${JSON.stringify(cold)}`);
    const durations: number[] = [];
    const callsPerIteration: number[] = [];
    const writesPerIteration: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      ec2.counter.reset();
      ddbWrites.reset();
      const started = performance.now();
      await provisioner.iterate();
      durations.push(performance.now() - started);
      callsPerIteration.push(ec2.counter.total());
      writesPerIteration.push(ddbWrites.count());
    }
    return {
      bench: 'provisioner.iteration',
      workerTypes,
      regions: REGIONS.length,
      ec2Calls: median(callsPerIteration),
      ec2CallsFirstIteration: ec2CallsCold,
      ddbWrites: median(writesPerIteration),
      ddbWritesFirstIteration: ddbWritesCold,
      medianMs: Math.round(median(durations) * 10) / 10,
      iterations: ITERATIONS,
    };
  } finally {
    await provisioner.flushHistory();
    await queue.close();
    ec2.destroy();
    repositories.documentClient.destroy();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
