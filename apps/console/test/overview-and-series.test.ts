import type { WorkerTypeSummary } from '@spot-provisioner/model';
import { costOf, fleetSummary, nextSort, pendingTasksOf, visibleRows, type OverviewRow } from '../src/overview-rows';
import { appendSample, latest, linePath, niceMax, sampleFromSummary, seriesPoints, thin, totalCapacity } from '../src/series';
import { decision, point } from './fixtures';

const summary = (workerType: string, runningCapacity: number): WorkerTypeSummary => ({
  workerType,
  minCapacity: 0,
  maxCapacity: 10,
  requestedCapacity: 0,
  pendingCapacity: 0,
  runningCapacity,
});

describe('overview rows', () => {
  const rows: OverviewRow[] = [
    { summary: summary('linux-big', 5), decision: null, history: [point('2026-11-22T12:00:00Z', { spotCostPerHour: 0.5, pendingTasks: 7 })] },
    { summary: summary('Windows', 1), decision: decision({ inputs: { ...decision().inputs, pendingTasks: 9 } }), history: [] },
    { summary: summary('linux-small', 5), decision: undefined, history: [] },
  ];

  it('filters by name in any case', () => {
    expect(visibleRows(rows, 'LINUX', { key: 'workerType', descending: false }).map((r) => r.summary.workerType)).toEqual(['linux-big', 'linux-small']);
    expect(visibleRows(rows, '  win ', { key: 'workerType', descending: false })).toHaveLength(1);
  });

  it('sorts by a column, ties by name', () => {
    const byRunning = visibleRows(rows, '', { key: 'runningCapacity', descending: true }).map((r) => r.summary.workerType);
    expect(byRunning).toEqual(['linux-big', 'linux-small', 'Windows']);
    const byTasks = visibleRows(rows, '', { key: 'pendingTasks', descending: true }).map((r) => r.summary.workerType);
    expect(byTasks).toEqual(['Windows', 'linux-big', 'linux-small']);
  });

  it('flips the direction on a second click; numbers start largest first', () => {
    expect(nextSort({ key: 'workerType', descending: false }, 'workerType')).toEqual({ key: 'workerType', descending: true });
    expect(nextSort({ key: 'workerType', descending: false }, 'cost')).toEqual({ key: 'cost', descending: true });
    expect(nextSort({ key: 'cost', descending: true }, 'workerType')).toEqual({ key: 'workerType', descending: false });
  });

  it('takes pending tasks from the decision, else the latest history point', () => {
    expect(rows.map(pendingTasksOf)).toEqual([7, 9, null]);
    expect(rows.map(costOf)).toEqual([0.5, null, null]);
  });

  it('sums the fleet: worker types per decision status, and the spot cost of those with a known cost', () => {
    const cost = (spotCostPerHour: number) => [point('2026-11-22T12:00:00Z', { spotCostPerHour })];
    const fleet: OverviewRow[] = [
      ...rows,
      { summary: summary('at-max', 10), decision: decision({ status: 'capped' }), history: cost(0.25) },
      { summary: summary('broken', 0), decision: decision({ status: 'error', error: 'EC2' }), history: cost(0) },
    ];
    expect(fleetSummary(fleet)).toEqual({ workerTypes: 5, statuses: { met: 1, capped: 1, unmet: 0, error: 1, unknown: 2 }, costPerHour: 0.75 });
    expect(fleetSummary([rows[2]!])).toEqual({ workerTypes: 1, statuses: { met: 0, capped: 0, unmet: 0, error: 0, unknown: 1 }, costPerHour: null });
  });
});

describe('chart series', () => {
  const points = [
    point('2026-11-22T12:00:00Z', { pendingTasks: 3, runningCapacity: 1 }),
    point('2026-11-22T12:00:30Z', { pendingTasks: null, runningCapacity: 2, requestedCapacity: 1 }),
  ];

  it('skips points where the queue did not answer', () => {
    expect(seriesPoints(points, 'pendingTasks')).toHaveLength(1);
    expect(seriesPoints(points, 'runningCapacity').map((p) => p.v)).toEqual([1, 2]);
  });

  it('rounds the y axis up to a readable step', () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([3])).toBe(5);
    expect(niceMax([7, 10])).toBe(10);
    expect(niceMax([11])).toBe(20);
    expect(niceMax([230])).toBe(250);
  });

  it('draws a path across the box, top at the maximum', () => {
    const path = linePath([{ t: 0, v: 0 }, { t: 10, v: 5 }], 0, 10, 5, 100, 50);
    expect(path).toBe('M0.0,50.0 L100.0,0.0');
    expect(linePath([], 0, 10, 5, 100, 50)).toBe('');
  });

  it('totals capacity and finds the latest point', () => {
    expect(totalCapacity(points[1]!)).toBe(3);
    expect(latest([...points].reverse())?.time).toBe('2026-11-22T12:00:30Z');
  });

  it('keeps self-polled samples within the window', () => {
    const first = sampleFromSummary(summary('a', 1), new Date('2026-11-22T12:00:00Z'));
    const later = sampleFromSummary(summary('a', 2), new Date('2026-11-22T13:30:00Z'));
    expect(first).toMatchObject({ runningCapacity: 1, pendingTasks: null, maxCapacity: 10 });
    expect(appendSample([first], later, 3600_000)).toEqual([later]);
    expect(appendSample([first], later, 2 * 3600_000)).toEqual([first, later]);
  });
});

describe('thinning a long history', () => {
  const minutes = (n: number) => Array.from({ length: n }, (_, i) => point(new Date(Date.UTC(2026, 10, 22, 0, i)).toISOString(), { runningCapacity: i === 37 ? 50 : 1 }));

  it('leaves short histories alone', () => {
    expect(thin(minutes(10), 20)).toHaveLength(10);
  });

  it('keeps at most the limit, the newest point and the peaks', () => {
    const all = minutes(1000);
    const kept = thin(all, 100);
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept[kept.length - 1]).toBe(all[999]);
    expect(kept.some((p) => p.runningCapacity === 50)).toBe(true);
    expect(kept.map((p) => p.time)).toEqual([...kept.map((p) => p.time)].sort());
  });
});
