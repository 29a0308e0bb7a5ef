import type { WorkerTypeRecord } from '@spot-provisioner/model';
import { CoalescedRead } from '../src/http/coalesced-read';
import { RECENT_WORKER_TYPE_TTL_MS, RecentWorkerTypes } from '../src/http/recent-worker-types';

const record = (version: number) => ({ workerType: 'wt', version }) as unknown as WorkerTypeRecord;

describe('recently read worker types', () => {
  it('serves a record again within the TTL, reads the table after it or after this process wrote it, and never remembers "not found"', async () => {
    let now = 0;
    let stored: WorkerTypeRecord | null = record(1);
    let reads = 0;
    const recent = new RecentWorkerTypes({ get: async () => ((reads += 1), stored) }, () => now);
    expect(await recent.get('wt')).toEqual(record(1));
    stored = record(2); // written by another process
    now = RECENT_WORKER_TYPE_TTL_MS - 1;
    expect(await recent.get('wt')).toEqual(record(1));
    now = RECENT_WORKER_TYPE_TTL_MS;
    expect(await recent.get('wt')).toEqual(record(2));
    stored = record(3);
    recent.forget('wt'); // written through this process
    expect(await recent.get('wt')).toEqual(record(3));
    stored = null;
    recent.forget('wt');
    expect(await recent.get('wt')).toBeNull();
    stored = record(4);
    expect(await recent.get('wt')).toEqual(record(4));
    expect(reads).toBe(5);
  });

  it('does not remember a read that began before this process wrote', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let stored = record(1);
    const recent = new RecentWorkerTypes({
      get: async () => {
        const seen = stored;
        await slow;
        return seen;
      },
    });
    const before = recent.get('wt');
    stored = record(2);
    recent.forget('wt');
    release();
    expect(await before).toEqual(record(1));
    expect(await recent.get('wt')).toEqual(record(2));
  });
});

describe('a coalesced read kept fresh for a while', () => {
  it('is reused within its freshness, and read again once forgotten', async () => {
    let now = 0;
    let value = 1;
    const shared = new CoalescedRead(async () => value, 1_000, () => now);
    expect(await shared.get()).toBe(1);
    value = 2;
    now = 999;
    expect(await shared.get()).toBe(1);
    shared.forget();
    expect(await shared.get()).toBe(2);
    value = 3;
    now = 2_000;
    expect(await shared.get()).toBe(3);
  });
});
