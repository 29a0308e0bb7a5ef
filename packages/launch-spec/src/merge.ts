import type { JsonObject } from './types';

/**
 * Merges objects deeply, later arguments overriding earlier ones, like lodash's `_.merge`
 * (which Taskcluster's provisioner used): plain objects merge key by key, recursively;
 * `undefined` never overrides; any other value (string, number, null) replaces.
 *
 * One deliberate difference: arrays are replaced whole, not merged index by index.
 * Index-wise merging turns a general `SecurityGroups: ['a', 'b']` and a region's `['c']`
 * into `['c', 'b']`, a list nobody wrote.
 *
 * Inputs are never mutated; the result shares no objects or arrays with them.
 */
export function deepMerge(...layers: readonly (JsonObject | undefined)[]): JsonObject {
  const result: JsonObject = {};
  for (const layer of layers) {
    if (layer) mergeInto(result, layer);
  }
  return result;
}

function mergeInto(target: JsonObject, source: JsonObject): void {
  for (const [key, value] of Object.entries(source)) {
    // `__proto__` would replace the result's prototype instead of adding a key.
    if (value === undefined || key === '__proto__') continue;
    const existing = target[key];
    if (isPlainObject(value)) {
      const base: JsonObject = isPlainObject(existing) ? existing : {};
      mergeInto(base, value);
      target[key] = base;
    } else {
      target[key] = cloneValue(value);
    }
  }
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) return deepMerge(value);
  return value;
}

export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
