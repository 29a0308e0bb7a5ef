import { cappedUnits, chosenPools, decisionStatus, FILTER_LABELS, formatPenalty, formatRate, interruptionItems, rejectionsByFilter, unmetSentence, weighedPools } from '../src/decision-view';
import { decision, launch } from './fixtures';

const example = (zone: string, reason: string) => ({ market: 'spot' as const, region: 'us-east-1', availabilityZone: zone, instanceType: 'm5.large', reason });

describe('the decision explained', () => {
  it('groups refused pools of every round by filter, in the order the filters run', () => {
    const d = decision({
      rounds: [
        {
          round: 0,
          launches: [],
          placedCapacity: 0,
          unmet: 2,
          rejected: [
            { filter: 'above-max-price', count: 2, summary: '2 pools cost more than maxPrice 0.1.', examples: [example('us-east-1a', 'price 0.2 > 0.1'), example('us-east-1b', 'price 0.3 > 0.1')] },
            { filter: 'no-price', count: 4, summary: 'no spot price is known for 4 pools', examples: [example('us-east-1c', 'no price')] },
          ],
        },
        {
          round: 1,
          launches: [],
          placedCapacity: 0,
          unmet: 2,
          rejected: [{ filter: 'recently-unavailable', count: 1, summary: '1 pool ran out of capacity recently', examples: [example('us-east-1d', 'InsufficientInstanceCapacity 2 min ago')] }, { filter: 'no-price', count: 4, summary: 'no spot price is known for 4 pools', examples: [] }],
        },
      ],
    });
    const groups = rejectionsByFilter(d);
    expect(groups.map((g) => g.filter)).toEqual(['recently-unavailable', 'no-price', 'above-max-price']);
    const noPrice = groups.find((g) => g.filter === 'no-price');
    expect(noPrice).toMatchObject({ count: 8, summaries: ['no spot price is known for 4 pools'], label: FILTER_LABELS['no-price'] });
    expect(groups.find((g) => g.filter === 'above-max-price')?.examples.map((e) => e.reason)).toEqual(['price 0.2 > 0.1', 'price 0.3 > 0.1']);
  });

  it('keeps at most the given number of examples per filter', () => {
    const many = Array.from({ length: 5 }, (_, i) => example(`us-east-1${'abcde'[i]}`, `r${i}`));
    const d = decision({ rounds: [0, 1].map((round) => ({ round, launches: [], placedCapacity: 0, unmet: 0, rejected: [{ filter: 'no-price' as const, count: 5, summary: 's', examples: many }] })) });
    expect(rejectionsByFilter(d, 3)[0]?.examples).toHaveLength(3);
  });

  it('lists chosen pools cheapest per unit of utility first, re-plans included', () => {
    const d = decision({
      rounds: [
        { round: 0, launches: [launch('us-east-1a', 'm5.large', 0.05, 1), launch('us-east-1b', 'c5.xlarge', 0.06, 1.5)], placedCapacity: 2, unmet: 0, rejected: [] },
        { round: 1, launches: [launch('us-west-2a', 'm5.large', 0.03, 1)], placedCapacity: 1, unmet: 0, rejected: [] },
      ],
    });
    expect(chosenPools(d).map((p) => `${p.round}:${p.availabilityZone}`)).toEqual(['1:us-west-2a', '0:us-east-1b', '0:us-east-1a']);
  });

  it('says in one sentence what is unmet, failed, placed or not needed', () => {
    expect(unmetSentence(decision({ status: 'unmet', unmet: { capacity: 2, reason: 'every pool is above maxPrice 0.1.' } }))).toBe(
      '2 units of capacity unmet: every pool is above maxPrice 0.1.',
    );
    expect(unmetSentence(decision({ status: 'error', error: 'the queue answered 503' }))).toBe('This iteration failed for the worker type: the queue answered 503.');
    expect(unmetSentence(decision())).toBe('All 3 units of capacity needed were placed.');
    expect(unmetSentence(decision({ capacity: { change: 0, unboundedChange: 0, bounded: null, headroom: 10, explanation: '' } }))).toBe('No capacity was needed.');
    const atMax = decision({ status: 'capped', capacity: { change: 0, unboundedChange: 3, bounded: 'max', headroom: 0, explanation: '' } });
    expect(unmetSentence(atMax)).toBe('At maxCapacity 10: 3 more units wanted by pending tasks may not be added. Raise maxCapacity to place them.');
  });

  it('counts the capacity a cap keeps out: what tasks want beyond what may still be added', () => {
    expect(cappedUnits(decision({ status: 'capped', capacity: { change: 2, unboundedChange: 9, bounded: 'max', headroom: 2, explanation: '' } }))).toBe(7);
    // maxCapacity lowered under what runs: the change is negative, the tasks' whole ask is kept out
    expect(cappedUnits(decision({ status: 'capped', capacity: { change: -2, unboundedChange: 4, bounded: 'max', headroom: 0, explanation: '' } }))).toBe(4);
  });

  it('labels the overview status with its tone and reason', () => {
    expect(decisionStatus(null)).toMatchObject({ label: 'no decision yet', tone: 'none' });
    expect(decisionStatus(decision())).toMatchObject({ label: 'met', tone: 'ok' });
    const capped = decision({ status: 'capped', capacity: { change: 1, unboundedChange: 6, bounded: 'max', headroom: 1, explanation: '' } });
    expect(decisionStatus(capped)).toEqual({
      label: 'capped',
      tone: 'capped',
      detail: 'At maxCapacity 10: 5 more units wanted by pending tasks may not be added. Raise maxCapacity to place them.',
    });
    expect(decisionStatus(decision({ status: 'unmet', unmet: { capacity: 4, reason: 'no AMI' } }))).toEqual({ label: 'unmet 4', tone: 'warn', detail: 'no AMI' });
    expect(decisionStatus(decision({ status: 'error', error: 'EC2 said no' }))).toEqual({ label: 'error', tone: 'bad', detail: 'EC2 said no' });
  });

  it('shows the weighed pools with their learned rate and penalty, and none when placement was by price alone', () => {
    const pool = (zone: string, interruptionRate: number | null) => ({
      market: 'spot' as const,
      region: 'us-east-1',
      availabilityZone: zone,
      instanceType: 'm5.large',
      price: 0.05,
      pricePerUtility: 0.05,
      interruptionRate,
      riskPenalty: interruptionRate ?? 0,
      score: 0.05 * (1 + (interruptionRate ?? 0)),
      launches: 0,
    });
    const round = { round: 0, launches: [], placedCapacity: 0, unmet: 0, rejected: [] };
    const learned = decision({ rounds: [{ ...round, pools: [pool('us-east-1b', 0.002), pool('us-east-1a', 0.25)] }] });
    expect(weighedPools(learned).map((p) => [p.availabilityZone, formatRate(p.interruptionRate), formatPenalty(p.riskPenalty)])).toEqual([
      ['us-east-1b', '0.002/h', '+0.2%'],
      ['us-east-1a', '0.25/h', '+25.0%'],
    ]);
    expect(weighedPools(decision({ rounds: [{ ...round, pools: [pool('us-east-1a', null)] }] }))).toEqual([]);
    expect(weighedPools(decision())).toEqual([]);
  });

  it('lists the interruptions heard, one line each', () => {
    const d = decision({
      interruptions: [
        { instanceId: 'i-0a', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', kind: 'spot-interruption', at: '2026-11-22T11:59:00.000Z', effect: 'capacity-gone' },
        { instanceId: 'i-0b', region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large', kind: 'rebalance-recommendation', at: '2026-11-22T11:59:00.000Z', effect: 'recorded' },
      ],
    });
    expect(interruptionItems(d).map((i) => i.text)).toEqual([
      'spot interruption: i-0a, m5.large in us-east-1a, counted as gone and replaced',
      'rebalance recommendation: i-0b, m5.large in us-east-1b, recorded only',
    ]);
    expect(interruptionItems(decision())).toEqual([]);
  });
});
