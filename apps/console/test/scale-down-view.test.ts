import type { ScaleDownDecision } from '@spot-provisioner/model';
import { keptGroups, KEPT_LABELS } from '../src/scale-down-view';

const kept = (instanceId: string, reason: ScaleDownDecision['kept'][number]['reason'], detail: string) => ({ instanceId, region: 'us-east-1', reason, detail });

describe('scale-down explained', () => {
  it('groups the instances kept by reason, warm ones first, busy ones only counted', () => {
    const groups = keptGroups({
      idleCapacity: 3,
      keepWarmCapacity: 1,
      expectedArrivals: 1.2,
      bootSeconds: 180,
      budget: 2,
      explanation: '',
      actions: [],
      kept: [
        kept('i-1', 'busy', 'running a task'),
        kept('i-2', 'recently-idle', 'idle 40 s, under the 2 min minimum'),
        kept('i-3', 'busy', 'running a task'),
        kept('i-4', 'keep-warm', 'kept warm: 1.2 tasks expected over the next 3-minute boot'),
      ],
    });
    expect(groups.map((g) => [g.reason, g.label, g.count, g.instances.map((i) => i.instanceId)])).toEqual([
      ['keep-warm', 'Kept warm for expected tasks', 1, ['i-4']],
      ['recently-idle', 'Idle too briefly', 1, ['i-2']],
      ['busy', 'Running a task', 2, []],
    ]);
  });

  it('has words for every reason the daemon gives', () => {
    expect(Object.keys(KEPT_LABELS).sort()).toEqual(
      ['booting', 'budget', 'busy', 'keep-warm', 'min-capacity', 'no-forecast', 'pending-tasks', 'quarantined-elsewhere', 'recently-idle', 'settling', 'unknown'].sort(),
    );
  });
});
