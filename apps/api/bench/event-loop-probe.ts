/**
 * Measures how long the event loop stays busy in one turn. A timer ticks every
 * TICK_MS; a late tick means something held the loop. On a shared machine a tick is also
 * late when the OS did not run the process at all, so each delay is also measured in the
 * CPU time the process used meanwhile: the loop was blocked for the smaller of the two.
 */
const TICK_MS = 2;

export interface EventLoopFigures {
  /** Longest delay of a tick in wall-clock time (includes time the OS ran other processes). */
  readonly maxWallMs: number;
  /** Longest delay of a tick counting only the CPU time this process used meanwhile. */
  readonly maxBlockedMs: number;
}

export function probeEventLoop(): { stop(): EventLoopFigures } {
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  let maxWallMs = 0;
  let maxBlockedMs = 0;
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const wallMs = wall - lastWall - TICK_MS;
    const cpuMs = (cpu.user + cpu.system) / 1000 - TICK_MS;
    maxWallMs = Math.max(maxWallMs, wallMs);
    maxBlockedMs = Math.max(maxBlockedMs, Math.min(wallMs, cpuMs));
    lastWall = wall;
    lastCpu = process.cpuUsage();
  }, TICK_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxWallMs, maxBlockedMs };
    },
  };
}
