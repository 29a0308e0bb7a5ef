/**
 * `apply -f <file|dir>`: makes the API hold each definition. Shows what changes against the
 * stored one first, skips definitions already stored (idempotent: lastModified stays), and
 * prints one result line per file. Any failure makes the exit code 1, after every file was tried.
 */
import { isApiError, type ProvisionerApi } from '@spot-provisioner/api-client';
import { definitionFiles, loadDefinition, normalizedDefinition, type LoadedDefinition } from '../definitions';
import { diffValues, formatChange } from '../diff';
import { errorMessage } from '../errors';
import { json, type Output } from '../output';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'would create' | 'would update' | 'failed';

export interface ApplyResult {
  readonly file: string;
  readonly workerType: string;
  readonly outcome: ApplyOutcome;
  /** Readable change lines (secret values masked). */
  readonly changes: readonly string[];
  readonly error?: { code: string; message: string; reasons: readonly string[] };
}

export interface ApplyOptions {
  readonly file: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export async function applyCommand(api: ProvisionerApi, options: ApplyOptions, output: Output): Promise<number> {
  const results: ApplyResult[] = [];
  for (const file of definitionFiles(options.file)) {
    const result = await applyOne(api, loadDefinition(file), options.dryRun);
    results.push(result);
    if (!options.json) output.out(describe(result));
  }
  const failed = results.filter((r) => r.outcome === 'failed').length;
  if (options.json) output.out(json(results));
  else if (results.length > 1) output.out(summary(results, failed));
  return failed > 0 ? 1 : 0;
}

async function applyOne(api: ProvisionerApi, loaded: LoadedDefinition, dryRun: boolean): Promise<ApplyResult> {
  const base = { file: loaded.file, workerType: loaded.name };
  if (loaded.problem !== undefined) return { ...base, outcome: 'failed', changes: [], error: { code: 'InvalidFile', message: loaded.problem, reasons: [] } };
  try {
    const stored = await storedDefinition(api, loaded.name);
    if (!stored) {
      if (dryRun) return { ...base, outcome: 'would create', changes: [] };
      await api.createWorkerType(loaded.name, loaded.body);
      return { ...base, outcome: 'created', changes: [] };
    }
    const changes = diffValues(await normalizedDefinition(stored), await normalizedDefinition(loaded.body)).map(formatChange);
    if (changes.length === 0) return { ...base, outcome: 'unchanged', changes };
    if (dryRun) return { ...base, outcome: 'would update', changes };
    await api.updateWorkerType(loaded.name, loaded.body);
    return { ...base, outcome: 'updated', changes };
  } catch (error) {
    return { ...base, outcome: 'failed', changes: [], error: asErrorBody(error) };
  }
}

async function storedDefinition(api: ProvisionerApi, name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await api.workerType(name)) as unknown as Record<string, unknown>;
  } catch (error) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}

function asErrorBody(error: unknown): NonNullable<ApplyResult['error']> {
  if (isApiError(error)) return { code: error.code, message: error.message, reasons: error.reasons };
  return { code: 'Error', message: errorMessage(error), reasons: [] };
}

function describe(result: ApplyResult): string {
  const where = `${result.workerType} (${result.file})`;
  const lines = result.error
    ? [`failed: ${where}: ${result.error.code}: ${result.error.message}`, ...result.error.reasons.map((reason) => `    - ${reason}`)]
    : [`${result.outcome}: ${where}`];
  lines.push(...result.changes.map((change) => `    ${change}`));
  return `${lines.join('\n')}\n`;
}

function summary(results: readonly ApplyResult[], failed: number): string {
  const counts = new Map<ApplyOutcome, number>();
  for (const { outcome } of results) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, count]) => `${count} ${outcome}`);
  return `${results.length} definitions: ${parts.join(', ')}${failed > 0 ? ' (exit code 1)' : ''}\n`;
}
