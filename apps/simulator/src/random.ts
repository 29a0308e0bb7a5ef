/** Seeded draws: every random choice in a run comes from one seed, so the same seed gives the same run. */
import { seededRandom } from '@spot-provisioner/bidding';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Lognormal with the given median and log-space standard deviation (a long right tail). */
  lognormal(median: number, sigma: number): number;
  /** Poisson count with the given mean. */
  poisson(mean: number): number;
}

export function createRng(seed: number): Rng {
  const uniform = seededRandom(seed);
  const normal = (): number => {
    // Box–Muller; 1 − u keeps the logarithm finite
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next: uniform,
    exponential: (mean) => -Math.log(1 - uniform()) * mean,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(mean) {
      if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let count = 0;
      for (let product = uniform(); product > limit; product *= uniform()) count++;
      return count;
    },
  };
}

/** Taskcluster-shaped slugids from the seeded source (the daemon's launch ids and tokens). */
export function seededSlugids(rng: Rng): () => string {
  return () => {
    const bytes = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rng.next() * 256);
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // variant
    bytes[0] = (bytes[0] as number) & 0x7f; // slugid.nice: never starts with '-'
    return bytes.toString('base64url');
  };
}
