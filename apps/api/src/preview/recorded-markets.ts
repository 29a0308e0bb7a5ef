/**
 * The markets the daemon recorded (zones and prices per region), as plan previews read them:
 * a region of 700 instance types × 6 zones is a large item to fetch and parse, and the daemon
 * writes them at most once an iteration, so the API keeps the last read for as long and
 * concurrent previews share one read.
 */
import type { MarketRepository, MarketSnapshot } from '@spot-provisioner/model';
import { CoalescedRead } from '../http/coalesced-read';

/**
 * A preview's prices may be this much older than the daemon's last record: the daemon records
 * them at most once an iteration (30 s), and reading and parsing every region's prices is the
 * largest piece of a preview's work left on the event loop.
 */
export const RECORDED_MARKETS_TTL_MS = 30_000;

export class RecordedMarkets {
  private last: { readonly markets: readonly MarketSnapshot[]; readonly readAt: number } | undefined;
  private readonly read: CoalescedRead<readonly MarketSnapshot[]>;

  constructor(
    markets: Pick<MarketRepository, 'list'>,
    private readonly now: () => number = Date.now,
  ) {
    this.read = new CoalescedRead(async () => {
      const read = await markets.list();
      this.last = { markets: read, readAt: this.now() };
      return read;
    });
  }

  /** The same array until the next read, so a worker that has it need not be sent it again. */
  async get(): Promise<readonly MarketSnapshot[]> {
    if (this.last && this.now() - this.last.readAt < RECORDED_MARKETS_TTL_MS) return this.last.markets;
    return this.read.get();
  }
}
