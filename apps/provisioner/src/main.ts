/**
 * The composition root of the daemon: reads the environment (one schema, every problem at
 * once), builds clients, repositories and the provisioner, schedules iterations with
 * node-cron, serves /health and /metrics, and shuts down cleanly on SIGTERM / SIGINT.
 * `pnpm --filter @spot-provisioner/provisioner start`
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isConfigError, loadDaemonConfig } from '@spot-provisioner/config';
import { SqsQueue } from '@spot-provisioner/ec2-gateway';
import { createRepositories, DEFAULT_TABLE_PREFIX, keyringFromKeys } from '@spot-provisioner/model';
import { schedule } from 'node-cron';
import pino from 'pino';
import { systemClock } from './clock';
import { schedulePeriodMs } from './daemon/schedule-period';
import { startStatusServer } from './daemon/status-server';
import { Ec2Adapter } from './ec2/adapter';
import { Ec2SpotPriceSource, onDemandPricesFor } from './ec2/prices';
import { ProvisionerMetrics } from './metrics';
import { createProvisioner } from './provisioner';
import { httpQueueClient } from './queue/queue-client';

async function main(): Promise<void> {
  const config = loadDaemonConfig(process.env);
  const logger = pino({ name: 'provisioner', level: config.logLevel });
  const metrics = new ProvisionerMetrics({ defaultMetrics: true });
  const ec2 = new Ec2Adapter();
  metrics.observeEc2(ec2.counter);
  const repositories = createRepositories({
    region: config.awsRegion,
    prefix: config.tablePrefix,
    keyring: keyringFromKeys(config.secretsKey, config.previousSecretsKeys),
  });
  // EventBridge's EC2 events, when a queue is configured; the SDK finds an emulator through AWS_ENDPOINT_URL_SQS
  const interruptionQueue = config.interruptionQueueUrl ? new SqsQueue({ queueUrl: config.interruptionQueueUrl, region: config.awsRegion }) : undefined;
  const listPrices = config.onDemandPricesFile
    ? (JSON.parse(readFileSync(config.onDemandPricesFile, 'utf8')) as Record<string, number>)
    : {};

  const provisioner = createProvisioner({
    provisionerId: config.provisionerId,
    regions: config.allowedRegions,
    maxInstanceLifeMs: config.maxInstanceLifeMs,
    provisionerBaseUrl: config.provisionerBaseUrl,
    taskclusterRootUrl: config.taskclusterRootUrl,
    instancePublicKey: config.instancePublicKey,
    ec2,
    prices: new Ec2SpotPriceSource(ec2, systemClock),
    onDemandPrices: onDemandPricesFor(listPrices, config.allowedRegions),
    // reads are public; quarantine writes (scale-down) are signed with the daemon's Taskcluster credentials
    queue: httpQueueClient(config.queueRootUrl, config.queueCredentials ? { credentials: config.queueCredentials } : {}),
    queueWrites: config.queueCredentials !== undefined,
    repositories,
    clock: systemClock,
    logger,
    metrics,
    holderId: `${config.provisionerId}@${hostname()}:${process.pid}`,
    iterationPeriodMs: schedulePeriodMs(config.iterationSchedule),
    iterationDeadlineMs: config.iterationDeadlineMs,
    // the quarantine seam stays unset until the queue client of scale-down (issue 16) can quarantine workers
    ...(interruptionQueue ? { interruptions: { queue: interruptionQueue, poolRisk: repositories.poolRisk } } : {}),
  });
  const { daemon } = provisioner;
  const status = await startStatusServer({
    port: config.metricsPort,
    host: config.metricsHost,
    metrics,
    status: () => daemon.status(),
    degraded: () => provisioner.degradation(),
  });
  logger.info(
    {
      provisionerId: config.provisionerId,
      regions: config.allowedRegions,
      schedule: config.iterationSchedule,
      iterationDeadlineMs: config.iterationDeadlineMs,
      tablePrefix: config.tablePrefix ?? DEFAULT_TABLE_PREFIX,
      provisionerBaseUrl: config.provisionerBaseUrl,
      metricsPort: status.port,
      keyPair: config.instancePublicKey ? 'configured' : 'none',
      interruptionQueue: config.interruptionQueueUrl ?? 'none',
      queueWrites: config.queueCredentials ? `signed as ${config.queueCredentials.clientId}` : 'none: scale-down drains nothing',
    },
    'provisioner daemon started',
  );

  const task = schedule(config.iterationSchedule, () => daemon.tick(), { name: 'provisioner-iteration' });
  void daemon.tick(); // first iteration now, not at the first cron tick
  daemon.watchLease(); // renew between iterations; as a standby, take over as soon as the lease lapses
  provisioner.startInterruptionIntake();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await task.stop();
    await daemon.shutdown();
    // after the last iteration: what it acknowledged is deleted
    await provisioner.stopInterruptionIntake();
    await provisioner.flushHistory();
    await status.close();
    ec2.destroy();
    interruptionQueue?.destroy();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  const message = isConfigError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(message);
  process.exit(1);
});
