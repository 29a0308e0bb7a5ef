/** Small checks that collect problems instead of throwing at the first one. */
import { InvalidBiddingInputError } from './errors';

export type Problems = string[];

export function requireFinite(problems: Problems, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${name} must be a finite number, got ${String(value)}`);
}

export const isNonNegative = (value: number): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function requireNonNegative(problems: Problems, name: string, value: number): void {
  if (!isNonNegative(value)) {
    problems.push(`${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
}

export function requirePositive(problems: Problems, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    problems.push(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

export function throwIfAny(problems: Problems): void {
  if (problems.length > 0) throw new InvalidBiddingInputError(problems);
}
