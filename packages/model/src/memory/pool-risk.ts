/** In-memory twin of the PoolRisk table: the same changes through applyPoolRiskChange. */
import { applyPoolRiskChange, type PoolRiskRepository } from '../repositories/pool-risk';
import { poolRiskKey, type PoolId, type PoolRisk } from '../schemas/pool-risk';

export class MemoryPoolRiskRepository implements PoolRiskRepository {
  private readonly items = new Map<string, PoolRisk>();

  async list(): Promise<PoolRisk[]> {
    return [...this.items.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, record]) => structuredClone(record));
  }

  async get(pool: PoolId): Promise<PoolRisk | null> {
    const record = this.items.get(poolRiskKey(pool));
    return record ? structuredClone(record) : null;
  }

  async recordInterruption(pool: PoolId, at: Date): Promise<PoolRisk> {
    return this.change(pool, applyPoolRiskChange(pool, await this.get(pool), { kind: 'interruption' }, at));
  }

  async addExposure(pool: PoolId, instanceHours: number, at: Date): Promise<PoolRisk> {
    return this.change(pool, applyPoolRiskChange(pool, await this.get(pool), { kind: 'exposure', instanceHours }, at));
  }

  private change(pool: PoolId, next: PoolRisk): PoolRisk {
    this.items.set(poolRiskKey(pool), structuredClone(next));
    return structuredClone(next);
  }
}
