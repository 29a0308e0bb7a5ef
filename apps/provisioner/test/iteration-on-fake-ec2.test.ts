/**
 * The daemon's iteration, assembled as the daemon assembles it, on the in-memory EC2 (held to
 * the adapter's behaviour by ec2-port-contract.integration.test.ts) and the in-memory twins of
 * the repositories, with the queue stand-in: what EC2 is asked and what it is left with, in
 * states moto cannot produce (a pool out of capacity, a request stalled open). One fake serves
 * the file; `reset()` empties it before each test.
 */
import { createMemoryRepositories, type MemoryRepositories } from '@spot-provisioner/model';
import { LogCapture, TestClock, workerTypeDefinition } from '@spot-provisioner/testing';
import pino from 'pino';
import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';
import { FakeEc2 } from '../src/ec2/fake-ec2';
import { launchTags, workerTypeTag } from '../src/ec2/port';
import { createProvisioner, type Provisioner } from '../src/provisioner';
import { QueuePendingTasks } from '../src/queue/pending-tasks';
import { HOUR_MS, loadScenario, PROVISIONER_ID, REGIONS, testDaemonSettings } from './support/harness';

const scenario = loadScenario();
const AMIS = { 'us-east-1': 'ami-0000000000000east', 'us-west-2': 'ami-0000000000000west' };

describe('the iteration on the in-memory EC2', () => {
  const clock = new TestClock();
  const ec2 = new FakeEc2({ clock, zones: scenario.regions });
  let repos: MemoryRepositories;
  let queue: QueueStandIn;
  let provisioner: Provisioner;

  beforeAll(async () => {
    queue = await startQueueStandIn();
  });
  afterAll(async () => queue.close());
  beforeEach(() => {
    ec2.reset();
    clock.set(Date.now());
    repos = createMemoryRepositories();
    provisioner = createProvisioner({
      ...testDaemonSettings(PROVISIONER_ID, scenario),
      ec2,
      queue: new QueuePendingTasks(queue.rootUrl),
      repositories: repos,
      clock,
      logger: pino({ level: 'debug' }, new LogCapture()),
    });
  });

  const createWorkerType = (name: string, overrides: Record<string, unknown> = {}) =>
    repos.workerTypes.create(name, workerTypeDefinition(AMIS, { maxCapacity: 20, ...overrides }), new Date(clock.now()));
  const live = async (workerType: string) =>
    (await Promise.all(REGIONS.map((region) => ec2.describeInstances(region, PROVISIONER_ID)))).flat().filter((i) => i.workerTypeTag === workerTypeTag(PROVISIONER_ID, workerType));

  it('launches for the pending tasks, describing each region once, and sees them on the next iteration', async () => {
    await createWorkerType('builder');
    queue.setPending(PROVISIONER_ID, 'builder', 3);

    const report = await provisioner.iterate();

    expect(report).toMatchObject({ launches: 3, errors: 0 });
    expect(ec2.callsOf('describeInstances').map((call) => call.region).sort()).toEqual([...REGIONS]);
    expect(ec2.callsOf('describeSpotRequests').map((call) => call.region).sort()).toEqual([...REGIONS]);
    expect(ec2.callsOf('runInstance')).toHaveLength(3);
    expect(await live('builder')).toHaveLength(3);
    // running capacity counts: nothing more for the same three tasks
    expect((await provisioner.iterate()).launches).toBe(0);
  });

  it('moves a launch refused for lack of capacity to another pool in the same iteration', async () => {
    await createWorkerType('builder', { regions: [{ region: 'us-east-1', launchSpec: { ImageId: AMIS['us-east-1'] }, secrets: {}, userData: {}, scopes: [] }] });
    queue.setPending(PROVISIONER_ID, 'builder', 2);
    // us-east-1d is m5.large's cheapest pool in the recorded prices
    ec2.refuse({ availabilityZone: 'us-east-1d' });

    const report = await provisioner.iterate();

    expect(report).toMatchObject({ launches: 2, errors: 0 });
    const zones = (await live('builder')).map((i) => i.availabilityZone);
    expect(zones).toHaveLength(2);
    expect(zones).not.toContain('us-east-1d');
    // the refused attempt was made, and followed by the launches elsewhere
    expect(ec2.callsOf('runInstance').length).toBeGreaterThan(2);
  });

  it('terminates the instances of a deleted worker type and leaves another provisioner’s alone', async () => {
    await createWorkerType('retired');
    queue.setPending(PROVISIONER_ID, 'retired', 2);
    await provisioner.iterate();
    const foreign = await ec2.runInstance({
      region: 'us-east-1',
      availabilityZone: 'us-east-1a',
      instanceType: 'm5.large',
      market: 'spot',
      maxPrice: 1,
      launchSpec: {},
      userData: '',
      tags: launchTags('another-provisioner', 'retired'),
      clientToken: 'foreign',
      keyName: undefined,
    });
    queue.setPending(PROVISIONER_ID, 'retired', 0);
    await repos.workerTypes.delete('retired');

    const report = await provisioner.iterate();

    expect(report.terminations).toBe(2);
    expect(await live('retired')).toEqual([]);
    expect(ec2.instances.get(foreign.instanceId)?.state).toBe('pending');
  });

  it('cancels a spot request stalled open without hope, and replaces its capacity', async () => {
    await createWorkerType('builder');
    queue.setPending(PROVISIONER_ID, 'builder', 1);
    const stalled = ec2.addSpotRequest({
      region: 'us-east-1',
      owner: PROVISIONER_ID,
      state: 'open',
      statusCode: 'capacity-not-available',
      createTime: clock.now() - HOUR_MS,
      instanceType: 'm5.large',
      workerTypeTag: workerTypeTag(PROVISIONER_ID, 'builder'),
    });

    const report = await provisioner.iterate();

    expect(report).toMatchObject({ cancellations: 1, launches: 1 });
    expect(await ec2.describeSpotRequests('us-east-1', PROVISIONER_ID)).toEqual([]);
    expect(ec2.callsOf('cancelSpotRequests')).toEqual([{ operation: 'cancelSpotRequests', region: 'us-east-1' }]);
    expect(stalled.requestId).toMatch(/^sir-/);
  });
});
