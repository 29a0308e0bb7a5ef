/**
 * Writes each iteration's capacity history points behind the iteration: the write starts in
 * the record phase and overlaps the wait for the next iteration, so a slow table never delays
 * launches (nor counts against an iteration's deadline). At most one write is in flight: the
 * next iteration waits for it before starting its own, and reports its errors.
 */
import type { CapacityHistoryRepository, HistoryPointRecord } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import { errorMessage } from '../error-message';

export class HistoryRecorder {
  private inFlight: Promise<string[]> = Promise.resolve([]);

  constructor(
    private readonly history: Pick<CapacityHistoryRepository, 'append'>,
    private readonly logger: Logger,
  ) {}

  /** Starts writing `points` once the previous write is done; resolves the previous write's errors. */
  async record(points: readonly HistoryPointRecord[]): Promise<string[]> {
    const previous = await this.inFlight;
    this.inFlight = this.write(points);
    return previous;
  }

  /** The write in flight, finished (tests read history after it; shutdown waits for it). */
  async flush(): Promise<string[]> {
    const errors = await this.inFlight;
    this.inFlight = Promise.resolve([]);
    return errors;
  }

  private async write(points: readonly HistoryPointRecord[]): Promise<string[]> {
    try {
      await this.history.append(points);
      return [];
    } catch (err) {
      this.logger.error({ err: errorMessage(err), points: points.length }, 'writing capacity history failed');
      return [`writing capacity history: ${errorMessage(err)}`];
    }
  }
}
