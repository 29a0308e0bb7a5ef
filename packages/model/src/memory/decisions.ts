/** In-memory twins of the Decisions, CapacityHistory and Markets tables: same validation, paging and expiry. */
import { parseOrThrow } from '../repositories/dynamo';
import type { DecisionRepository } from '../repositories/decisions';
import {
  decodeHistoryToken,
  encodeHistoryToken,
  HISTORY_BATCH_SIZE,
  type CapacityHistoryRepository,
  type HistoryPointRecord,
  type HistoryWindow,
} from '../repositories/capacity-history';
import type { MarketRepository } from '../repositories/markets';
import {
  CapacityHistoryPointSchema,
  HISTORY_RETENTION_MS,
  MAX_HISTORY_PAGE,
  WorkerTypeDecisionSchema,
  type CapacityHistoryPage,
  type CapacityHistoryPoint,
  type WorkerTypeDecision,
} from '../schemas/decision';
import { MarketSnapshotSchema, type MarketSnapshot } from '../schemas/market';

export class MemoryDecisionRepository implements DecisionRepository {
  /** Stored as JSON text, like the DynamoDB item's body. */
  private readonly items = new Map<string, string>();

  async put(decision: WorkerTypeDecision): Promise<void> {
    const valid = parseOrThrow(WorkerTypeDecisionSchema, decision, 'decision');
    this.items.set(valid.workerType, JSON.stringify(valid));
  }

  async get(workerType: string): Promise<WorkerTypeDecision | null> {
    const body = this.items.get(workerType);
    return body === undefined ? null : parseOrThrow(WorkerTypeDecisionSchema, JSON.parse(body), 'stored decision');
  }

  async delete(workerType: string): Promise<void> {
    this.items.delete(workerType);
  }
}

export class MemoryCapacityHistoryRepository implements CapacityHistoryRepository {
  /** Per worker type: time → point. */
  private readonly items = new Map<string, Map<string, CapacityHistoryPoint>>();

  async append(points: readonly HistoryPointRecord[]): Promise<number> {
    const valid = points.map(({ workerType, point }) => ({ workerType, point: parseOrThrow(CapacityHistoryPointSchema, point, 'capacity history point') }));
    for (const { workerType, point } of valid) {
      let ofType = this.items.get(workerType);
      if (!ofType) this.items.set(workerType, (ofType = new Map()));
      ofType.set(point.time, structuredClone(point));
    }
    return Math.ceil(valid.length / HISTORY_BATCH_SIZE);
  }

  async page(workerType: string, window: HistoryWindow): Promise<CapacityHistoryPage> {
    const limit = Math.min(window.limit ?? MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
    const oldest = new Date(Math.max(window.since.getTime(), window.now.getTime() - HISTORY_RETENTION_MS)).toISOString();
    const until = window.until.toISOString();
    const after = window.continuationToken ? decodeHistoryToken(window.continuationToken) : undefined;
    const inWindow = [...(this.items.get(workerType)?.values() ?? [])]
      .filter((p) => p.time >= oldest && p.time <= until && (after === undefined || p.time > after))
      .sort((a, b) => a.time.localeCompare(b.time));
    const points = inWindow.slice(0, limit).map((p) => structuredClone(p));
    // like a DynamoDB Query, a page cut by its limit carries a token, even when nothing follows
    const last = points.length === limit ? points[points.length - 1]?.time : undefined;
    return { workerType, points, ...(last === undefined ? {} : { continuationToken: encodeHistoryToken(last) }) };
  }
}

export class MemoryMarketRepository implements MarketRepository {
  private readonly items = new Map<string, MarketSnapshot>();

  async put(snapshot: MarketSnapshot): Promise<void> {
    const valid = parseOrThrow(MarketSnapshotSchema, snapshot, 'market snapshot');
    this.items.set(valid.region, structuredClone(valid));
  }

  async list(): Promise<MarketSnapshot[]> {
    return [...this.items.values()].map((m) => structuredClone(m)).sort((a, b) => a.region.localeCompare(b.region));
  }
}
