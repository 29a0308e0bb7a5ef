import type { CapacityHistoryPoint, MarketSnapshot, WorkerTypeDecision } from '@spot-provisioner/model';
import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

const MINUTE = 60_000;

function decision(workerType: string, decidedAt: Date, overrides: Partial<WorkerTypeDecision> = {}): WorkerTypeDecision {
  return {
    workerType,
    decidedAt: decidedAt.toISOString(),
    status: 'unmet',
    inputs: {
      pendingTasks: 4,
      runningCapacity: 0,
      pendingCapacity: 0,
      requestedCapacity: 0,
      scalingRatio: 0.2,
      minCapacity: 2,
      maxCapacity: 200,
      policy: 'classic',
    },
    capacity: { change: 4, unboundedChange: 4, bounded: null, headroom: 200, explanation: '4 pending tasks = 4.' },
    rounds: [],
    unmet: { capacity: 4, reason: '4 capacity units unmet: no-price refused 1 pool (spot x9.huge in us-east-1a).' },
    cleanup: [],
    outcomes: [],
    notes: [],
    error: null,
    ...overrides,
  };
}

function point(time: Date, runningCapacity: number): CapacityHistoryPoint {
  return {
    time: time.toISOString(),
    pendingTasks: 3,
    runningCapacity,
    pendingCapacity: 0,
    requestedCapacity: 1,
    minCapacity: 0,
    maxCapacity: 10,
    launches: 1,
    terminations: 0,
    spotCostPerHour: 0.25,
    unmetCapacity: 0,
  };
}

