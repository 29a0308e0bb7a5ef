/** The figures of one run: how long tasks waited, what it cost, how much capacity sat idle. */
import type { FleetTotals } from './fleet';

export interface RunMetrics {
  tasks: number;
  tasksCompleted: number;
  /** Still queued when the run stopped; their waits count up to the stop. */
  tasksUnfinished: number;
  waitP50S: number;
  waitP95S: number;
  waitP99S: number;
  waitMaxS: number;
  costUsd: number;
  costPerTaskUsd: number;
  capacityHours: number;
  idleFraction: number;
  launches: number;
  /** Instances that booted and shut down without running a task, and their cost. */
  unusedInstances: number;
  unusedCostUsd: number;
  /** Shares of capacity-hours spent booting and idling before a worker shut itself down. */
  bootFraction: number;
  idleTailFraction: number;
  capacityRefusals: number;
  interruptions: number;
  /** Two-minute warnings EC2 sent through the interruption queue (0 without one). */
  warnings: number;
  tasksRequeued: number;
  simulatedS: number;
  /** Scale-down: workers quarantined to drain, drains called off (quarantine lifted), instances the daemon terminated. */
  drains: number;
  drainsCalledOff: number;
  daemonTerminations: number;
  /** Tasks running on an instance the daemon terminated: a drain must never do this (0 on every run). */
  tasksKilledByDrain: number;
  /** p95 wait and cost of each worker type. */
  byWorkerType: Record<string, { waitP95S: number; costUsd: number }>;
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(
  totals: FleetTotals,
  counts: {
    tasks: number;
    unfinished: number;
    launches: number;
    capacityRefusals: number;
    simulatedS: number;
    drains: number;
    drainsCalledOff: number;
    daemonTerminations: number;
    warnings?: number;
  },
): RunMetrics {
  const waits = [...totals.waits].sort((a, b) => a - b);
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  return {
    tasks: counts.tasks,
    tasksCompleted: totals.tasksCompleted,
    tasksUnfinished: counts.unfinished,
    waitP50S: round(percentile(waits, 50), 1),
    waitP95S: round(percentile(waits, 95), 1),
    waitP99S: round(percentile(waits, 99), 1),
    waitMaxS: round(percentile(waits, 100), 1),
    costUsd: round(totals.costUsd, 4),
    costPerTaskUsd: round(totals.tasksCompleted > 0 ? totals.costUsd / totals.tasksCompleted : 0, 5),
    capacityHours: round(totals.capacitySeconds / 3600, 2),
    idleFraction: round(totals.capacitySeconds > 0 ? 1 - totals.busySlotSeconds / totals.capacitySeconds : 0, 4),
    launches: counts.launches,
    unusedInstances: totals.unusedInstances,
    unusedCostUsd: round(totals.unusedCostUsd, 4),
    bootFraction: round(totals.capacitySeconds > 0 ? totals.bootSlotSeconds / totals.capacitySeconds : 0, 4),
    idleTailFraction: round(totals.capacitySeconds > 0 ? totals.idleTailSlotSeconds / totals.capacitySeconds : 0, 4),
    capacityRefusals: counts.capacityRefusals,
    interruptions: totals.interruptions,
    warnings: counts.warnings ?? 0,
    tasksRequeued: totals.tasksRequeued,
    simulatedS: counts.simulatedS,
    drains: counts.drains,
    drainsCalledOff: counts.drainsCalledOff,
    daemonTerminations: counts.daemonTerminations,
    tasksKilledByDrain: totals.tasksKilledByDaemon,
    byWorkerType: Object.fromEntries(
      [...totals.waitsByWorkerType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([workerType, list]) => [
        workerType,
        {
          waitP95S: round(percentile([...list].sort((a, b) => a - b), 95), 1),
          costUsd: round(totals.costByWorkerType.get(workerType) ?? 0, 4),
        },
      ]),
    ),
  };
}
