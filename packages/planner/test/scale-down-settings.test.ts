import { bootMargin, drainBudget, scaleDownSettings } from '../src';

describe('scale-down settings', () => {
  it('are off when absent, with defaults for what a definition leaves out', () => {
    expect(scaleDownSettings(undefined)).toEqual({ enabled: false, minIdleSeconds: 30, drainBudgetPercent: 25, bootMarginPercent: 10, launchAheadPercent: 100 });
    expect(scaleDownSettings({ enabled: true, minIdleSeconds: 300, launchAheadPercent: 0 })).toEqual({
      enabled: true,
      minIdleSeconds: 300,
      drainBudgetPercent: 25,
      bootMarginPercent: 10,
      launchAheadPercent: 0,
    });
  });

  it('launch a boot margin beyond the pending tasks only with scale-down on', () => {
    expect(bootMargin({ enabled: true, bootMarginPercent: 10 }, 12)).toBe(1);
    expect(bootMargin({ enabled: true, bootMarginPercent: 10 }, 4)).toBe(0);
    expect(bootMargin({ enabled: true, bootMarginPercent: 25 }, 40)).toBe(10);
    expect(bootMargin({ enabled: false, bootMarginPercent: 25 }, 40)).toBe(0);
  });

  it('let at least one instance drain at once, and a share of the fleet beyond', () => {
    expect(drainBudget({ drainBudgetPercent: 25 }, 0)).toBe(1);
    expect(drainBudget({ drainBudgetPercent: 25 }, 4)).toBe(1);
    expect(drainBudget({ drainBudgetPercent: 25 }, 5)).toBe(2);
    expect(drainBudget({ drainBudgetPercent: 25 }, 100)).toBe(25);
    expect(drainBudget({ drainBudgetPercent: 100 }, 7)).toBe(7);
  });
});
