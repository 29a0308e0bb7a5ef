/**
 * Task traces: one JSON object per line, `{"t": seconds, "workerType": name, "durationS": seconds}`,
 * `t` counted from the start of the run. Blank lines and lines starting with `#` are ignored.
 */
export interface TraceTask {
  t: number;
  workerType: string;
  durationS: number;
}

export class TraceError extends Error {
  override readonly name = 'TraceError';
}

export function parseTrace(text: string): TraceTask[] {
  const tasks: TraceTask[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1}: not JSON`);
      return;
    }
    const { t, workerType, durationS } = (value ?? {}) as Record<string, unknown>;
    if (typeof t !== 'number' || !(t >= 0)) problems.push(`line ${index + 1}: t must be a number ≥ 0`);
    else if (typeof workerType !== 'string' || workerType === '') problems.push(`line ${index + 1}: workerType must be a name`);
    else if (typeof durationS !== 'number' || !(durationS > 0)) problems.push(`line ${index + 1}: durationS must be a number > 0`);
    else tasks.push({ t, workerType, durationS });
  });
  if (problems.length > 0) throw new TraceError(`invalid trace: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}`);
  return tasks.sort((a, b) => a.t - b.t);
}

export function formatTrace(tasks: readonly TraceTask[]): string {
  return tasks.map((task) => JSON.stringify({ t: task.t, workerType: task.workerType, durationS: task.durationS })).join('\n') + '\n';
}
