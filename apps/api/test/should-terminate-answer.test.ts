import type { ScaleDownDecision, WorkerTypeDecision } from '@spot-provisioner/model';
import { shouldTerminate } from '../src/routes/should-terminate-answer';

const AT = '2026-11-23T10:00:00.000Z';

function decision(scaleDown?: Partial<ScaleDownDecision>, cleanup: WorkerTypeDecision['cleanup'] = []): WorkerTypeDecision {
  return {
    workerType: 'builder',
    decidedAt: AT,
    status: 'met',
    inputs: { pendingTasks: 0, runningCapacity: 3, pendingCapacity: 0, requestedCapacity: 0, scalingRatio: 0, minCapacity: 0, maxCapacity: 10, policy: 'classic' },
    capacity: { change: 0, unboundedChange: -3, bounded: null, headroom: 7, explanation: '' },
    rounds: [],
    unmet: null,
    cleanup,
    outcomes: [],
    notes: [],
    error: null,
    ...(scaleDown
      ? {
          scaleDown: {
            idleCapacity: 2,
            keepWarmCapacity: 0,
            expectedArrivals: 0.2,
            bootSeconds: 180,
            budget: 1,
            explanation: '',
            actions: [],
            kept: [],
            ...scaleDown,
          },
        }
      : {}),
  };
}

describe('should an instance terminate (from the last decision)', () => {
  const drain = decision({
    actions: [
      { instanceId: 'i-q', region: 'us-east-1', action: 'quarantine', capacity: 1, reason: 'idle 6 min, queue empty, 0.2 tasks expected over the next 3-minute boot' },
      { instanceId: 'i-l', region: 'us-east-1', action: 'lift', capacity: 1, reason: 'claimed a task since its quarantine: kept running, quarantine lifted' },
    ],
    kept: [{ instanceId: 'i-b', region: 'us-east-1', reason: 'busy', detail: 'running a task' }],
  });

  it('says yes for an instance being drained, with the drain reason', () => {
    expect(shouldTerminate(drain, 'i-q')).toEqual({
      terminate: true,
      reason: `scale-down is draining it: idle 6 min, queue empty, 0.2 tasks expected over the next 3-minute boot (decision of ${AT})`,
    });
  });

  it('says no for a kept, busy or called-off instance, saying why', () => {
    expect(shouldTerminate(drain, 'i-b')).toEqual({ terminate: false, reason: `kept (busy): running a task (decision of ${AT})` });
    expect(shouldTerminate(drain, 'i-l').terminate).toBe(false);
    expect(shouldTerminate(drain, 'i-unnamed').reason).toMatch(/does not name this instance/);
  });

  it('says yes for an instance cleanup terminates, no when scale-down is off or nothing was decided yet', () => {
    const zombie = decision(undefined, [{ action: 'terminate', id: 'i-z', region: 'us-east-1', reason: 'zombie', detail: 'the instance has run longer than the maximum instance life (96 h)' }]);
    expect(shouldTerminate(zombie, 'i-z').terminate).toBe(true);
    expect(shouldTerminate(zombie, 'i-other')).toEqual({
      terminate: false,
      reason: `scale-down is off for builder: instances stop by their own idle timeout (decision of ${AT})`,
    });
    expect(shouldTerminate(undefined, 'i-q')).toEqual({ terminate: false, reason: 'the provisioner has not decided about this worker type yet' });
  });
});
