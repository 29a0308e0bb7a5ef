/** In-memory twin of the Launches table: records expire on read after LAUNCH_TTL_MS. */
import { parseOrThrow, withoutUndefined } from '../repositories/dynamo';
import { LAUNCH_TTL_MS, type LaunchIds, type LaunchRepository } from '../repositories/launches';
import { NewLaunchSchema, type LaunchRecord, type NewLaunch } from '../schemas/launch';

export class MemoryLaunchRepository implements LaunchRepository {
  /** Keyed by workerType, then launchId. */
  private readonly items = new Map<string, Map<string, LaunchRecord>>();

  async record(launch: NewLaunch, now: Date): Promise<LaunchRecord> {
    const valid = parseOrThrow(NewLaunchSchema, launch, 'launch');
    const record: LaunchRecord = withoutUndefined({
      ...valid,
      submittedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LAUNCH_TTL_MS).toISOString(),
    });
    let ofType = this.items.get(record.workerType);
    if (!ofType) this.items.set(record.workerType, (ofType = new Map()));
    ofType.set(record.launchId, structuredClone(record));
    return record;
  }

  async attachIds(workerType: string, launchId: string, ids: LaunchIds): Promise<LaunchRecord | null> {
    if (!ids.instanceIds && !ids.spotRequestIds) throw new RangeError('attachIds needs instanceIds or spotRequestIds');
    const stored = this.items.get(workerType)?.get(launchId);
    if (!stored) return null;
    if (ids.instanceIds) stored.instanceIds = [...ids.instanceIds];
    if (ids.spotRequestIds) stored.spotRequestIds = [...ids.spotRequestIds];
    return structuredClone(stored);
  }

  async listByWorkerType(workerType: string, now: Date): Promise<LaunchRecord[]> {
    return live([...(this.items.get(workerType)?.values() ?? [])], now);
  }

  async listAll(now: Date): Promise<LaunchRecord[]> {
    return live([...this.items.values()].flatMap((ofType) => [...ofType.values()]), now);
  }

  async remove(workerType: string, launchId: string): Promise<boolean> {
    return this.items.get(workerType)?.delete(launchId) ?? false;
  }
}

function live(records: LaunchRecord[], now: Date): LaunchRecord[] {
  return records
    .filter((launch) => Date.parse(launch.expiresAt) > now.getTime())
    .map((launch) => structuredClone(launch))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.launchId.localeCompare(b.launchId));
}
