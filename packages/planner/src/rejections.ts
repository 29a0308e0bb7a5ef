/**
 * Rejected pools, summarised for a decision: grouped by the bidding filter that refused
 * them, in the filters' order, with a count and a bounded list of examples (a decision must
 * fit one DynamoDB item however many pools a worker type spans).
 */
import { PLACEMENT_FILTER_ORDER, type FilterName, type Rejection } from '@spot-provisioner/bidding';
// the schema module alone: the model's index would load the AWS SDK into this pure package
import { MAX_REJECTION_EXAMPLES, type RejectionGroup } from '@spot-provisioner/model/decision';

const pools = (count: number) => `${count} ${count === 1 ? 'pool' : 'pools'}`;

/** One sentence per filter about `count` pools it refused. */
const SUMMARIES: Record<FilterName, (count: number) => string> = {
  'region-not-managed': (n) => `${pools(n)} lie in regions this provisioner does not manage`,
  'zone-unknown': (n) => `${pools(n)} lie in regions whose availability zones are unknown this iteration`,
  'zone-not-configured': (n) => `${pools(n)} lie in zones the worker type does not list`,
  'zone-not-available': (n) => `${pools(n)} lie in zones EC2 does not report available`,
  'recently-unavailable': (n) => `${pools(n)} recently refused launches for lack of capacity`,
  'rebalance-recommended': (n) => `EC2 recently recommended rebalancing away from ${pools(n)}`,
  'no-price': (n) => `no price is known for ${pools(n)}`,
  'above-max-price': (n) => `${pools(n)} cost more per utility than the worker type's maxPrice`,
  'above-ceiling': (n) => `${pools(n)} would need a max price above the hard ceiling`,
};

export function groupRejections(rejections: readonly Rejection[]): RejectionGroup[] {
  const byFilter = new Map<FilterName, Rejection[]>();
  for (const rejection of rejections) {
    const group = byFilter.get(rejection.filter);
    if (group) group.push(rejection);
    else byFilter.set(rejection.filter, [rejection]);
  }
  return PLACEMENT_FILTER_ORDER.flatMap((filter) => {
    const group = byFilter.get(filter);
    if (!group) return [];
    return [
      {
        filter,
        count: group.length,
        summary: SUMMARIES[filter](group.length),
        examples: group.slice(0, MAX_REJECTION_EXAMPLES).map(({ market, region, availabilityZone, instanceType, reason }) => ({
          market,
          region,
          availabilityZone,
          instanceType,
          reason,
        })),
      },
    ];
  });
}

/** "spot m5.large in us-east-1a": how pools are named in sentences. */
export function poolName(pool: { market: string; instanceType: string; region: string; availabilityZone: string | null }): string {
  return `${pool.market} ${pool.instanceType} in ${pool.availabilityZone ?? pool.region}`;
}

/** Pools named per group in an unmet reason: enough to act on, short enough to read. */
const POOLS_NAMED_PER_FILTER = 3;

/** "filter refused N pools (a, b, c, …)" for each group. */
export function describeGroups(groups: readonly RejectionGroup[]): string[] {
  return groups.map((group) => {
    const named = group.examples.slice(0, POOLS_NAMED_PER_FILTER).map(poolName);
    const more = group.count > named.length ? `, and ${group.count - named.length} more` : '';
    return `${group.filter} refused ${pools(group.count)} (${named.join(', ')}${more})`;
  });
}
