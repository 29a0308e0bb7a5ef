import type { OwnedInstance, OwnedSpotRequest } from '../src/ec2/port';
import { decideCleanup, STALLED_REQUEST_AGE_MS } from '../src/iteration/cleanup';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

function instance(id: string, workerTypeTag: string | undefined, ageMs = 0): OwnedInstance {
  return {
    instanceId: id,
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    instanceType: 'm5.large',
    state: 'running',
    launchTime: NOW - ageMs,
    market: 'spot',
    imageId: 'ami-1',
    spotRequestId: undefined,
    clientToken: undefined,
    workerTypeTag,
  };
}

function request(id: string, workerTypeTag: string, state: string, statusCode: string, ageMs: number): OwnedSpotRequest {
  return {
    requestId: id,
    region: 'us-east-1',
    state,
    statusCode,
    createTime: NOW - ageMs,
    instanceType: 'm5.large',
    availabilityZone: 'us-east-1b',
    instanceId: undefined,
    workerTypeTag,
  };
}

const base = { provisionerId: 'prov', workerTypes: new Set(['live']), now: NOW, maxInstanceLifeMs: 96 * HOUR };

describe('cleanup decisions', () => {
  it('terminates instances of deleted worker types as rogues and old ones as zombies', () => {
    const decision = decideCleanup({
      ...base,
      instances: [instance('i-rogue', 'prov/gone'), instance('i-zombie', 'prov/live', 97 * HOUR), instance('i-young', 'prov/live', 95 * HOUR)],
      spotRequests: [],
    });
    expect(decision.terminate).toEqual([
      { region: 'us-east-1', instanceId: 'i-rogue', workerType: 'gone', reason: 'rogue' },
      { region: 'us-east-1', instanceId: 'i-zombie', workerType: 'live', reason: 'zombie' },
    ]);
  });

  it('never touches resources without this provisioner’s WorkerType tag', () => {
    const decision = decideCleanup({
      ...base,
      instances: [instance('i-untagged', undefined, 500 * HOUR), instance('i-other', 'other-prov/gone', 500 * HOUR)],
      spotRequests: [request('sir-other', 'other/gone', 'open', 'capacity-not-available', 0)],
    });
    expect(decision).toEqual({ terminate: [], cancel: [] });
  });

  it('cancels open requests stuck in a hopeless status or open too long, and leaves fresh ones', () => {
    const decision = decideCleanup({
      ...base,
      instances: [],
      spotRequests: [
        request('sir-price', 'prov/live', 'open', 'price-too-low', 60_000),
        request('sir-old', 'prov/live', 'open', 'pending-fulfillment', STALLED_REQUEST_AGE_MS + 1),
        request('sir-fresh', 'prov/live', 'open', 'pending-evaluation', STALLED_REQUEST_AGE_MS - 60_000),
        request('sir-active', 'prov/live', 'active', 'fulfilled', 10 * HOUR),
        request('sir-rogue', 'prov/gone', 'active', 'fulfilled', 0),
      ],
    });
    expect(decision.cancel.map((c) => [c.requestId, c.reason])).toEqual([
      ['sir-price', 'stalled'],
      ['sir-old', 'stalled'],
      ['sir-rogue', 'rogue'],
    ]);
    expect(decision.cancel[0]?.unavailablePool).toEqual({ availabilityZone: 'us-east-1b', instanceType: 'm5.large' });
    expect(decision.cancel[1]?.unavailablePool).toBeUndefined();
  });
});
