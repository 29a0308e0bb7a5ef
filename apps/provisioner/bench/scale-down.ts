/**
 * Scale-down's queue calls per iteration at scale: 200 worker types with scale-down on, two
 * instances each in moto (one busy, one idle in the queue stand-in). The first iteration asks
 * the status of every worker's latest task; later ones list once per worker type and ask only
 * what could lead to a drain (a run seen running is not asked again within the idle minimum, a
 * resolved one is remembered).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { createRepositories, createTables, devKeyring } from '@spot-provisioner/model';
import pino from 'pino';
import { systemClock } from '../src/clock';
import { startQueueStandIn } from '../src/dev/queue-stand-in';
import { Ec2Adapter } from '../src/ec2/adapter';
import { Ec2SpotPriceSource } from '../src/ec2/prices';
import { createProvisioner } from '../src/provisioner';
import { httpQueueClient, type QueueOperation } from '../src/queue/queue-client';
import { BENCH_DAEMON_SETTINGS, benchDefinition } from './definition';

const REGION = 'us-east-1';
const INSTANCES_PER_WORKER_TYPE = 2;
/** Timed iterations after the first (which reads every status once). */
const ITERATIONS = 3;

export async function benchScaleDownQueueCalls(workerTypes: number): Promise<Record<string, unknown>> {
  const prefix = `benchsd${workerTypes}x${Date.now().toString(36)}`;
  const provisionerId = `bench-${prefix}`.slice(0, 38);
  const dynamo = new DynamoDBClient({ region: REGION });
  await createTables({ client: dynamo, prefix });
  dynamo.destroy();
  const repositories = createRepositories({ region: REGION, prefix, keyring: devKeyring() });
  const ec2Client = new EC2Client({ region: REGION });
  const image = await ec2Client.send(new RegisterImageCommand({ Name: `bench-${prefix}`, RootDeviceName: '/dev/sda1' }));
  const standIn = await startQueueStandIn();
  const now = new Date();
  for (let i = 0; i < workerTypes; i++) {
    const name = `bench-sd-${String(i).padStart(3, '0')}`;
    await repositories.workerTypes.create(name, { ...benchDefinition({ [REGION]: image.ImageId as string }, { minCapacity: 0, maxCapacity: 10 }), scaleDown: { enabled: true } }, now);
    const tags = [
      { Key: 'Name', Value: `${provisionerId}/${name}` },
      { Key: 'Owner', Value: provisionerId },
      { Key: 'WorkerType', Value: `${provisionerId}/${name}` },
    ];
    const launched = await ec2Client.send(
      new RunInstancesCommand({
        ImageId: image.ImageId,
        InstanceType: 'm5.large',
        MinCount: INSTANCES_PER_WORKER_TYPE,
        MaxCount: INSTANCES_PER_WORKER_TYPE,
        TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
      }),
    );
    const [busy, idle] = (launched.Instances ?? []).map((instance) => instance.InstanceId as string);
    standIn.state.claim(provisionerId, name, REGION, busy as string);
    standIn.state.resolve(standIn.state.claim(provisionerId, name, REGION, idle as string).taskId);
  }
  const queue = httpQueueClient(standIn.rootUrl);
  const ec2 = new Ec2Adapter();
  const provisioner = createProvisioner({
    provisionerId,
    regions: [REGION],
    ...BENCH_DAEMON_SETTINGS,
    ec2,
    prices: new Ec2SpotPriceSource(ec2, systemClock),
    queue,
    repositories,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
  const callsSince = (before: Record<QueueOperation, number>) => {
    const calls = Object.fromEntries(Object.entries(queue.calls).map(([op, n]) => [op, n - before[op as QueueOperation]])) as Record<QueueOperation, number>;
    return { ...calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  };
  try {
    let before = { ...queue.calls };
    await provisioner.iterate();
    const first = callsSince(before);
    const perIteration: ReturnType<typeof callsSince>[] = [];
    const durations: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      before = { ...queue.calls };
      const started = performance.now();
      const report = await provisioner.iterate();
      durations.push(performance.now() - started);
      if (report.errors !== 0) throw new Error(`bench iteration failed: ${JSON.stringify(report)}`);
      perIteration.push(callsSince(before));
    }
    return {
      bench: 'provisioner.iteration.scale-down',
      workerTypes,
      instances: workerTypes * INSTANCES_PER_WORKER_TYPE,
      queueCallsFirstIteration: first,
      queueCallsPerIteration: perIteration[perIteration.length - 1],
      medianMs: Math.round(durations.sort((a, b) => a - b)[durations.length >> 1]! * 10) / 10,
      iterations: ITERATIONS,
    };
  } finally {
    await provisioner.flushHistory();
    await standIn.close();
    ec2.destroy();
    ec2Client.destroy();
    repositories.documentClient.destroy();
  }
}