describe('decision, history and plan-preview extensions (DynamoDB Local)', () => {
  const api = testApiForFile('apidec');

  it('returns 404 before any decision, then the last decision, and requires the view or manage scope', async () => {
    const url = `${V1}/worker-type/wt-decided/decision`;
    const none = await call(api, { method: 'GET', url, credentials: ROOT });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'ResourceNotFound' });

    const stored = decision('wt-decided', api.clock.date());
    await api.deps.repositories.decisions.put(stored);
    const found = await call(api, { method: 'GET', url, credentials: ROOT });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(stored);
    // the classic prefix serves it too
    expect((await call(api, { method: 'GET', url: `/v1/worker-type/wt-decided/decision`, credentials: ROOT })).json()).toEqual(stored);

    const viewer = await call(api, {
      method: 'GET',
      url,
      credentials: ROOT,
      authorizedScopes: ['aws-provisioner:view-worker-type:wt-decided'],
    });
    expect(viewer.statusCode).toBe(200);
    const other = await call(api, { method: 'GET', url, credentials: ROOT, authorizedScopes: ['aws-provisioner:view-worker-type:other'] });
    expect(other.statusCode).toBe(403);
    expect((await call(api, { method: 'GET', url })).statusCode).toBe(403);
  });

  it('adds the last decision’s unmet summary to state, and null without one', async () => {
    const definition = launchableDefinition(api);
    await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-state-unmet`, payload: definition, credentials: ROOT });
    const before = await call(api, { method: 'GET', url: `${V1}/state/wt-state-unmet` });
    expect(before.json().unmet).toBeNull();
    const stored = decision('wt-state-unmet', api.clock.date());
    await api.deps.repositories.decisions.put(stored);
    const after = await call(api, { method: 'GET', url: `${V1}/state/wt-state-unmet` });
    expect(after.statusCode).toBe(200);
    expect(after.json().unmet).toEqual(stored.unmet);
    expect(after.json().summary).toMatchObject({ minCapacity: 2, maxCapacity: 200 });
  });

  it('returns the history window asked for, oldest first, page by page', async () => {
    const now = api.clock.date();
    const start = new Date(now.getTime() - 30 * MINUTE);
    const points = Array.from({ length: 30 }, (_, i) => point(new Date(start.getTime() + i * MINUTE), i));
    await api.deps.repositories.capacityHistory.append(points.map((p) => ({ workerType: 'wt-history', point: p })));
    await api.deps.repositories.capacityHistory.append([{ workerType: 'wt-other', point: point(start, 99) }]);

    const since = points[5]!.time;
    const until = points[14]!.time;
    const seen: CapacityHistoryPoint[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ since, until, limit: '4', ...(token ? { continuationToken: token } : {}) });
      const page = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-history/history?${query}`, credentials: ROOT });
      expect(page.statusCode).toBe(200);
      const body = page.json();
      expect(body.workerType).toBe('wt-history');
      expect(body.points.length).toBeLessThanOrEqual(4);
      seen.push(...body.points);
      token = body.continuationToken;
      pages += 1;
    } while (token && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(points.slice(5, 15));

    // default window: the last hour up to now
    const recent = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-history/history`, credentials: ROOT });
    expect(recent.json().points).toHaveLength(30);
  });

  it('refuses a bad history window, limit or token with every reason', async () => {
    const url = `${V1}/worker-type/wt-history/history`;
    const reversed = await call(api, {
      method: 'GET',
      url: `${url}?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z`,
      credentials: ROOT,
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().reasons[0]).toMatch(/since .* is after until/);
    const bad = await call(api, { method: 'GET', url: `${url}?since=yesterday&limit=5000`, credentials: ROOT });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().reasons).toHaveLength(2);
    const token = await call(api, { method: 'GET', url: `${url}?continuationToken=not-a-token`, credentials: ROOT });
    expect(token.statusCode).toBe(400);
    expect(token.json()).toMatchObject({ code: 'InputValidationError' });
  });

  it('previews the stored definition and an edited one from recorded prices, storing nothing', async () => {
    const definition = launchableDefinition(api);
    await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-preview`, payload: definition, credentials: ROOT });
    const recordedAt = new Date(api.clock.date().getTime() - MINUTE).toISOString();
    const markets: MarketSnapshot[] = [
      {
        region: 'us-east-1',
        recordedAt,
        zones: ['us-east-1a', 'us-east-1c', 'us-east-1d'],
        spotPrices: { 'us-east-1a': { 'c5.2xlarge': 0.15, 'm5.4xlarge': 0.3 }, 'us-east-1c': { 'c5.2xlarge': 0.16 } },
        onDemandPrices: {},
      },
      { region: 'us-west-2', recordedAt, zones: ['us-west-2a'], spotPrices: { 'us-west-2a': { 'c5.2xlarge': 0.2 } }, onDemandPrices: {} },
    ];
    for (const market of markets) await api.deps.repositories.markets.put(market);
    const url = `${V1}/worker-type/wt-preview/plan-preview`;

    const stored = await call(api, { method: 'POST', url, credentials: ROOT });
    expect(stored.statusCode).toBe(200);
    const preview = stored.json();
    expect(preview.pricesAsOf).toBe(recordedAt);
    expect(preview.decision).toMatchObject({ workerType: 'wt-preview', status: 'met', unmet: null, outcomes: [], cleanup: [] });
    // minCapacity 2 with nothing running: one c5.2xlarge (capacity 2) in the cheapest pool
    expect(preview.decision.capacity).toMatchObject({ change: 2, bounded: 'min' });
    expect(preview.decision.rounds[0].launches).toEqual([
      expect.objectContaining({ instanceType: 'c5.2xlarge', availabilityZone: 'us-east-1a', price: 0.15, count: 1 }),
    ]);

    const edited = { ...definition, instanceTypes: [{ ...definition.instanceTypes[0]!, instanceType: 'x9.huge' }] };
    const changed = await call(api, { method: 'POST', url, payload: edited, credentials: ROOT });
    expect(changed.statusCode).toBe(200);
    const unmet = changed.json().decision;
    expect(unmet.status).toBe('unmet');
    expect(unmet.rounds[0].launches).toEqual([]);
    expect(unmet.unmet.capacity).toBe(2);
    expect(unmet.unmet.reason).toMatch(/no-price refused \d+ pools \(spot x9\.huge in us-east-1a/);
    expect(unmet.rounds[0].rejected).toEqual(expect.arrayContaining([expect.objectContaining({ filter: 'no-price' })]));

    // nothing stored: the definition, decisions, history and markets are as before
    const after = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-preview`, credentials: ROOT });
    expect(after.json().instanceTypes).toEqual(definition.instanceTypes);
    expect(await api.deps.repositories.decisions.get('wt-preview')).toBeNull();
    expect(await api.deps.repositories.markets.list()).toEqual(markets);
    const history = await api.deps.repositories.capacityHistory.page('wt-preview', {
      since: new Date(0),
      until: api.clock.date(),
      now: api.clock.date(),
    });
    expect(history.points).toEqual([]);
  });

  it('404s a preview of an unknown worker type without a body, previews one with a body, and 400s a bad body', async () => {
    const url = `${V1}/worker-type/wt-unknown/plan-preview`;
    const missing = await call(api, { method: 'POST', url, credentials: ROOT });
    expect(missing.statusCode).toBe(404);
    const fresh = await call(api, { method: 'POST', url, payload: launchableDefinition(api), credentials: ROOT });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().decision.notes.join(' ')).toMatch(/no state snapshot/);
    const invalid = await call(api, {
      method: 'POST',
      url,
      payload: { ...launchableDefinition(api), maxCapacity: -1, minPrice: 'cheap' },
      credentials: ROOT,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().reasons.length).toBeGreaterThanOrEqual(2);
  });
});
