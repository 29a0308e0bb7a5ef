/**
 * What DynamoDB can store exactly, checked before any write: JSON that parses may still
 * be refused by the marshaller (integers beyond ±2^53 lose digits, 1e400 parses to
 * Infinity, map keys may not be empty) or by the table (32 levels of nesting at most,
 * number magnitudes from 1e-130 to below 1e126).
 * Reasons name the JSON path of the value, never the value: it may be a secret.
 */
import type { z } from 'zod';

/**
 * Nesting levels a stored body may use, its own root object counting as one. DynamoDB
 * allows 32 levels per item; the item's attribute that holds the body takes one, and a
 * little room stays for the records that wrap a body (e.g. a snapshot of a definition).
 */
export const MAX_STORED_DEPTH = 28;

/** A value that cannot be stored: where (JSON path segments) and why. */
export interface UnstorableValue {
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/** Every value under `value` that cannot be stored exactly. */
export function unstorableValues(value: unknown): UnstorableValue[] {
  const found: UnstorableValue[] = [];
  // Iterative: a hostile body nested thousands of levels must not overflow the stack.
  const pending: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value, path: [], depth: 1 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next) break;
    const { value: current, path, depth } = next;
    if (typeof current === 'number') {
      const reason = unstorableNumberReason(current);
      if (reason) found.push({ path, reason });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth > MAX_STORED_DEPTH) {
      found.push({ path, reason: `nested deeper than ${MAX_STORED_DEPTH} levels (MAX_STORED_DEPTH), which cannot be stored` });
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((member, index) => pending.push({ value: member, path: [...path, index], depth: depth + 1 }));
      continue;
    }
    for (const [key, member] of Object.entries(current)) {
      if (key === '') found.push({ path: [...path, key], reason: 'an empty key cannot be stored' });
      else pending.push({ value: member, path: [...path, key], depth: depth + 1 });
    }
  }
  return found;
}

/**
 * DynamoDB's numbers: 38 significant digits, and magnitudes from 1e-130 up to (not including)
 * 1e126, or 0. A JS number is written with at most 17 significant digits, so only its
 * magnitude and, for integers, exactness (±2^53) can fail.
 */
export const MIN_STORED_MAGNITUDE = 1e-130;
export const MAX_STORED_MAGNITUDE_EXCLUSIVE = 1e126;

function unstorableNumberReason(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'a number too large to store (it parses as infinity)';
  const magnitude = Math.abs(value);
  if (magnitude >= MAX_STORED_MAGNITUDE_EXCLUSIVE) return 'a number too large to store: DynamoDB keeps magnitudes below 1e126';
  if (magnitude !== 0 && magnitude < MIN_STORED_MAGNITUDE) {
    return 'a number too small to store: DynamoDB keeps magnitudes from 1e-130 (or 0); send 0 or a string';
  }
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return 'an integer beyond ±2^53 (±9007199254740991) cannot be stored exactly; send it as a string';
  }
  return undefined;
}

/**
 * A zod superRefine adding one issue per unstorable value, at the value's path. Pass
 * `storableParams` along: the check then runs even when other fields failed, so a caller
 * learns every reason at once.
 */
export function addUnstorableIssues(value: unknown, ctx: z.RefinementCtx): void {
  for (const { path, reason } of unstorableValues(value)) ctx.addIssue({ code: 'custom', message: reason, path: [...path] });
}

export const storableParams = { when: () => true } as const;
