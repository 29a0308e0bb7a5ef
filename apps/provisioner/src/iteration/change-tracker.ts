/**
 * Remembers what this daemon last wrote per key, so an unchanged record is not rewritten:
 * an idle fleet of hundreds of worker types then costs no DynamoDB writes per iteration.
 * Unchanged records are still rewritten every `refreshMs`, so a table converges whatever
 * else touched it.
 */
import type { Clock } from '../clock';

export class ChangeTracker {
  private readonly written = new Map<string, { content: string; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly refreshMs: number,
  ) {}

  /** True when `content` differs from what was last written for `key`, or that write is due a refresh. */
  needsWrite(key: string, content: string): boolean {
    const last = this.written.get(key);
    return !last || last.content !== content || this.clock.now() - last.at >= this.refreshMs;
  }

  wrote(key: string, content: string): void {
    this.written.set(key, { content, at: this.clock.now() });
  }

  /** Forgets one key, or all (another daemon may have written since). */
  forget(key?: string): void {
    if (key === undefined) this.written.clear();
    else this.written.delete(key);
  }
}
