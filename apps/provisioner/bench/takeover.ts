/**
 * Measurement: how long a healthy standby takes to act after the active daemon's EC2 starts
 * hanging (accepting connections, never answering), with the production constants: the
 * default 30 s schedule (node-cron, both daemons), EC2 timeouts of the gateway, the lease and
 * the yield cooldown of the daemon. The fault begins right after the active daemon's
 * iteration, the worst moment: the next tick is a whole period away.
 *
 * `corepack pnpm exec tsx apps/provisioner/bench/takeover.ts` (also part of `pnpm bench provisioner`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ITERATION_SCHEDULE } from '@spot-provisioner/config';
import { createEc2Client, EC2_REQUEST_TIMEOUT_MS } from '@spot-provisioner/ec2-gateway';
import { createRepositories, createTables, devKeyring, LEASE_DURATION_MS, type Repositories } from '@spot-provisioner/model';
import { startFaultProxy } from '@spot-provisioner/testing';
import { schedule } from 'node-cron';
import pino from 'pino';
import { systemClock } from '../src/clock';
import { LEASE_RENEW_INTERVAL_MS } from '../src/daemon/daemon';
import { Ec2Adapter } from '../src/ec2/adapter';
import { ScenarioSpotPriceSource } from '../src/ec2/prices';
import { createProvisioner, type Provisioner } from '../src/provisioner';
import type { PendingTasksSource } from '../src/queue/pending-tasks';
import { withEngines } from '@spot-provisioner/infra';
import { BENCH_DAEMON_SETTINGS } from './definition';

const REGIONS = ['us-east-1', 'us-west-2'];
/** Gives up if no takeover happens in this long: several lease periods and iteration periods. */
const GIVE_UP_MS = 5 * 60_000;
const noPendingTasks: PendingTasksSource = { pendingTasks: async () => 0 };

/** Tables under a fresh prefix, and repositories over them. */
async function freshTables(label: string): Promise<Repositories> {
  const prefix = `${label}${Date.now().toString(36)}`;
  const dynamo = new DynamoDBClient({ region: 'us-east-1' });
  await createTables({ client: dynamo, prefix });
  dynamo.destroy();
  return createRepositories({ region: 'us-east-1', prefix, keyring: devKeyring() });
}

/** A daemon with the production constants and nothing to launch (no pending tasks, no prices). */
function idleDaemon(repositories: Repositories, holderId: string, ec2: Ec2Adapter): Provisioner {
  return createProvisioner({
    provisionerId: 'takeover-bench',
    regions: REGIONS,
    ...BENCH_DAEMON_SETTINGS,
    ec2,
    prices: new ScenarioSpotPriceSource({ SpotPriceHistory: [] }),
    queue: noPendingTasks,
    repositories,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    holderId,
  });
}

export async function measureTakeover(): Promise<Record<string, unknown>> {
  const repositories = await freshTables('takeover');
  const proxy = await startFaultProxy(process.env.AWS_ENDPOINT_URL_EC2 as string);
  const ec2OfA = new Ec2Adapter({ clientFor: (region) => createEc2Client(region, undefined, proxy.url) });
  const ec2OfB = new Ec2Adapter();
  const a = idleDaemon(repositories, 'daemon-a', ec2OfA);
  const b = idleDaemon(repositories, 'daemon-b', ec2OfB);
  if ((await a.daemon.tick()) !== 'iterated') throw new Error('daemon A did not start as the active daemon');
  // as main.ts runs them: each renews or watches the lease between its iterations
  a.daemon.watchLease();
  b.daemon.watchLease();

  const faultAt = Date.now();
  proxy.mode = 'hang';
  let firstFailingTickAt: number | undefined;
  let takenOverAt: number | undefined;
  const tasks = [
    schedule(DEFAULT_ITERATION_SCHEDULE, async () => {
      const started = Date.now();
      const outcome = await a.daemon.tick();
      if (outcome === 'failed' && firstFailingTickAt === undefined) firstFailingTickAt = started;
    }),
    schedule(DEFAULT_ITERATION_SCHEDULE, () => void b.daemon.tick()),
  ];
  while (takenOverAt === undefined && Date.now() - faultAt < GIVE_UP_MS) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if ((await repositories.provisioner.getHeartbeat())?.holderId === 'daemon-b') takenOverAt = Date.now();
  }
  for (const task of tasks) await task.stop();
  await a.daemon.shutdown(1_000);
  await b.daemon.shutdown(1_000);
  await proxy.close();
  ec2OfA.destroy();
  ec2OfB.destroy();
  repositories.documentClient.destroy();
  if (takenOverAt === undefined) throw new Error(`no takeover within ${GIVE_UP_MS} ms`);
  return {
    bench: 'provisioner.takeover-from-hanging-ec2',
    schedule: DEFAULT_ITERATION_SCHEDULE,
    ec2RequestTimeoutMs: EC2_REQUEST_TIMEOUT_MS,
    takeoverAfterFaultMs: takenOverAt - faultAt,
    takeoverAfterFirstFailingTickMs: firstFailingTickAt === undefined ? null : takenOverAt - firstFailingTickAt,
  };
}

/**
 * Measurement: kill -9 of the active daemon. Its timers stop and nothing releases its lease; the
 * standby, polling the lease as main.ts has it do, takes over and iterates. Measured from the
 * dead daemon's last renewal; bound: two lease periods (the target).
 */
export async function measureTakeoverFromKill(): Promise<Record<string, unknown>> {
  const repositories = await freshTables('killed');
  const ec2 = new Ec2Adapter();
  const a = idleDaemon(repositories, 'daemon-a', ec2);
  const b = idleDaemon(repositories, 'daemon-b', ec2);
  if ((await a.daemon.tick()) !== 'iterated') throw new Error('daemon A did not start as the active daemon');
  const stopA = a.daemon.watchLease();
  b.daemon.watchLease();
  // let A renew at least once between iterations, then kill it right after a renewal (the worst moment)
  await new Promise((resolve) => setTimeout(resolve, LEASE_RENEW_INTERVAL_MS + 500));
  stopA();
  const lastRenewal = Date.parse((await repositories.provisioner.getLease())?.renewedAt ?? '');
  let takenOverAt: number | undefined;
  while (takenOverAt === undefined && Date.now() - lastRenewal < GIVE_UP_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await repositories.provisioner.getHeartbeat())?.holderId === 'daemon-b') takenOverAt = Date.now();
  }
  await b.daemon.shutdown(1_000);
  ec2.destroy();
  repositories.documentClient.destroy();
  if (takenOverAt === undefined) throw new Error(`no takeover within ${GIVE_UP_MS} ms`);
  return {
    bench: 'provisioner.takeover-after-kill',
    leaseDurationMs: LEASE_DURATION_MS,
    leaseRenewIntervalMs: LEASE_RENEW_INTERVAL_MS,
    takeoverAfterLastRenewalMs: takenOverAt - lastRenewal,
    boundMs: 2 * LEASE_DURATION_MS,
  };
}

if (require.main === module) {
  withEngines(measureTakeover)
    .then((result) => console.log(JSON.stringify(result)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
