/**
 * decision, state, history and preview through the real binary, against the real API reading
 * what the daemon records (written here through the same repositories the daemon uses).
 */
import path from 'node:path';
import type { CapacityHistoryPoint, WorkerTypeDecision } from '@spot-provisioner/model';
import { cliEnv, definition, runCli, tempDir, testApiForFile, writeJson } from './support';

const MINUTE = 60_000;

function recordedDecision(workerType: string, decidedAt: Date): WorkerTypeDecision {
  return {
    workerType,
    decidedAt: decidedAt.toISOString(),
    status: 'unmet',
    inputs: { pendingTasks: 6, runningCapacity: 1, pendingCapacity: 0, requestedCapacity: 0, scalingRatio: 0, minCapacity: 0, maxCapacity: 10, policy: 'classic' },
    capacity: { change: 5, unboundedChange: 5, bounded: null, headroom: 9, explanation: '6 pending tasks less 1 running = 5.' },
    rounds: [
      {
        round: 0,
        launches: [
          { market: 'spot', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', capacity: 1, utility: 1, price: 0.04, pricePerUtility: 0.04, maxPrice: 0.5, count: 3 },
        ],
        placedCapacity: 3,
        unmet: 2,
        rejected: [
          {
            filter: 'no-price',
            count: 2,
            summary: 'no spot price is known for 2 pools',
            examples: [{ market: 'spot', region: 'us-west-2', availabilityZone: 'us-west-2b', instanceType: 'm5.large', reason: 'no recent spot price' }],
          },
        ],
      },
    ],
    unmet: { capacity: 2, reason: '2 capacity units unmet: no-price refused 2 pools.' },
    cleanup: [{ action: 'terminate', id: 'i-0123456789abcdef0', region: 'us-east-1', reason: 'zombie', detail: 'older than the maximum instance life' }],
    outcomes: [{ market: 'spot', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', round: 0, outcome: 'submitted', instanceId: 'i-0fedcba9876543210' }],
    notes: ['us-west-2 failed this iteration; its last known capacity was used'],
    error: null,
  };
}

function historyPoint(time: Date, runningCapacity: number): CapacityHistoryPoint {
  return {
    time: time.toISOString(),
    pendingTasks: 4,
    runningCapacity,
    pendingCapacity: 1,
    requestedCapacity: 0,
    minCapacity: 0,
    maxCapacity: 10,
    launches: 1,
    terminations: 0,
    spotCostPerHour: 0.12,
    unmetCapacity: 2,
  };
}

describe('decision, history and preview commands against a running API', () => {
  const api = testApiForFile('clidec');
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cliEnv(api);
  });

  it('explains the last decision, and gives it whole as JSON', async () => {
    const stored = recordedDecision('decided', new Date());
    await api.deps.repositories.decisions.put(stored);

    const shown = await runCli(['decision', 'decided'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`decided: unmet (decided ${stored.decidedAt})`);
    expect(shown.stdout).toContain('inputs:   pending tasks 6, running 1, pending 0, requested 0; min 0, max 10, scaling ratio 0 (policy classic)');
    expect(shown.stdout).toContain('change:   +5, headroom 9');
    expect(shown.stdout).toMatch(/MARKET\s+ZONE\s+INSTANCE TYPE\s+COUNT\s+CAPACITY\s+UTILITY\s+PRICE \$\/H\s+\$\/H PER UTILITY\s+MAX \$\/H PER INSTANCE\n/);
    expect(shown.stdout).toMatch(/\n\s+spot\s+us-east-1a\s+m5\.large\s+3\s+1\s+1\s+0\.04\s+0\.04\s+0\.5 = 0\.5 × 1\n/);
    expect(shown.stdout).toContain("(USD per hour per instance; MAX = the definition's maxPrice (per unit of utility) × utility)");
    expect(shown.stdout).toContain('rejected by no-price: 2 pools: no spot price is known for 2 pools');
    expect(shown.stdout).toContain('e.g. spot us-west-2b m5.large: no recent spot price');
    expect(shown.stdout).toContain('unmet:    2: 2 capacity units unmet: no-price refused 2 pools.');
    expect(shown.stdout).toContain('terminate i-0123456789abcdef0 in us-east-1 (zombie): older than the maximum instance life');
    expect(shown.stdout).toContain('submitted spot us-east-1a m5.large: i-0fedcba9876543210');
    expect(shown.stdout).toContain('- us-west-2 failed this iteration');

    expect(JSON.parse((await runCli(['decision', 'decided', '--json'], env)).stdout)).toEqual(stored);

    const none = await runCli(['decision', 'never-decided'], env);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe(
      'error: no decision has been recorded for never-decided yet: the daemon records one each iteration once it has seen the worker type\n',
    );
  });

  it('says capped, with the capacity maxCapacity keeps out, and gives the max price per hour and per instance', async () => {
    const base = recordedDecision('at-max', new Date());
    const capped: WorkerTypeDecision = {
      ...base,
      status: 'capped',
      inputs: { ...base.inputs, pendingTasks: 50, runningCapacity: 7, maxCapacity: 10 },
      capacity: { change: 3, unboundedChange: 43, bounded: 'max', headroom: 3, explanation: '50 pending tasks − 0 … = 43, cut to 3 to stay within maxCapacity 10.' },
      rounds: [
        {
          round: 0,
          launches: [
            { market: 'spot', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.xlarge', capacity: 2, utility: 1.4, price: 0.084, pricePerUtility: 0.06, maxPrice: 0.7, count: 1 },
            { market: 'on-demand', region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large', capacity: 1, utility: 1, price: 0.096, pricePerUtility: 0.096, maxPrice: 0.096, count: 1 },
          ],
          placedCapacity: 3,
          unmet: 0,
          rejected: [],
        },
      ],
      unmet: null,
      outcomes: [],
      cleanup: [],
      notes: [],
    };
    await api.deps.repositories.decisions.put(capped);

    const shown = await runCli(['decision', 'at-max'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`at-max: capped (decided ${capped.decidedAt})`);
    expect(shown.stdout).toContain('capped:   at maxCapacity 10, 40 capacity units wanted by pending tasks may not be added (raise maxCapacity to place them)');
    expect(shown.stdout).toMatch(/\n\s+spot\s+us-east-1a\s+c5\.xlarge\s+1\s+2\s+1\.4\s+0\.084\s+0\.06\s+0\.7 = 0\.5 × 1\.4\n/);
    expect(shown.stdout).toMatch(/\n\s+on-demand\s+us-east-1b\s+m5\.large\s+1\s+1\s+1\s+0\.096\s+0\.096\s+0\.096 \(on-demand price\)\n/);
  });

  it('shows each instance with its pool price and its cost so far', async () => {
    const dir = tempDir('state');
    writeJson(path.join(dir, 'priced.json'), definition(api.images));
    expect((await runCli(['apply', '-f', dir], env)).code).toBe(0);
    const launched = new Date(Date.now() - 2 * 60 * MINUTE).toISOString();
    const instance = { instanceType: 'm5.large', region: 'us-east-1', zone: 'us-east-1a', state: 'running', launchTime: launched, capacity: 1 };
    await api.deps.repositories.workerState.put({
      workerType: 'priced',
      instances: [
        { ...instance, id: 'i-0000000000000000a', market: 'spot', price: 0.05 },
        // written by a daemon before prices were recorded per instance
        { ...instance, id: 'i-0000000000000000b' },
      ],
      requests: [],
      internalTrackedRequests: [],
      summary: { minCapacity: 0, maxCapacity: 4, requestedCapacity: 0, pendingCapacity: 0, runningCapacity: 2 },
      updatedAt: new Date().toISOString(),
    });

    const shown = await runCli(['state', 'priced'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/INSTANCE\s+STATE\s+TYPE\s+ZONE\s+CAPACITY\s+PRICE \$\/H\s+COST SO FAR \$\s+LAUNCHED\n/);
    // 2 h at 0.05 $/h, and the seconds the test took
    expect(shown.stdout).toMatch(new RegExp(`i-0000000000000000a\\s+running\\s+m5\\.large\\s+us-east-1a\\s+1\\s+0\\.05\\s+0\\.1(00\\d)?\\s+${launched}`));
    expect(shown.stdout).toMatch(new RegExp(`i-0000000000000000b\\s+running\\s+m5\\.large\\s+us-east-1a\\s+1\\s+-\\s+-\\s+${launched}`));
    expect(JSON.parse((await runCli(['state', 'priced', '--json'], env)).stdout).instances[0]).toMatchObject({ market: 'spot', price: 0.05 });
  });

  it('shows the learned interruption rate, penalty and score of every weighed pool, and the interruptions heard', async () => {
    const base = recordedDecision('learning', new Date());
    const pool = (availabilityZone: string, interruptionRate: number, launches: number) => ({
      market: 'spot' as const,
      region: 'us-east-1',
      availabilityZone,
      instanceType: 'm5.large',
      price: 0.05,
      pricePerUtility: 0.05,
      interruptionRate,
      riskPenalty: interruptionRate,
      score: 0.05 * (1 + interruptionRate),
      launches,
    });
    const stored: WorkerTypeDecision = {
      ...base,
      inputs: { ...base.inputs, leavingCapacity: 1 },
      rounds: [{ ...(base.rounds[0] as WorkerTypeDecision['rounds'][number]), pools: [pool('us-east-1b', 0.002, 3), pool('us-east-1a', 0.25, 0)] }],
      interruptions: [
        { instanceId: 'i-0aaaaaaaaaaaaaaaa', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', kind: 'spot-interruption', at: base.decidedAt, effect: 'capacity-gone' },
      ],
    };
    await api.deps.repositories.decisions.put(stored);
    const shown = await runCli(['decision', 'learning'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('(policy classic); going away 1');
    expect(shown.stdout).toMatch(/\$\/H PER UTILITY\s+INTERRUPTIONS\/H\s+PENALTY\s+SCORE\s+LAUNCHES\n\s+spot\s+us-east-1b\s+m5\.large\s+0\.05\s+0\.002\s+\+0\.2%\s+0\.0501\s+3\n\s+spot\s+us-east-1a\s+m5\.large\s+0\.05\s+0\.25\s+\+25\.0%\s+0\.0625\s+0/);
    expect(shown.stdout).toContain('interruptions:\n  spot-interruption i-0aaaaaaaaaaaaaaaa m5.large in us-east-1a at');
    expect(JSON.parse((await runCli(['decision', 'learning', '--json'], env)).stdout)).toEqual(stored);
  });

  it('shows scale-down: what is kept warm, each drain step and why the others were kept', async () => {
    const stored: WorkerTypeDecision = {
      ...recordedDecision('draining', new Date()),
      scaleDown: {
        idleCapacity: 3,
        keepWarmCapacity: 1,
        expectedArrivals: 0.8,
        bootSeconds: 180,
        budget: 2,
        explanation: 'Keeps 1 capacity warm for 0.8 tasks expected over the next 3-minute boot (0.3 a minute); 3 idle; 1 quarantined to drain, 1 terminated after draining.',
        actions: [
          { instanceId: 'i-0aaa', region: 'us-east-1', action: 'quarantine', capacity: 1, reason: 'idle 6 min, queue empty, 0.8 tasks expected over the next 3-minute boot' },
          { instanceId: 'i-0bbb', region: 'us-east-1', action: 'terminate', capacity: 1, reason: 'quarantined 30 s ago, still idle with no claim since' },
        ],
        kept: [
          { instanceId: 'i-0ccc', region: 'us-east-1', reason: 'busy', detail: 'running a task' },
          { instanceId: 'i-0ddd', region: 'us-east-1', reason: 'busy', detail: 'running a task' },
          { instanceId: 'i-0eee', region: 'us-west-2', reason: 'keep-warm', detail: 'kept warm: 0.8 tasks expected over the next 3-minute boot' },
        ],
      },
    };
    await api.deps.repositories.decisions.put(stored);
    const shown = await runCli(['decision', 'draining'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('scale-down: Keeps 1 capacity warm for 0.8 tasks expected over the next 3-minute boot (0.3 a minute); 3 idle;');
    expect(shown.stdout).toContain('  quarantine i-0aaa in us-east-1: idle 6 min, queue empty, 0.8 tasks expected over the next 3-minute boot');
    expect(shown.stdout).toContain('  terminate  i-0bbb in us-east-1: quarantined 30 s ago, still idle with no claim since');
    expect(shown.stdout).toContain('  kept (busy): 2 running a task');
    expect(shown.stdout).toContain('  kept (keep-warm): 1\n    i-0eee in us-west-2: kept warm: 0.8 tasks expected over the next 3-minute boot');
    expect(JSON.parse((await runCli(['decision', 'draining', '--json'], env)).stdout)).toEqual(stored);
  });

  it('lists the history of a window given as a duration or a date', async () => {
    const now = Date.now();
    await api.deps.repositories.capacityHistory.append(
      [historyPoint(new Date(now - 150 * MINUTE), 1), historyPoint(new Date(now - 40 * MINUTE), 2), historyPoint(new Date(now - 5 * MINUTE), 3)].map((point) => ({
        workerType: 'charted',
        point,
      })),
    );

    const lastHour = await runCli(['history', 'charted', '--since', '1h'], env);
    expect(lastHour.code).toBe(0);
    expect(lastHour.stdout).toMatch(/^TIME\s+PENDING TASKS\s+RUNNING\s+PENDING\s+REQUESTED\s+UNMET\s+LAUNCHES\s+TERMINATIONS\s+SPOT \$\/H\n/);
    expect(lastHour.stdout.trim().split('\n')).toHaveLength(3);

    const json = JSON.parse((await runCli(['history', 'charted', '--since', '3h', '--json'], env)).stdout) as { points: CapacityHistoryPoint[] };
    expect(json.points.map((p) => p.runningCapacity)).toEqual([1, 2, 3]);
    const since = new Date(now - 60 * MINUTE).toISOString();
    expect(JSON.parse((await runCli(['history', 'charted', '--since', since, '--json'], env)).stdout).points).toHaveLength(2);

    expect((await runCli(['history', 'charted', '--since', 'last week'], env)).code).toBe(2);

    // a worker type with scale-down shows its idle capacity and drains
    await api.deps.repositories.capacityHistory.append([
      { workerType: 'drained', point: { ...historyPoint(new Date(now - 2 * MINUTE), 4), idleCapacity: 3, drains: 2, drainTerminations: 0 } },
      { workerType: 'drained', point: { ...historyPoint(new Date(now - MINUTE), 2), idleCapacity: 1, drains: 0, drainTerminations: 2 } },
    ]);
    const drained = await runCli(['history', 'drained', '--since', '1h'], env);
    expect(drained.stdout).toMatch(/SPOT \$\/H\s+IDLE\s+DRAINS\s+DRAINED\n/);
    expect(drained.stdout.trim().split('\n')[2]).toMatch(/\s0\.12\s+1\s+0\s+2$/);
  });

  it('previews the plan for an edited definition from recorded prices, launching nothing', async () => {
    const dir = tempDir('preview');
    const file = path.join(dir, 'previewed.json');
    writeJson(file, definition(api.images, { minCapacity: 2 }));
    const recordedAt = new Date(Date.now() - MINUTE).toISOString();
    await api.deps.repositories.markets.put({ region: 'us-east-1', recordedAt, zones: ['us-east-1a'], spotPrices: { 'us-east-1a': { 'm5.large': 0.05 } }, onDemandPrices: {} });

    const preview = await runCli(['preview', '-f', file], env);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`Plan preview for previewed (prices and zones as of ${recordedAt}); nothing was launched.`);
    expect(preview.stdout).toMatch(/spot\s+us-east-1a\s+m5\.large\s+2\s+1\s+1\s+0\.05\s+0\.05\s+0\.5 = 0\.5 × 1\n/);

    const json = JSON.parse((await runCli(['preview', '-f', file, '--json'], env)).stdout) as { decision: { workerType: string; outcomes: unknown[] } };
    expect(json.decision).toMatchObject({ workerType: 'previewed', outcomes: [] });
    expect((await runCli(['get', 'previewed'], env)).code).toBe(1);

    writeJson(file, definition(api.images, { maxCapacity: -1 }));
    const refused = await runCli(['preview', '-f', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/maxCapacity/);
  });
});
