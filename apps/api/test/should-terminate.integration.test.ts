/**
 * The should-terminate extension against DynamoDB Local: a worker asks with the credentials
 * getSecret gave it and learns, from the daemon's last decision, whether to shut down.
 */
import type { WorkerTypeDecision } from '@spot-provisioner/model';
import slugid from 'slugid';
import { call, ROOT, testApiForFile, V1 } from './support';

const WORKER_TYPE = 'wt-draining';
const DRAINED = 'i-0aaaaaaaaaaaaaaa1';
const BUSY = 'i-0bbbbbbbbbbbbbbb2';

function drainingDecision(decidedAt: Date): WorkerTypeDecision {
  return {
    workerType: WORKER_TYPE,
    decidedAt: decidedAt.toISOString(),
    status: 'met',
    inputs: { pendingTasks: 0, runningCapacity: 2, pendingCapacity: 0, requestedCapacity: 0, scalingRatio: 0, minCapacity: 0, maxCapacity: 10, policy: 'classic' },
    capacity: { change: 0, unboundedChange: -2, bounded: null, headroom: 8, explanation: '0 pending tasks − 0 capacity on its way = 0.' },
    rounds: [],
    unmet: null,
    cleanup: [],
    outcomes: [],
    notes: [],
    error: null,
    scaleDown: {
      idleCapacity: 1,
      keepWarmCapacity: 0,
      expectedArrivals: 0.1,
      bootSeconds: 180,
      budget: 1,
      explanation: 'Keeps 0 capacity warm for 0.1 tasks expected over the next 3-minute boot (0.0 a minute); 1 idle; 1 quarantined to drain.',
      actions: [{ instanceId: DRAINED, region: 'us-east-1', action: 'quarantine', capacity: 1, reason: 'idle 6 min, queue empty, 0.1 tasks expected over the next 3-minute boot' }],
      kept: [{ instanceId: BUSY, region: 'us-east-1', reason: 'busy', detail: 'running a task' }],
    },
  };
}

describe('should-terminate (DynamoDB Local)', () => {
  const api = testApiForFile('apishterm');

  it("answers a worker, signed with getSecret's credentials, from the last decision", async () => {
    await api.deps.repositories.decisions.put(drainingDecision(api.clock.date()));
    const token = slugid.v4();
    const expiration = new Date(api.clock.date().getTime() + 40 * 60_000).toISOString();
    await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, payload: { workerType: WORKER_TYPE, secrets: {}, scopes: [], token, expiration }, credentials: ROOT });
    const credentials = (await call(api, { method: 'GET', url: `${V1}/secret/${token}` })).json().credentials;

    const drained = await call(api, { method: 'GET', url: `${V1}/worker-type/${WORKER_TYPE}/instance/${DRAINED}/should-terminate`, credentials });
    expect(drained.statusCode).toBe(200);
    expect(drained.json()).toEqual({
      terminate: true,
      reason: `scale-down is draining it: idle 6 min, queue empty, 0.1 tasks expected over the next 3-minute boot (decision of ${api.clock.date().toISOString()})`,
    });
    const busy = await call(api, { method: 'GET', url: `${V1}/worker-type/${WORKER_TYPE}/instance/${BUSY}/should-terminate`, credentials });
    expect(busy.json()).toMatchObject({ terminate: false, reason: expect.stringMatching(/^kept \(busy\): running a task/) });

    // another worker type's credentials may not ask, nor may an anonymous caller
    const elsewhere = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-other/instance/${DRAINED}/should-terminate`, credentials });
    expect(elsewhere.statusCode).toBe(403);
    expect((await call(api, { method: 'GET', url: `${V1}/worker-type/${WORKER_TYPE}/instance/${DRAINED}/should-terminate` })).statusCode).toBe(403);
  });

  it('refuses a path that is not a worker type and an instance id, with the reason', async () => {
    const bad = await call(api, { method: 'GET', url: `${V1}/worker-type/${WORKER_TYPE}/instance/not-an-instance/should-terminate`, credentials: ROOT });
    expect(bad.statusCode).toBe(400);
    expect(bad.text).toContain('instanceId must be an EC2 instance id');
  });

  it('says no, and why, before any decision', async () => {
    const none = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-undecided/instance/${DRAINED}/should-terminate`, credentials: ROOT });
    expect(none.json()).toEqual({ terminate: false, reason: 'the provisioner has not decided about this worker type yet' });
  });
});
