import { startStatusServer } from '../src/daemon/status-server';
import { CapacityError, Ec2Error } from '@spot-provisioner/ec2-gateway';
import { instanceTypeEntry } from '@spot-provisioner/testing';
import type { RunInstanceRequest } from '../src/ec2/port';
import { ProvisionerMetrics } from '../src/metrics';
import { type Harness, harnessForEachTest, workerTypeDefinition, wrapPort } from './support/harness';

const MINUTE = 60_000;

describe('decisions and capacity history recorded by each iteration (moto + DynamoDB Local)', () => {
  const h = harnessForEachTest('decisions');

  // history is written behind each iteration: a test waits for it as shutdown does
  let flushHistory: () => Promise<string[]> = async () => [];
  const provisionerOf = (...args: Parameters<Harness['provisioner']>) => {
    const provisioner = h.provisioner(...args);
    flushHistory = provisioner.flushHistory;
    return provisioner;
  };
  const historyOf = async (workerType: string) => {
    expect(await flushHistory()).toEqual([]);
    const now = h.clock.now();
    return (await h.repos.capacityHistory.page(workerType, { since: new Date(0), until: new Date(now + MINUTE), now: new Date(now) })).points;
  };

  it('records the decision and a history point, and does not rewrite an unchanged decision', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 3);
    const provisioner = provisionerOf();
    await provisioner.iterate();

    const decision = await h.repos.decisions.get('builder');
    expect(decision).toMatchObject({
      workerType: 'builder',
      status: 'met',
      unmet: null,
      inputs: { pendingTasks: 3, runningCapacity: 0, policy: 'classic', maxCapacity: 20 },
      capacity: { change: 3, bounded: null },
      error: null,
    });
    expect(decision?.capacity.explanation).toMatch(/^3 pending tasks − 0 capacity on its way/);
    expect(decision?.rounds).toHaveLength(1);
    expect(decision?.rounds[0]?.launches.reduce((n, l) => n + l.count, 0)).toBe(3);
    expect(decision?.outcomes.map((o) => o.outcome)).toEqual(['submitted', 'submitted', 'submitted']);
    const [first] = await historyOf('builder');
    expect(first).toMatchObject({ time: decision?.decidedAt, pendingTasks: 3, launches: 3, unmetCapacity: 0, maxCapacity: 20 });

    // the tasks were claimed: nothing new is needed
    h.setPending('builder', 0);
    h.clock.advance(MINUTE);
    await provisioner.iterate();
    h.clock.advance(MINUTE);
    const second = await h.repos.decisions.get('builder');
    expect(second?.capacity.change).toBe(0);
    await provisioner.iterate();
    // unchanged since the second iteration: not rewritten, so decidedAt stays the second's
    expect((await h.repos.decisions.get('builder'))?.decidedAt).toBe(second?.decidedAt);
    expect(await historyOf('builder')).toHaveLength(3);
  });

  it('explains unmet capacity for an unpriced instance type: decision, warn line and gauges', async () => {
    await h.createWorkerType('unpriced', {
      instanceTypes: [instanceTypeEntry('x9.unpriced')],
    });
    h.setPending('unpriced', 2);
    const metrics = new ProvisionerMetrics();
    const provisioner = provisionerOf({ metrics });
    await provisioner.iterate();

    const decision = await h.repos.decisions.get('unpriced');
    expect(decision?.status).toBe('unmet');
    expect(decision?.unmet?.capacity).toBe(2);
    expect(decision?.unmet?.reason).toMatch(/^2 capacity units unmet: no-price refused \d+ pools \(spot x9\.unpriced in us-east-1a/);
    const noPrice = decision?.rounds[0]?.rejected.find((group) => group.filter === 'no-price');
    expect(noPrice?.examples[0]).toMatchObject({ instanceType: 'x9.unpriced', reason: 'no spot price is known for the pool' });
    expect((await historyOf('unpriced'))[0]?.unmetCapacity).toBe(2);

    const warn = h.logs.entries().find((entry) => entry.level === 40 && entry.workerType === 'unpriced');
    expect(warn).toMatchObject({ unmet: 2, reasons: [expect.stringMatching(/^no-price: no price is known for \d+ pools$/)] });
    expect(warn?.msg).toContain('x9.unpriced in us-east-1a');

    const server = await startStatusServer({ port: 0, host: '127.0.0.1', metrics, status: () => provisioner.daemon.status() });
    try {
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toContain('provisioner_unmet_capacity{worker_type="unpriced"} 2');
      expect(text).toContain('provisioner_spot_cost_per_hour{worker_type="unpriced"} 0');
    } finally {
      await server.close();
    }
  });

  it('records each re-plan after a capacity refusal as a round, with the refusal as an outcome', async () => {
    await h.createWorkerType('refused', {
      regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }],
    });
    h.setPending('refused', 2);
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        if (request.availabilityZone === 'us-east-1d') throw new CapacityError('InsufficientInstanceCapacity', 'none left');
        return h.ec2.runInstance(request);
      },
    });
    await h.provisioner({ ec2 }).iterate();

    const decision = await h.repos.decisions.get('refused');
    expect(decision?.status).toBe('met');
    expect(decision?.rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(decision?.rounds[0]?.launches[0]).toMatchObject({ availabilityZone: 'us-east-1d' });
    expect(decision?.rounds[1]?.rejected).toEqual(
      expect.arrayContaining([expect.objectContaining({ filter: 'recently-unavailable', count: 1 })]),
    );
    expect(decision?.outcomes.map((o) => [o.round, o.outcome, o.availabilityZone])).toEqual([
      [0, 'refused', 'us-east-1d'],
      [1, 'submitted', 'us-east-1a'],
      [1, 'submitted', 'us-east-1a'],
    ]);
  });

  it('keeps placing in the healthy region during a one-region outage, from the failed region’s last known capacity', async () => {
    // first in us-west-2 alone, so the capacity the outage hides is all there
    const westOnly = h.amis['us-west-2'] as string;
    await h.createWorkerType('spanning', {
      regions: [{ region: 'us-west-2', launchSpec: { ImageId: westOnly }, secrets: {}, userData: {}, scopes: [] }],
    });
    h.setPending('spanning', 2);
    let westDown = false;
    const ec2 = wrapPort(h.ec2, {
      describeInstances: async (region, owner) => {
        if (westDown && region === 'us-west-2') throw new Ec2Error('DescribeInstances', 'Unavailable', 'us-west-2 is failing');
        return h.ec2.describeInstances(region, owner);
      },
    });
    const provisioner = h.provisioner({ ec2 });
    await provisioner.iterate();
    // a healthy iteration sees the instances: the state snapshot now holds each region's
    h.setPending('spanning', 0);
    h.clock.advance(MINUTE);
    await provisioner.iterate();
    const before = await h.liveInstances('spanning');
    expect(before.map((i) => i.region)).toEqual(['us-west-2', 'us-west-2']);
    await h.repos.workerTypes.update('spanning', workerTypeDefinition(h.amis), new Date(h.clock.now()));

    westDown = true;
    h.clock.advance(MINUTE);
    h.setPending('spanning', 3);
    const report = await provisioner.iterate();

    expect(report.failedRegions).toEqual(['us-west-2']);
    expect(report.launches).toBe(3);
    const after = await h.liveInstances('spanning');
    const added = after.filter((i) => !before.some((b) => b.InstanceId === i.InstanceId));
    expect(added.map((i) => i.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    const decision = await h.repos.decisions.get('spanning');
    expect(decision?.status).toBe('met');
    const note = decision?.notes.join(' ') ?? '';
    expect(note).toMatch(/^us-west-2 failed this iteration: its last known capacity \(2 running, 0 starting, 0 requested, from the snapshot of /);
    // the failed region's two instances still count
    const { runningCapacity, pendingCapacity, requestedCapacity } = decision!.inputs;
    expect(runningCapacity + pendingCapacity + requestedCapacity).toBe(2);
    expect(decision?.rounds[0]?.rejected).toEqual(
      expect.arrayContaining([expect.objectContaining({ filter: 'zone-unknown', examples: [expect.objectContaining({ region: 'us-west-2' })] })]),
    );
  });
});
