/**
 * Common random numbers: every draw of the simulated world is tied to the entity it belongs to,
 * not to the order of calls. The n-th launch of a worker type boots in the same time and meets
 * the same interruption draw, and a task (per run) makes the same claim draw, whatever policy
 * runs and whatever else happened before; so two policies on one seed see the same world, and
 * their difference is the policies', not the noise's.
 *
 * Each entity gets its own stream, seeded by a hash of (seed, kind, key): independent across
 * entities, identical across runs.
 */
import { createRng, type Rng } from './random';

/** The draws of one launch. */
export interface LaunchDraws {
  /** Boot delay in whole seconds (≥ 1) from a lognormal with this median and log-space spread. */
  bootS(medianS: number, sigma: number): number;
  /**
   * A unit-mean exponential draw for the launch's interruption: with a pool's rate r per
   * instance-hour the instance is interrupted after `unitExponential × 3600 / r` seconds (a
   * memoryless clock that stays the same launch for launch when the rate changes).
   */
  readonly unitExponential: number;
  /** Seconds until interruption at `perHour`; undefined when the rate is 0. */
  interruptAfterS(perHour: number): number | undefined;
}

export class WorldDraws {
  constructor(readonly seed: number) {}

  /** The draws of the `ordinal`-th launch (0-based) of `workerType`. */
  launch(workerType: string, ordinal: number): LaunchDraws {
    const rng = this.stream('launch', workerType, ordinal);
    const normal = standardNormal(rng);
    const unitExponential = -Math.log(1 - rng.next());
    return {
      bootS: (medianS, sigma) => Math.max(1, Math.round(medianS * Math.exp(sigma * normal))),
      unitExponential,
      interruptAfterS: (perHour) => (perHour > 0 ? Math.round((unitExponential * 3600) / perHour) : undefined),
    };
  }

  /** A uniform draw in [0, 1) for the claim of task `taskId`'s run `run`: which free worker takes it. */
  claim(taskId: number, run: number): number {
    return this.stream('claim', taskId, run).next();
  }

  /** An independent stream for anything else (launch ids, tokens), named. */
  stream(kind: string, ...key: (string | number)[]): Rng {
    return createRng(hash32(`${this.seed}\u0000${kind}\u0000${key.join('\u0000')}`));
  }
}

function standardNormal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the logarithm finite
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A 32-bit string hash with good avalanche (FNV-1a, then a murmur3 finalizer). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
