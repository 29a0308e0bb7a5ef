/**
 * A worker type's scale-down settings (its optional `scaleDown` definition field) with their
 * defaults filled in (the defaults are defined beside the field, in packages/model), and the two
 * sizes derived from them.
 */
import { DEFAULT_BOOT_MARGIN_PERCENT, DEFAULT_DRAIN_BUDGET_PERCENT, DEFAULT_LAUNCH_AHEAD_PERCENT, DEFAULT_MIN_IDLE_SECONDS } from '@spot-provisioner/model';

export interface ScaleDownSettings {
  enabled: boolean;
  minIdleSeconds: number;
  drainBudgetPercent: number;
  bootMarginPercent: number;
  launchAheadPercent: number;
}

/** The settings with defaults filled in; absent means off. */
export function scaleDownSettings(field: Partial<ScaleDownSettings> | undefined): ScaleDownSettings {
  return {
    enabled: field?.enabled === true,
    minIdleSeconds: field?.minIdleSeconds ?? DEFAULT_MIN_IDLE_SECONDS,
    drainBudgetPercent: field?.drainBudgetPercent ?? DEFAULT_DRAIN_BUDGET_PERCENT,
    bootMarginPercent: field?.bootMarginPercent ?? DEFAULT_BOOT_MARGIN_PERCENT,
    launchAheadPercent: field?.launchAheadPercent ?? DEFAULT_LAUNCH_AHEAD_PERCENT,
  };
}

/**
 * Capacity to launch beyond `pendingTasks`: with scale-down on and tasks pending, the larger of
 * bootMarginPercent of them and the forecast's launch-ahead (0 with scale-down off or none pending).
 */
export function bootMargin(settings: Pick<ScaleDownSettings, 'enabled' | 'bootMarginPercent'>, pendingTasks: number, launchAhead = 0): number {
  if (!settings.enabled || pendingTasks <= 0) return 0;
  return Math.max(Math.round((settings.bootMarginPercent / 100) * pendingTasks), launchAhead);
}

/** Instances that may be draining at once among `instances` running (never below one). */
export function drainBudget(settings: Pick<ScaleDownSettings, 'drainBudgetPercent'>, instances: number): number {
  return Math.max(1, Math.ceil((settings.drainBudgetPercent / 100) * instances - 1e-9));
}
