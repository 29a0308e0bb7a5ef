/** Counts EC2 calls by operation and outcome, for metrics and the benchmark. */

export type CallOutcome = 'success' | string;

export type CallListener = (operation: string, outcome: CallOutcome, durationMs: number) => void;

export class Ec2CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly listeners: CallListener[] = [];

  record(operation: string, outcome: CallOutcome, durationMs: number): void {
    const key = `${operation}\u0000${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    for (const listener of this.listeners) listener(operation, outcome, durationMs);
  }

  onCall(listener: CallListener): void {
    this.listeners.push(listener);
  }

  /** Total calls, optionally only of one operation. */
  total(operation?: string): number {
    let sum = 0;
    for (const [key, count] of this.counts) {
      if (operation === undefined || key.startsWith(`${operation}\u0000`)) sum += count;
    }
    return sum;
  }

  /** `{ "DescribeInstances/success": 2, ... }` */
  byOperation(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, count] of [...this.counts].sort()) out[key.replace('\u0000', '/')] = count;
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
