/**
 * A readable difference between two JSON values, one line per changed path:
 *   ~ maxCapacity: 10 → 20
 *   + regions[1]: {"region":"us-west-2",...}
 *   - availabilityZones[0]: {...}
 * Objects compare key by key; arrays index by index (definitions keep their order).
 */
export interface Change {
  readonly kind: '+' | '-' | '~';
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Values longer than this are shortened in diff lines; the path already says where to look. */
const MAX_VALUE_CHARS = 100;

export function diffValues(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const child = path ? `${path}.${key}` : key;
      if (!(key in after)) return [{ kind: '-' as const, path: child, before: before[key] }];
      if (!(key in before)) return [{ kind: '+' as const, path: child, after: after[key] }];
      return diffValues(before[key], after[key], child);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: Change[] = [];
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      const child = `${path}[${index}]`;
      if (index >= after.length) changes.push({ kind: '-', path: child, before: before[index] });
      else if (index >= before.length) changes.push({ kind: '+', path: child, after: after[index] });
      else changes.push(...diffValues(before[index], after[index], child));
    }
    return changes;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ kind: '~', path: path || '(whole)', before, after }];
}

/** Secret values are never printed: a diff may end up in a CI log. */
const SECRET_PATH = /(^|\.)secrets(\.|\[|$)/;

export function formatChange(change: Change): string {
  const secret = SECRET_PATH.test(change.path);
  const show = (value: unknown) => (secret ? '(secret)' : short(value));
  switch (change.kind) {
    case '+':
      return `+ ${change.path}: ${show(change.after)}`;
    case '-':
      return `- ${change.path}: ${show(change.before)}`;
    case '~':
      return secret ? `~ ${change.path}: (secret value changed)` : `~ ${change.path}: ${short(change.before)} → ${short(change.after)}`;
  }
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
