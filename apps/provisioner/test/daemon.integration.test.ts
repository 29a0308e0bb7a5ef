import { LEASE_DURATION_MS } from '@spot-provisioner/model';
import { Daemon } from '../src/daemon/daemon';
import { startStatusServer } from '../src/daemon/status-server';
import type { IterationReport } from '../src/iteration/iteration';
import { ProvisionerMetrics } from '../src/metrics';
import { harnessForEachTest } from './support/harness';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the daemon', () => {
  const h = harnessForEachTest('daemon');

  it('lets only the lease holder launch when two daemons share one table', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 2);
    const a = h.provisioner({ holderId: 'daemon-a' });
    const b = h.provisioner({ holderId: 'daemon-b' });

    expect(await a.daemon.tick()).toBe('iterated');
    expect(await b.daemon.tick()).toBe('standby');
    expect(await b.daemon.tick()).toBe('standby');
    expect(await h.liveInstances('builder')).toHaveLength(2);
    expect(b.daemon.status().leaseHeld).toBe(false);

    // a stops cleanly: b takes over at once, and sees a's launches instead of repeating them
    await a.daemon.shutdown();
    h.setPending('builder', 0);
    expect(await b.daemon.tick()).toBe('iterated');
    expect(await h.liveInstances('builder')).toHaveLength(2);
    expect((await h.repos.provisioner.getHeartbeat())?.holderId).toBe('daemon-b');
    await b.daemon.shutdown();
  });

  it('takes over from a silent lease holder once its lease expires', async () => {
    const a = h.provisioner({ holderId: 'daemon-a' });
    const b = h.provisioner({ holderId: 'daemon-b' });
    expect(await a.daemon.tick()).toBe('iterated');
    h.clock.advance(LEASE_DURATION_MS / 2);
    expect(await b.daemon.tick()).toBe('standby');
    h.clock.advance(LEASE_DURATION_MS);
    expect(await b.daemon.tick()).toBe('iterated');
    expect(await a.daemon.tick()).toBe('standby');
    await b.daemon.shutdown();
  });

  it('skips a tick while the previous iteration still runs, and finishes it before releasing the lease on shutdown', async () => {
    const gate = deferred<void>();
    const entered = deferred<void>();
    let sawAbort = false;
    const daemon = new Daemon({
      holderId: 'slow-daemon',
      provisioner: h.repos.provisioner,
      clock: h.clock,
      logger: h.logger,
      iterate: async (signal): Promise<IterationReport> => {
        entered.resolve();
        await gate.promise;
        sawAbort = signal.aborted;
        const at = new Date(h.clock.now());
        return { startedAt: at, finishedAt: at, durationMs: 0, workerTypes: 0, launches: 0, terminations: 0, cancellations: 0, errors: 0, failedRegions: [], failedWorkerTypes: [], abandoned: signal.aborted };
      },
    });
    const first = daemon.tick();
    await entered.promise;
    expect(await daemon.tick()).toBe('skipped');
    expect(h.logs.text).toContain('previous iteration still running');

    const stopping = daemon.shutdown();
    gate.resolve();
    await stopping;
    expect(await first).toBe('iterated');
    expect(sawAbort).toBe(true);
    expect(await h.repos.provisioner.getLease()).toBeNull();
    expect(await daemon.tick()).toBe('stopped');
  });

  it('renews the lease while the iteration runs, and never after it passed its deadline', async () => {
    // jest's clock drives the renewal interval and the deadline; the DynamoDB calls stay real
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] });
    try {
      let renewals = 0;
      const provisioner = Object.assign(Object.create(h.repos.provisioner) as typeof h.repos.provisioner, {
        renewLease: (...args: Parameters<typeof h.repos.provisioner.renewLease>) => {
          renewals += 1;
          return h.repos.provisioner.renewLease(...args);
        },
      });
      const entered = deferred<void>();
      const daemon = new Daemon({
        holderId: 'hung-daemon',
        provisioner,
        clock: h.clock,
        logger: h.logger,
        iterate: () => {
          entered.resolve();
          return new Promise<IterationReport>(() => undefined); // never ends
        },
        iterationDeadlineMs: 750,
        leaseRenewIntervalMs: 100,
      });
      const ticking = daemon.tick();
      await entered.promise; // the lease is held; the renewals and the deadline are counting
      await jest.advanceTimersByTimeAsync(350);
      expect(renewals).toBe(3);
      await jest.advanceTimersByTimeAsync(400); // past the deadline
      expect(await ticking).toBe('abandoned');
      expect(renewals).toBe(7);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(renewals).toBe(7);
      expect(await h.repos.provisioner.getLease()).toBeNull();
      expect(await daemon.tick()).toBe('stuck');
    } finally {
      jest.useRealTimers();
    }
  });

  it('records its schedule period in the heartbeat, for the API to judge staleness', async () => {
    const daemon = h.provisioner({ holderId: 'scheduled', iterationPeriodMs: 300_000 }).daemon;
    expect(await daemon.tick()).toBe('iterated');
    expect(await h.repos.provisioner.getHeartbeat()).toMatchObject({ holderId: 'scheduled', iterationPeriodMs: 300_000 });
    await daemon.shutdown();
  });

  it('records a failed heartbeat when the worker types cannot be read, and keeps running', async () => {
    const broken = <T extends object>(repo: T, method: keyof T, message: string): T =>
      Object.assign(Object.create(repo) as T, { [method]: async () => Promise.reject(new Error(message)) });
    const { daemon } = h.provisioner({
      holderId: 'unlucky',
      repositories: {
        ...h.repos,
        workerTypes: broken(h.repos.workerTypes, 'list', 'WorkerTypes table unreachable'),
        launches: broken(h.repos.launches, 'listAll', 'Launches table unreachable'),
      },
    });

    expect(await daemon.tick()).toBe('failed');

    expect(daemon.status().lastError).toContain('unreachable');
    expect(await h.repos.provisioner.getHeartbeat()).toMatchObject({ holderId: 'unlucky', ok: false, errors: 1 });
    await daemon.shutdown();
  });

  it('serves health and Prometheus metrics of its iterations', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 3);
    const metrics = new ProvisionerMetrics();
    metrics.observeEc2(h.ec2.counter);
    const { daemon } = h.provisioner({ metrics, holderId: 'observed' });
    await daemon.tick();
    const server = await startStatusServer({ port: 0, host: '127.0.0.1', metrics, status: () => daemon.status() });
    try {
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ alive: true, role: 'active', lastIteration: { launches: 3, errors: 0 } });
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toContain('provisioner_iteration_duration_seconds_count{outcome="ok"} 1');
      expect(text).toMatch(/provisioner_ec2_calls_total\{operation="RunInstances",outcome="success"\} 3/);
      expect(text).toMatch(/provisioner_launches_total\{worker_type="builder",region="us-east-1",zone="us-east-1d",instance_type="m5.large",market="spot"\} 3/);
      expect(text).toContain('provisioner_pending_tasks{worker_type="builder"} 3');
      expect(text).toContain('provisioner_lease_held 1');
    } finally {
      await server.close();
      await daemon.shutdown();
    }
  });
});
