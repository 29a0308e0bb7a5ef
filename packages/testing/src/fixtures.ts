/**
 * The repository's sample data, stored once in `data/` at its root (the same files as the
 * project's shared data): realistic worker types and a recorded spot price history. Tests,
 * benchmarks and the simulator read them from there; each read is a fresh copy to change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `data/` at the repository's root. */
export const DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'data');

/** ci-linux-large: 3 types in 2 regions and 3 zones, limits and prices set; tiny-ondemand-ok: m5.large in us-west-2, on-demand allowed. */
export type WorkerTypeSample = 'ci-linux-large' | 'tiny-ondemand-ok';
/** five-regions: 5 regions, 16 instance types, uneven zones, on-demand list prices. */
export type SpotPriceSample = 'five-regions';

export function workerTypeSamplePath(name: WorkerTypeSample): string {
  return path.join(DATA_DIR, 'worker-types', `${name}.json`);
}

export function spotPriceSamplePath(name: SpotPriceSample): string {
  return path.join(DATA_DIR, 'spot-prices', `${name}.json`);
}

/** A sample definition, typed as the caller reads it (the model's input type, a cascade, ...). */
export function workerTypeSample<T = Record<string, unknown>>(name: WorkerTypeSample): T {
  return readJson<T>(workerTypeSamplePath(name));
}

/** A recorded spot price history: `{ description, regions, onDemand, SpotPriceHistory }`. */
export function spotPriceSample<T = Record<string, unknown>>(name: SpotPriceSample): T {
  return readJson<T>(spotPriceSamplePath(name));
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
