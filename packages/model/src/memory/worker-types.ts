/** In-memory twin of the WorkerTypes table: same validation, idempotent create and optimistic locking. */
import { sameJson } from '../canonical';
import { VersionConflictError, WorkerTypeAlreadyExistsError, WorkerTypeNotFoundError } from '../errors';
import { parseOrThrow } from '../repositories/dynamo';
import {
  validateWorkerType,
  type WorkerTypeCapacityLimits,
  type WorkerTypeCreation,
  type WorkerTypeRepository,
} from '../repositories/worker-types';
import { WorkerTypeNameSchema } from '../schemas/identifiers';
import type { WorkerTypeDefinitionInput, WorkerTypeRecord } from '../schemas/worker-type';

export class MemoryWorkerTypeRepository implements WorkerTypeRepository {
  private readonly items = new Map<string, WorkerTypeRecord>();

  async create(workerType: string, definition: WorkerTypeDefinitionInput, now: Date): Promise<WorkerTypeCreation> {
    const record = validateWorkerType(workerType, definition, now, 1);
    const existing = this.items.get(workerType);
    if (!existing) {
      this.items.set(workerType, record);
      return { created: true, record: structuredClone(record) };
    }
    if (sameJson(existing.definition, record.definition)) return { created: false, record: structuredClone(existing) };
    throw new WorkerTypeAlreadyExistsError(workerType);
  }

  async update(
    workerType: string,
    definition: WorkerTypeDefinitionInput,
    now: Date,
    options: { expectedVersion?: number } = {},
  ): Promise<WorkerTypeRecord> {
    parseOrThrow(WorkerTypeNameSchema, workerType, 'worker type name');
    const current = this.items.get(workerType);
    const expectedVersion = options.expectedVersion ?? current?.version;
    if (expectedVersion === undefined) throw new WorkerTypeNotFoundError(workerType);
    const record = validateWorkerType(workerType, definition, now, expectedVersion + 1);
    if (!current) throw new WorkerTypeNotFoundError(workerType);
    if (current.version !== expectedVersion) throw new VersionConflictError(`worker type ${workerType}`, expectedVersion);
    this.items.set(workerType, record);
    return structuredClone(record);
  }

  async get(workerType: string): Promise<WorkerTypeRecord | null> {
    const record = this.items.get(workerType);
    return record ? structuredClone(record) : null;
  }

  async delete(workerType: string): Promise<boolean> {
    return this.items.delete(workerType);
  }

  async list(): Promise<WorkerTypeRecord[]> {
    return [...this.items.values()].map((r) => structuredClone(r)).sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async listNames(): Promise<string[]> {
    return [...this.items.keys()].sort();
  }

  async listCapacityLimits(): Promise<WorkerTypeCapacityLimits[]> {
    return (await this.list()).map(({ workerType, definition: { minCapacity, maxCapacity } }) => ({ workerType, minCapacity, maxCapacity }));
  }
}

