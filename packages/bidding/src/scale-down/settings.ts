/**
 * A worker type's scale-down settings (its optional `scaleDown` definition field) and their
 * defaults, defined once: the definition schema (packages/model), the drain decision
 * (packages/planner) and the documentation read them from here.
 */

/**
 * An instance idle for less than this is never drained: a few minutes of idle are common between
 * tasks of one push, and a drained instance's replacement bills through its own boot.
 */
export const DEFAULT_MIN_IDLE_SECONDS = 120;
/** Longest minIdleSeconds accepted: beyond an hour the workers' own idle timeout has long acted. */
export const MAX_MIN_IDLE_SECONDS = 3600;
/**
 * At most this share of a worker type's running instances is draining (quarantined, not yet
 * terminated) at once, at least one: Karpenter's disruption budget, so a queue that misreads
 * cannot empty a fleet in one iteration.
 */
export const DEFAULT_DRAIN_BUDGET_PERCENT = 25;

/**
 * With scale-down on, launch this share more than the pending tasks ask for (rounded): tasks
 * go to the first instances up, so a few more launches cut every task's wait to an earlier
 * boot of the spread, and scale-down drains the ones that come up to nothing within a minute
 * or so (without it they would idle until their own timeout). Measured on the simulator's days
 * (apps/simulator/README.md, "Scale-down").
 */
export const DEFAULT_BOOT_MARGIN_PERCENT = 10;

export interface ScaleDownSettings {
  enabled: boolean;
  minIdleSeconds: number;
  drainBudgetPercent: number;
  bootMarginPercent: number;
}

/** The settings with defaults filled in; absent means off. */
export function scaleDownSettings(field: Partial<ScaleDownSettings> | undefined): ScaleDownSettings {
  return {
    enabled: field?.enabled === true,
    minIdleSeconds: field?.minIdleSeconds ?? DEFAULT_MIN_IDLE_SECONDS,
    drainBudgetPercent: field?.drainBudgetPercent ?? DEFAULT_DRAIN_BUDGET_PERCENT,
    bootMarginPercent: field?.bootMarginPercent ?? DEFAULT_BOOT_MARGIN_PERCENT,
  };
}

/** Capacity to launch beyond `pendingTasks` (0 with scale-down off). */
export function bootMargin(settings: Pick<ScaleDownSettings, 'enabled' | 'bootMarginPercent'>, pendingTasks: number): number {
  return settings.enabled ? Math.round((settings.bootMarginPercent / 100) * pendingTasks) : 0;
}

/** Instances that may be draining at once among `instances` running (never below one). */
export function drainBudget(settings: Pick<ScaleDownSettings, 'drainBudgetPercent'>, instances: number): number {
  return Math.max(1, Math.ceil((settings.drainBudgetPercent / 100) * instances - 1e-9));
}
