/**
 * Worker-type definitions on disk: one JSON or YAML file each, a file or a directory of them.
 * The name is the file's `workerType` field, else its base name. `workerType` and
 * `lastModified` (what `get` prints) are dropped from the body, so `get` output applies back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './errors';

const DEFINITION_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

export type LoadedDefinition =
  | { readonly file: string; readonly name: string; readonly body: Record<string, unknown>; readonly problem?: undefined }
  | { readonly file: string; readonly name: string; readonly body?: undefined; readonly problem: string };

/** The definition files a -f argument names, sorted; a missing path or an empty directory is a usage error. */
export function definitionFiles(target: string): string[] {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    throw new UsageError(`-f ${target}: no such file or directory`);
  }
  if (!stats.isDirectory()) return [target];
  const files = readdirSync(target)
    .filter((entry) => DEFINITION_EXTENSIONS.has(path.extname(entry).toLowerCase()))
    .sort()
    .map((entry) => path.join(target, entry));
  if (files.length === 0) throw new UsageError(`-f ${target}: the directory holds no .json, .yaml or .yml file`);
  return files;
}

export function loadDefinition(file: string): LoadedDefinition {
  const fallbackName = path.basename(file, path.extname(file));
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    parsed = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { file, name: fallbackName, problem: `cannot read ${file}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { file, name: fallbackName, problem: `${file} must hold one worker-type definition (an object)` };
  }
  const { workerType, lastModified: _lastModified, ...body } = parsed as Record<string, unknown>;
  if (workerType !== undefined && typeof workerType !== 'string') {
    return { file, name: fallbackName, problem: 'workerType must be a string' };
  }
  return { file, name: workerType ?? fallbackName, body };
}

/**
 * A definition as the API stores it (defaults filled), to compare like with like; the raw
 * body if it does not parse. The model is loaded here only: it brings the DynamoDB SDK, a
 * second of start-up that the read commands should not pay.
 */
export async function normalizedDefinition(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { WorkerTypeDefinitionSchema } = await import('@spot-provisioner/model');
  const { workerType: _name, lastModified: _lastModified, ...definition } = body;
  const parsed = WorkerTypeDefinitionSchema.safeParse(definition);
  return parsed.success ? (parsed.data as Record<string, unknown>) : definition;
}
