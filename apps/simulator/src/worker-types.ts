/**
 * The simulated fleet's worker types: a directory of JSON files, each either
 * `{"workerType": name, "definition": {...}, "boot": {"medianS": s, "sigma": x}}` or a bare
 * worker type definition (named after its file, default boot).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SimulatedWorkerType } from './scenario';

export const BUNDLED_WORKER_TYPES_DIR = path.join(__dirname, '..', 'worker-types');

export function loadWorkerTypes(dir = BUNDLED_WORKER_TYPES_DIR): SimulatedWorkerType[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const value = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      if (typeof value.workerType === 'string' && value.definition && typeof value.definition === 'object') {
        return value as unknown as SimulatedWorkerType;
      }
      return { workerType: path.basename(file, '.json'), definition: value };
    });
}
