/**
 * Faults: EC2 hanging, an iteration stuck past its deadline, DynamoDB refusing, the queue
 * refusing. Each through a fault proxy or a wrapped port that fails on demand.
 */
import { createEc2Client } from '@spot-provisioner/ec2-gateway';
import { createDocumentClient, createDynamoClient, createRepositories } from '@spot-provisioner/model';
import { engineEndpoints, startFaultProxy, TEST_REGION, type FaultProxy } from '@spot-provisioner/testing';
import { startStatusServer } from '../src/daemon/status-server';
import { Ec2Adapter } from '../src/ec2/adapter';
import type { LaunchedInstance } from '../src/ec2/port';
import { ProvisionerMetrics } from '../src/metrics';
import { QueuePendingTasks } from '../src/queue/pending-tasks';
import { harnessForEachTest, REGIONS, wrapPort } from './support/harness';

/** Scaled-down EC2 timeouts: the production ones (3 s / 15 s) behave the same, only slower. */
const FAST_EC2 = { connectionTimeoutMs: 300, requestTimeoutMs: 1_000 };

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the daemon under faults', () => {
  const h = harnessForEachTest('faults');
  let proxy: FaultProxy;
  afterEach(async () => {
    await proxy?.close();
  });

  it('gives the lease up when its EC2 hangs in every region, so a healthy standby takes over; /health says why', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 1);
    proxy = await startFaultProxy(engineEndpoints().ec2, 'hang');
    const hangingEc2 = new Ec2Adapter({ clientFor: (region) => createEc2Client(region, FAST_EC2, proxy.url), sleep: async () => undefined });
    const metrics = new ProvisionerMetrics();
    const a = h.provisioner({ holderId: 'daemon-a', ec2: hangingEc2, metrics });
    const b = h.provisioner({ holderId: 'daemon-b' });
    const server = await startStatusServer({ port: 0, metrics, status: () => a.daemon.status() });
    try {
      // The proxy never answers: that the tick ends at all is the EC2 client's timeout at work.
      // How long a takeover takes with the production constants: `pnpm bench provisioner`.
      expect(await a.daemon.tick()).toBe('failed');

      const seen = await health(server.port);
      expect(seen.status).toBe(503);
      expect(seen.body).toMatchObject({ healthy: false, cause: 'no-region-reached', lastOutcome: 'failed', role: 'standby' });
      expect(String(seen.body.detail)).toContain('us-east-1, us-west-2');
      expect(await h.repos.provisioner.getLease()).toBeNull();
      expect(await h.repos.provisioner.getHeartbeat()).toMatchObject({
        holderId: 'daemon-a',
        ok: false,
        regions: 2,
        failedRegions: [...REGIONS],
        failure: 'no-region-reached',
      });
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toContain('provisioner_region_failures_total{region="us-east-1"} 1');
      expect(text).toContain('provisioner_iteration_duration_seconds_count{outcome="no-region"} 1');

      // the standby's next tick acts, and the stuck daemon does not race it for the lease
      expect(await b.daemon.tick()).toBe('iterated');
      expect(await h.liveInstances('builder')).toHaveLength(1);
      expect(await a.daemon.tick()).toBe('standby');
    } finally {
      await server.close();
      hangingEc2.destroy();
      await a.daemon.shutdown();
      await b.daemon.shutdown();
    }
  });

  it('abandons an iteration stuck past its deadline, gives the lease up, and starts nothing while it still runs', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 1);
    let release!: (error: Error) => void;
    const stuck = new Promise<LaunchedInstance>((_resolve, reject) => {
      release = reject;
    });
    // a RunInstances that never answers: an EC2 that stopped mid-launch
    const a = h.provisioner({ holderId: 'daemon-a', ec2: wrapPort(h.ec2, { runInstance: () => stuck }), iterationDeadlineMs: 1_000 });
    const b = h.provisioner({ holderId: 'daemon-b' });

    expect(await a.daemon.tick()).toBe('abandoned');
    expect(a.daemon.status().health).toMatchObject({ healthy: false, cause: 'stuck' });
    expect(await h.repos.provisioner.getLease()).toBeNull();
    expect(await h.repos.provisioner.getHeartbeat()).toMatchObject({ holderId: 'daemon-a', ok: false, failure: 'deadline-exceeded' });
    expect(await a.daemon.tick()).toBe('stuck');

    expect(await b.daemon.tick()).toBe('iterated');
    expect(await h.repos.provisioner.getLease()).toMatchObject({ holderId: 'daemon-b' });

    release(new Error('connection reset'));
    // the abandoned iteration goes on to its end (snapshots) once the call fails
    await h.logs.logged('the abandoned iteration has ended');
    expect(a.daemon.status().health).toMatchObject({ healthy: false, cause: 'deadline-exceeded' });
    expect(await a.daemon.tick()).toBe('standby');
    await a.daemon.shutdown();
    await b.daemon.shutdown();
  });

  it('answers 503 with role unknown when the lease cannot be read, and counts it', async () => {
    proxy = await startFaultProxy(engineEndpoints().dynamodb, 'refuse');
    const client = createDynamoClient(TEST_REGION, { endpoint: proxy.url });
    const unreachable = createRepositories({ documentClient: createDocumentClient({ client }), prefix: h.prefix, keyring: h.keyring });
    const metrics = new ProvisionerMetrics();
    const { daemon } = h.provisioner({ holderId: 'cut-off', metrics, repositories: { ...h.repos, provisioner: unreachable.provisioner } });
    const server = await startStatusServer({ port: 0, metrics, status: () => daemon.status() });
    try {
      expect(await daemon.tick()).toBe('failed');
      const seen = await health(server.port);
      expect(seen.status).toBe(503);
      expect(seen.body).toMatchObject({ healthy: false, cause: 'lease-unreadable', role: 'unknown' });
      expect(String(seen.body.detail)).toMatch(/^the lease could not be read/);
      expect(await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text()).toContain('provisioner_lease_read_failures_total 1');

      proxy.mode = 'pass';
      expect(await daemon.tick()).toBe('iterated');
      expect((await health(server.port)).status).toBe(200);
    } finally {
      await server.close();
      await daemon.shutdown();
      client.destroy();
    }
  });

  it('counts queue failures per worker type and keeps serving the others', async () => {
    await h.createWorkerType('builder');
    await h.createWorkerType('tester');
    proxy = await startFaultProxy(h.queue.rootUrl, 'refuse');
    const metrics = new ProvisionerMetrics();
    const { daemon } = h.provisioner({ holderId: 'queue-less', metrics, queue: new QueuePendingTasks(proxy.url) });
    expect(await daemon.tick()).toBe('iterated');
    const text = await metrics.registry.metrics();
    expect(text).toContain('provisioner_queue_failures_total{worker_type="builder"} 1');
    expect(text).toContain('provisioner_queue_failures_total{worker_type="tester"} 1');
    // EC2 answered: the daemon is healthy even though the queue is not
    expect(daemon.status().health.healthy).toBe(true);
    await daemon.shutdown();
  });
});
