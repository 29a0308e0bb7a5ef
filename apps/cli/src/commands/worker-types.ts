/** `list`, `get` and `delete`: the worker types themselves. */
import { createInterface } from 'node:readline/promises';
import { isApiError, type ProvisionerApi } from '@spot-provisioner/api-client';
import { RefusedError, UsageError } from '../errors';
import { json, table, yaml, type Output } from '../output';

export async function listCommand(api: ProvisionerApi, options: { json: boolean }, output: Output): Promise<number> {
  const summaries = (await api.listWorkerTypeSummaries()).sort((a, b) => a.workerType.localeCompare(b.workerType));
  if (options.json) {
    output.out(json(summaries));
    return 0;
  }
  if (summaries.length === 0) {
    output.out('No worker types. Create one with: spot-provisioner apply -f <file|dir>\n');
    return 0;
  }
  output.out(
    table(
      ['WORKER TYPE', 'RUNNING', 'PENDING', 'REQUESTED', 'MIN', 'MAX'],
      summaries.map((s) => [s.workerType, s.runningCapacity, s.pendingCapacity, s.requestedCapacity, s.minCapacity, s.maxCapacity]),
    ),
  );
  return 0;
}

export type DocumentFormat = 'json' | 'yaml';

export function documentFormat(value: string): DocumentFormat {
  if (value === 'json' || value === 'yaml') return value;
  throw new UsageError(`-o must be json or yaml, got "${value}"`);
}

/** The stored definition with its name, in a form `apply -f` accepts back. */
export async function getCommand(api: ProvisionerApi, name: string, options: { format: DocumentFormat }, output: Output): Promise<number> {
  const stored = await api.workerType(name);
  output.out(options.format === 'json' ? json(stored) : yaml(stored));
  return 0;
}

export interface DeleteOptions {
  readonly yes: boolean;
  /** Asks the user; undefined when no terminal can answer. */
  readonly confirm: ((question: string) => Promise<boolean>) | undefined;
}

export async function deleteCommand(api: ProvisionerApi, name: string, options: DeleteOptions, output: Output): Promise<number> {
  try {
    await api.workerType(name);
  } catch (error) {
    if (isApiError(error, 404)) throw new RefusedError(`worker type ${name} does not exist`);
    throw error;
  }
  if (!options.yes) {
    if (!options.confirm) throw new RefusedError(`not deleting ${name}: no terminal to confirm on; pass --yes`);
    const confirmed = await options.confirm(`Delete worker type ${name}? Its instances will be terminated. [y/N] `);
    if (!confirmed) throw new RefusedError(`not deleting ${name}`);
  }
  await api.removeWorkerType(name);
  output.out(`deleted: ${name}\n`);
  return 0;
}

/** A y/N question on the terminal, when there is one. */
export function terminalConfirm(): DeleteOptions['confirm'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}
