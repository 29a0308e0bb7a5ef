/**
 * The pools a plan reports as weighed (`options.consideredPools`): the best by score, best
 * first. Selected in linear time: a plan may weigh hundreds of pools and keeps only these.
 */
import { byScoreThenName } from './allocation';
import type { UsablePool } from './pools';

export function bestPools(pools: readonly UsablePool[], limit: number): UsablePool[] {
  if (limit <= 0) return [];
  if (pools.length <= limit) return [...pools].sort(byScoreThenName);
  const scores = new Float64Array(pools.length);
  for (let i = 0; i < pools.length; i++) scores[i] = (pools[i] as UsablePool).score;
  const threshold = kthSmallest(scores, limit - 1);
  const best: UsablePool[] = [];
  for (const pool of pools) if (pool.score <= threshold) best.push(pool);
  // ties at the threshold may add a few; the sort's name order decides which stay
  best.sort(byScoreThenName);
  if (best.length > limit) best.length = limit;
  return best;
}

/** The k-th smallest value (0-based) by quickselect; reorders `values`. */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
