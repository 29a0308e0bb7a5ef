/** The demand policies by name, and the observation memory a caller keeps between iterations. */
import { InvalidBiddingInputError } from '../errors';
import { classicPolicy } from './classic';
import { lookaheadPolicy } from './lookahead';
import { DEFAULT_DEMAND_POLICY, type DemandObservation, type DemandPolicy, type DemandPolicyName } from './types';

export * from './types';
export { classicPolicy } from './classic';
export {
  lookaheadPolicy,
  lookaheadPolicyWith,
  estimateGrowth,
  DEFAULT_LOOKAHEAD_SETTINGS,
  LOOKAHEAD_BOOT_ESTIMATE_MS,
  LOOKAHEAD_WINDOW_MS,
  type LookaheadSettings,
  type LookaheadEstimates,
} from './lookahead';

/** One policy for each name a definition may give: the type makes the list exhaustive. */
const POLICIES: Readonly<Record<DemandPolicyName, DemandPolicy>> = { classic: classicPolicy, lookahead: lookaheadPolicy };

export function isDemandPolicyName(name: string): name is DemandPolicyName {
  return Object.hasOwn(POLICIES, name);
}

/** The named policy; absent means classic. */
export function demandPolicy(name: string | undefined): DemandPolicy {
  const chosen = name ?? DEFAULT_DEMAND_POLICY;
  if (!isDemandPolicyName(chosen)) {
    throw new InvalidBiddingInputError([`unknown policy ${JSON.stringify(chosen)}; allowed: ${Object.keys(POLICIES).join(', ')}`]);
  }
  return POLICIES[chosen];
}

/** Observations older than this are never consulted by any policy. */
export const DEMAND_HISTORY_MS = 60 * 60_000;

/**
 * The history with `observation` added: one entry per iteration (a re-plan at the same
 * instant replaces it), time going backwards starts afresh, entries past DEMAND_HISTORY_MS drop.
 */
export function rememberObservation(history: readonly DemandObservation[], observation: DemandObservation): DemandObservation[] {
  const last = history[history.length - 1];
  const kept = last && last.at > observation.at ? [] : history.filter((o) => o.at !== observation.at);
  return [...kept.filter((o) => o.at > observation.at - DEMAND_HISTORY_MS), observation];
}
