/**
 * Writers of what an iteration decided and saw, each skipping records unchanged since this
 * daemon last wrote them: the last decision per worker type and the market snapshot per region.
 */
import { canonicalJson, type DecisionRepository, type MarketRepository, type MarketSnapshot, type WorkerTypeDecision } from '@spot-provisioner/model';
import { decisionContent } from '@spot-provisioner/planner';
import type { Clock } from '../clock';
import { errorMessage } from '../error-message';
import { ChangeTracker } from './change-tracker';
import { mapLimited } from './concurrency';

/** An unchanged decision is rewritten this often, so `decidedAt` tells a reader the daemon still stands by it. */
export const DECISION_REFRESH_MS = 5 * 60_000;
/** Unchanged prices and zones are re-recorded this often, so a preview's `pricesAsOf` stays recent. */
export const MARKET_REFRESH_MS = 10 * 60_000;
/** DynamoDB writes in flight at once for decisions: fast for hundreds, far below table limits. */
export const DECISION_WRITE_CONCURRENCY = 16;

export class DecisionWriter {
  private readonly tracker: ChangeTracker;

  constructor(
    private readonly decisions: Pick<DecisionRepository, 'put'>,
    clock: Clock,
    refreshMs = DECISION_REFRESH_MS,
  ) {
    this.tracker = new ChangeTracker(clock, refreshMs);
  }

  /** Writes the changed decisions; resolves the errors (one per failed worker type). */
  async writeAll(decisions: readonly WorkerTypeDecision[]): Promise<string[]> {
    const errors: string[] = [];
    await mapLimited(decisions, DECISION_WRITE_CONCURRENCY, async (decision) => {
      const content = decisionContent(decision);
      if (!this.tracker.needsWrite(decision.workerType, content)) return;
      try {
        await this.decisions.put(decision);
        this.tracker.wrote(decision.workerType, content);
      } catch (err) {
        errors.push(`${decision.workerType}: writing decision: ${errorMessage(err)}`);
      }
    });
    return errors;
  }

  forget(workerType?: string): void {
    this.tracker.forget(workerType);
  }
}

export class MarketWriter {
  private readonly tracker: ChangeTracker;

  constructor(
    private readonly markets: Pick<MarketRepository, 'put'>,
    clock: Clock,
    refreshMs = MARKET_REFRESH_MS,
  ) {
    this.tracker = new ChangeTracker(clock, refreshMs);
  }

  async writeAll(snapshots: readonly MarketSnapshot[]): Promise<string[]> {
    const errors: string[] = [];
    await Promise.all(
      snapshots.map(async (snapshot) => {
        const { recordedAt: _recordedAt, ...rest } = snapshot;
        const content = canonicalJson(rest);
        if (!this.tracker.needsWrite(snapshot.region, content)) return;
        try {
          await this.markets.put(snapshot);
          this.tracker.wrote(snapshot.region, content);
        } catch (err) {
          errors.push(`${snapshot.region}: writing market snapshot: ${errorMessage(err)}`);
        }
      }),
    );
    return errors;
  }

  forget(): void {
    this.tracker.forget();
  }
}
