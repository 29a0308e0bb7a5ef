/**
 * The interruption queue end to end, against moto's SQS and EC2 and DynamoDB Local: EC2's
 * warnings arrive as EventBridge delivers them, the daemon's real intake, ledger, placement
 * and records handle them. Time moves only through the injected clock.
 */
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import { createSqsClient, ec2EventMessageBody, SqsQueue, type Ec2InstanceEvent } from '@spot-provisioner/ec2-gateway';
import { eachFile, engineEndpoints, startFaultProxy, TEST_REGION, type FaultProxy } from '@spot-provisioner/testing';
import { startStatusServer } from '../src/daemon/status-server';
import { startQueueStandIn } from '../src/dev/queue-stand-in';
import { ProvisionerMetrics } from '../src/metrics';
import type { Provisioner } from '../src/provisioner';
import { httpQueueClient } from '../src/queue/queue-client';
import { startHarness, tagOf, type Harness } from './support/harness';

const ITERATION_MS = 30_000;

/** m5.large at the same price in us-east-1a and us-east-1b: only the learned risk tells the pools apart. */
const EQUAL_PRICES = {
  history: async (region: string): Promise<SpotPriceHistoryItem[]> =>
    region !== 'us-east-1'
      ? []
      : ['us-east-1a', 'us-east-1b'].map((zone) => ({ AvailabilityZone: zone, InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.05', Timestamp: new Date() })),
};

describe('the interruption queue, against moto (SQS, EC2) and DynamoDB Local', () => {
  const h = eachFile(
    () => startHarness('interruptions'),
    (harness) => harness.close(),
  );
  let sqs: SQSClient;
  let queueUrl: string;
  let queue: SqsQueue;
  let metrics: ProvisionerMetrics;
  let eventCount = 0;

  beforeAll(() => {
    sqs = createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs);
  });
  afterAll(() => sqs.destroy());
  beforeEach(async () => {
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `interruptions-${Date.now()}-${Math.floor(Math.random() * 1e6)}` }))).QueueUrl ?? '';
    queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs) });
    metrics = new ProvisionerMetrics();
  });
  afterEach(() => {
    queue.destroy();
    // the queue stand-in never drains: leave no worker type asking for capacity in the next test
    for (const name of ['warned', 'learning', 'rebalancing', 'vanished', 'garbled']) h.setPending(name, 0);
  });

  const provisionerWith = (overrides: Parameters<Harness['provisioner']>[0] = {}) =>
    h.provisioner({ metrics, interruptions: { queue, poolRisk: h.repos.poolRisk, waitSeconds: 0 }, ...overrides });

  /** EC2's warning, as EventBridge delivers it to the queue. */
  async function warn(instanceId: string, region = 'us-east-1', kind: Ec2InstanceEvent['kind'] = 'spot-interruption'): Promise<void> {
    eventCount += 1;
    const base = { eventId: `warning-${eventCount}-${instanceId}`, time: h.clock.now(), region, instanceId };
    const event: Ec2InstanceEvent = kind === 'spot-interruption' ? { ...base, kind, action: 'terminate' } : kind === 'rebalance-recommendation' ? { ...base, kind } : { ...base, kind, state: 'terminated' };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: ec2EventMessageBody(event) }));
  }

  /** Between two iterations: the intake's receive rounds until the queue is empty, then the clock moves on. */
  async function betweenIterations(provisioner: Provisioner): Promise<void> {
    const intake = provisioner.interruptions?.intake;
    if (!intake) throw new Error('no interruption intake');
    while ((await intake.pollOnce(0)) > 0);
    h.clock.advance(ITERATION_MS);
  }

  async function messagesLeft(): Promise<number> {
    const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }));
    return names.reduce((sum, name) => sum + Number(Attributes?.[name] ?? Number.NaN), 0);
  }

  async function counterValue(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
    return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
  }

  it('replaces a warned instance in the next iteration while it still runs, deletes the message, counts the pool and names the instance in the decision', async () => {
    // two busy instances (the queue's tasks claimed), then a warning for one of them
    await h.createWorkerType('warned', { maxCapacity: 4, regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }] });
    h.setPending('warned', 2);
    const provisioner = provisionerWith();
    await provisioner.iterate();
    h.setPending('warned', 0);
    const first = await h.liveInstances('warned');
    expect(first).toHaveLength(2);
    const doomed = first[0] as (typeof first)[number];

    await betweenIterations(provisioner);
    await warn(doomed.InstanceId as string);
    await betweenIterations(provisioner);
    const report = await provisioner.iterate();

    // replaced while it still runs: three live instances, the warned one among them
    const after = await h.liveInstances('warned');
    expect(report.launches).toBe(1);
    expect(after).toHaveLength(3);
    expect(after.map((i) => i.InstanceId)).toContain(doomed.InstanceId);
    expect(tagOf(after.find((i) => i.InstanceId === doomed.InstanceId) as (typeof after)[number], 'Interruption')).toMatch(/^spot-interruption@/);

    // the decision names it and says why capacity was added
    await provisioner.flushHistory();
    const decision = await h.repos.decisions.get('warned');
    expect(decision?.interruptions).toEqual([
      expect.objectContaining({ instanceId: doomed.InstanceId, kind: 'spot-interruption', effect: 'capacity-gone', availabilityZone: doomed.Placement?.AvailabilityZone }),
    ]);
    expect(decision?.notes.join('\n')).toContain(`Instance ${doomed.InstanceId as string}`);
    expect(decision?.capacity).toMatchObject({ change: 1 });
    expect(decision?.capacity.explanation).toContain('+ 1 capacity going away');
    expect(decision?.inputs).toMatchObject({ runningCapacity: 1, leavingCapacity: 1 });

    // counted for its pool, in DynamoDB and in the metrics
    const pool = { region: 'us-east-1', availabilityZone: doomed.Placement?.AvailabilityZone as string, instanceType: doomed.InstanceType as string };
    expect(await h.repos.poolRisk.get(pool)).toMatchObject({ totalInterruptions: 1 });
    expect(await counterValue('provisioner_spot_interruptions_total', { zone: pool.availabilityZone, instance_type: pool.instanceType })).toBe(1);
    expect(await counterValue('provisioner_interruption_messages_total', { outcome: 'handled' })).toBe(1);
    const point = (await h.repos.capacityHistory.page('warned', { since: new Date(h.clock.now() - 3600_000), until: new Date(h.clock.now() + 1), now: new Date(h.clock.now()) })).points.at(-1);
    expect(point?.interruptions).toBe(1);

    // the message is gone from the queue once the iteration recorded it
    await provisioner.interruptions?.intake.flushDeletes();
    expect(await messagesLeft()).toBe(0);

    // the next iteration still counts it gone (nothing more launched), and a repeated warning changes nothing
    await warn(doomed.InstanceId as string);
    await betweenIterations(provisioner);
    expect((await provisioner.iterate()).launches).toBe(0);
    expect(await h.repos.poolRisk.get(pool)).toMatchObject({ totalInterruptions: 1 });
    expect(await counterValue('provisioner_interruption_messages_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('moves the next launches to another pool at equal prices after repeated warnings in one pool', async () => {
    const zones = ['us-east-1a', 'us-east-1b'].map((availabilityZone) => ({ region: 'us-east-1', availabilityZone, launchSpec: {}, secrets: {}, userData: {} }));
    const regions = [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }];
    await h.createWorkerType('learning', { maxCapacity: 30, regions, availabilityZones: zones });
    const provisioner = provisionerWith({ prices: EQUAL_PRICES });
    const zoneOf = async () => {
      const counts: Record<string, number> = {};
      for (const i of await h.liveInstances('learning')) counts[i.Placement?.AvailabilityZone as string] = (counts[i.Placement?.AvailabilityZone as string] ?? 0) + 1;
      return counts;
    };

    h.setPending('learning', 8);
    await provisioner.iterate();
    h.setPending('learning', 0);
    const before = await zoneOf();
    expect(before).toEqual({ 'us-east-1a': 4, 'us-east-1b': 4 }); // equal prices: spread over both

    // three warnings in us-east-1a
    const inA = (await h.liveInstances('learning')).filter((i) => i.Placement?.AvailabilityZone === 'us-east-1a').slice(0, 3);
    await betweenIterations(provisioner);
    for (const instance of inA) await warn(instance.InstanceId as string);
    await betweenIterations(provisioner);
    await provisioner.iterate();

    // new demand: every launch goes to us-east-1b
    await betweenIterations(provisioner);
    h.setPending('learning', 6);
    await provisioner.iterate();
    const after = await zoneOf();
    // the three warned instances' replacements (placed knowing the warnings), then the six new ones
    expect(after).toEqual({ 'us-east-1a': 4, 'us-east-1b': 4 + 3 + 6 });

    // the decision shows the rate and the penalty of both pools, and why us-east-1a lost
    const decision = await h.repos.decisions.get('learning');
    const pools = decision?.rounds[0]?.pools ?? [];
    const byZone = Object.fromEntries(pools.map((p) => [p.availabilityZone, p]));
    expect(byZone['us-east-1a']?.interruptionRate).toBeGreaterThan(0.1);
    expect(byZone['us-east-1a']?.riskPenalty).toBeGreaterThan(0.05);
    expect(byZone['us-east-1b']?.interruptionRate).toBeLessThan(0.01);
    expect(byZone['us-east-1b']).toMatchObject({ launches: 6 });
    expect(pools.map((p) => p.availabilityZone)).toEqual(['us-east-1b', 'us-east-1a']); // best score first
    expect(decision?.rounds[0]?.launches).toEqual([expect.objectContaining({ availabilityZone: 'us-east-1b', count: 6, interruptionRate: expect.any(Number), riskPenalty: expect.any(Number) })]);
  });

  it('replaces an instance EC2 recommends rebalancing away from in another pool, when the worker type asks for it, and quarantines its worker through the seam', async () => {
    const zones = ['us-east-1a', 'us-east-1b'].map((availabilityZone) => ({ region: 'us-east-1', availabilityZone, launchSpec: {}, secrets: {}, userData: {} }));
    const regions = [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }];
    await h.createWorkerType('rebalancing', { minCapacity: 1, maxCapacity: 3, regions, availabilityZones: zones, replaceOnRebalance: true });
    h.setPending('rebalancing', 0);
    const quarantined: string[] = [];
    const provisioner = provisionerWith({
      prices: EQUAL_PRICES,
      interruptions: { queue, poolRisk: h.repos.poolRisk, waitSeconds: 0, quarantineInterruptedWorker: async ({ instanceId }) => void quarantined.push(instanceId) },
    });
    await provisioner.iterate();
    const [first] = await h.liveInstances('rebalancing');
    const firstZone = first?.Placement?.AvailabilityZone;

    await betweenIterations(provisioner);
    await warn(first?.InstanceId as string, 'us-east-1', 'rebalance-recommendation');
    await betweenIterations(provisioner);
    expect((await provisioner.iterate()).launches).toBe(1);

    const replacement = (await h.liveInstances('rebalancing')).find((i) => i.InstanceId !== first?.InstanceId);
    expect(replacement?.Placement?.AvailabilityZone).not.toBe(firstZone);
    expect(quarantined).toEqual([first?.InstanceId]);
    const decision = await h.repos.decisions.get('rebalancing');
    expect(decision?.interruptions).toEqual([expect.objectContaining({ kind: 'rebalance-recommendation', effect: 'replaced-proactively' })]);
    expect(decision?.rounds[0]?.rejected.map((g) => g.filter)).toContain('rebalance-recommended');
    expect(await counterValue('provisioner_rebalance_recommendations_total')).toBe(1);
    // a rebalance recommendation is not an interruption: the pool's record is untouched
    expect(await h.repos.poolRisk.get({ region: 'us-east-1', availabilityZone: firstZone as string, instanceType: 'm5.large' })).toBeNull();
  });

  it("quarantines a warned instance's worker through the queue client, so it claims nothing in its last two minutes", async () => {
    const standIn = await startQueueStandIn(0, '127.0.0.1', { clock: h.clock });
    try {
      const regions = [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }];
      await h.createWorkerType('quarantined', { maxCapacity: 2, regions });
      standIn.setPending(h.provisionerId, 'quarantined', 1);
      const provisioner = provisionerWith({ queue: httpQueueClient(standIn.rootUrl) });
      await provisioner.iterate();
      const [instance] = await h.liveInstances('quarantined');
      const id = instance?.InstanceId as string;
      // the worker comes up and claims the task
      standIn.state.claim(h.provisionerId, 'quarantined', 'us-east-1', id);

      await betweenIterations(provisioner);
      await warn(id);
      await betweenIterations(provisioner);
      await provisioner.iterate();

      expect(standIn.calls('quarantineWorker')).toBe(1);
      expect(() => standIn.state.claim(h.provisionerId, 'quarantined', 'us-east-1', id)).toThrow(/quarantined/);
    } finally {
      await standIn.close();
    }
  });

  describe('a queue that cannot be read', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(engineEndpoints().sqs);
    });
    afterAll(async () => {
      await proxy.close();
    });

    async function health(provisioner: Provisioner): Promise<{ status: number; body: Record<string, unknown> }> {
      const server = await startStatusServer({ port: 0, host: '127.0.0.1', metrics, status: () => provisioner.daemon.status(), degraded: () => provisioner.degradation() });
      try {
        const answer = await fetch(`http://127.0.0.1:${server.port}/health`);
        return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
      } finally {
        await server.close();
      }
    }

    it('leaves iterations running and /health degraded, not down, when the queue vanishes', async () => {
      await h.createWorkerType('vanished');
      h.setPending('vanished', 1);
      const provisioner = provisionerWith();
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      await betweenIterations(provisioner);
      expect(await provisioner.daemon.tick()).toBe('iterated');
      expect(provisioner.daemon.status().lastReport).toMatchObject({ launches: 1, errors: 0 });
      const { status, body } = await health(provisioner);
      expect(status).toBe(200);
      expect(body).toMatchObject({ healthy: true, degraded: { cause: 'interruption-queue-unreadable', detail: expect.stringContaining('does not exist') } });
      await provisioner.daemon.shutdown();
    });

    it('leaves iterations running and /health degraded when the queue answers garbage, and recovers when it answers again', async () => {
      await h.createWorkerType('garbled');
      h.setPending('garbled', 1);
      const garbled = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, { connectionTimeoutMs: 500, requestTimeoutMs: 2_000 }, proxy.url) });
      const provisioner = provisionerWith({ interruptions: { queue: garbled, poolRisk: h.repos.poolRisk, waitSeconds: 0 } });
      proxy.mode = 'garbage';
      await betweenIterations(provisioner);
      expect(await provisioner.daemon.tick()).toBe('iterated');
      expect(provisioner.daemon.status().lastReport).toMatchObject({ launches: 1, errors: 0 });
      expect((await health(provisioner)).body).toMatchObject({ healthy: true, degraded: { cause: 'interruption-queue-unreadable' } });
      proxy.mode = 'pass';
      await betweenIterations(provisioner);
      expect((await health(provisioner)).body).toMatchObject({ healthy: true, degraded: null });
      await provisioner.daemon.shutdown();
      garbled.destroy();
    });
  });
});
