import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  WorkerTypeAlreadyExistsError,
  WorkerTypeDefinitionSchema,
  isInvalidRecord,
  isVersionConflict,
  isWorkerTypeAlreadyExists,
  isWorkerTypeNotFound,
  toWorkerTypeResponse,
  type WorkerTypeDefinitionInput,
  type WorkerTypeRepository,
} from '../src';
import { at, contractRepositories, fixture, IMPLEMENTATIONS, setUpTables, rejectionOf } from './support';


const t0 = at('2026-11-22T08:00:00.000Z');
const t1 = at('2026-11-22T08:05:00.000Z');


describe.each(IMPLEMENTATIONS)('WorkerTypes repository (%s)', (implementation) => {
  let workerTypes: WorkerTypeRepository;

  beforeAll(async () => {
    workerTypes = (await contractRepositories(implementation, 'workertypes')).workerTypes;
  });

  it('creates a worker type and reads back exactly the parsed definition', async () => {
    const { created, record } = await workerTypes.create('ci-linux-large', fixture('ci-linux-large'), t0);
    expect(created).toBe(true);
    expect(record).toEqual({
      workerType: 'ci-linux-large',
      definition: WorkerTypeDefinitionSchema.parse(fixture('ci-linux-large')),
      lastModified: t0.toISOString(),
      version: 1,
    });
    expect(await workerTypes.get('ci-linux-large')).toEqual(record);
  });

  it('round-trips nested launch specs, empty objects, empty arrays, nulls and fractions exactly', async () => {
    const definition: WorkerTypeDefinitionInput = {
      ...fixture('tiny-ondemand-ok'),
      launchSpec: { BlockDeviceMappings: [], Placement: {}, Nested: { deep: [{ a: [] }, { b: {} }], nil: null } },
      userData: { ratio: 0.1, flags: [true, false], text: '', big: 1e15 },
      scalingRatio: 0.3333,
    };
    const { record } = await workerTypes.create('nested', definition, t0);
    const read = await workerTypes.get('nested');
    expect(read).toEqual(record);
    expect(read!.definition.launchSpec).toEqual(definition.launchSpec);
    expect(read!.definition.userData).toEqual(definition.userData);
    expect(toWorkerTypeResponse(read!).availabilityZones).toEqual([]);
  });

  it('treats creating the same definition again as success and keeps the original record', async () => {
    const first = await workerTypes.create('same-twice', fixture('tiny-ondemand-ok'), t0);
    // keys in a different order are still the same definition
    const reordered = Object.fromEntries(Object.entries(fixture('tiny-ondemand-ok')).reverse()) as WorkerTypeDefinitionInput;
    const second = await workerTypes.create('same-twice', reordered, t1);
    expect(second).toEqual({ created: false, record: first.record });
  });

  it('refuses to create over a different definition with a typed error', async () => {
    await workerTypes.create('different', fixture('tiny-ondemand-ok'), t0);
    const error = await rejectionOf(workerTypes.create('different', { ...fixture('tiny-ondemand-ok'), maxCapacity: 11 }, t1));
    expect(isWorkerTypeAlreadyExists(error)).toBe(true);
    expect((error as WorkerTypeAlreadyExistsError).workerType).toBe('different');
    expect((await workerTypes.get('different'))!.definition.maxCapacity).toBe(10);
  });

  it('rejects an invalid definition before storing, listing every reason', async () => {
    const { owner: _owner, ...missingOwner } = fixture('tiny-ondemand-ok');
    const error = await rejectionOf(workerTypes.create('invalid', { ...missingOwner, maxPrice: 'lots' } as never, t0));
    expect(isInvalidRecord(error)).toBe(true);
    expect((error as { reasons: string[] }).reasons).toHaveLength(2);
    expect(await workerTypes.get('invalid')).toBeNull();
  });

  it('updates with a new lastModified and version', async () => {
    await workerTypes.create('updated', fixture('tiny-ondemand-ok'), t0);
    const updated = await workerTypes.update('updated', { ...fixture('tiny-ondemand-ok'), maxCapacity: 20 }, t1);
    expect(updated).toMatchObject({ version: 2, lastModified: t1.toISOString() });
    expect(updated.definition.maxCapacity).toBe(20);
    expect(await workerTypes.get('updated')).toEqual(updated);
  });

  it('loses a stale update with a conflict error instead of overwriting', async () => {
    const { record } = await workerTypes.create('contended', fixture('tiny-ondemand-ok'), t0);
    await workerTypes.update('contended', { ...fixture('tiny-ondemand-ok'), maxCapacity: 30 }, t1, {
      expectedVersion: record.version,
    });
    const error = await rejectionOf(
      workerTypes.update('contended', { ...fixture('tiny-ondemand-ok'), maxCapacity: 40 }, t1, {
        expectedVersion: record.version,
      }),
    );
    expect(isVersionConflict(error)).toBe(true);
    expect((await workerTypes.get('contended'))!.definition.maxCapacity).toBe(30);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const { record } = await workerTypes.create('race', fixture('tiny-ondemand-ok'), t0);
    const results = await Promise.allSettled(
      [50, 60].map((maxCapacity) =>
        workerTypes.update('race', { ...fixture('tiny-ondemand-ok'), maxCapacity }, t1, { expectedVersion: record.version }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(isVersionConflict((rejected[0] as PromiseRejectedResult).reason)).toBe(true);
  });

  it('lets exactly one of two concurrent creates with different definitions win', async () => {
    const results = await Promise.allSettled(
      [70, 80].map((maxCapacity) => workerTypes.create('create-race', { ...fixture('tiny-ondemand-ok'), maxCapacity }, t0)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.map((result) => isWorkerTypeAlreadyExists((result as PromiseRejectedResult).reason))).toEqual([true]);
  });

  it('refuses to update a worker type that does not exist', async () => {
    expect(isWorkerTypeNotFound(await rejectionOf(workerTypes.update('ghost', fixture('tiny-ondemand-ok'), t0)))).toBe(true);
    expect(
      isWorkerTypeNotFound(
        await rejectionOf(workerTypes.update('ghost', fixture('tiny-ondemand-ok'), t0, { expectedVersion: 1 })),
      ),
    ).toBe(true);
  });

  it("lists each worker type's capacity limits as its definition holds them", async () => {
    const own = (await contractRepositories(implementation, 'wtlimits')).workerTypes;
    await own.create('limits-b', { ...fixture('tiny-ondemand-ok'), minCapacity: 2, maxCapacity: 7 }, t0);
    await own.create('limits-a', fixture('ci-linux-large'), t0);
    expect(await own.listCapacityLimits()).toEqual([
      { workerType: 'limits-a', minCapacity: 2, maxCapacity: 200 },
      { workerType: 'limits-b', minCapacity: 2, maxCapacity: 7 },
    ]);
  });

  it('deletes idempotently', async () => {
    await workerTypes.create('doomed', fixture('tiny-ondemand-ok'), t0);
    expect(await workerTypes.delete('doomed')).toBe(true);
    expect(await workerTypes.get('doomed')).toBeNull();
    expect(await workerTypes.delete('doomed')).toBe(false);
  });
});

describe('WorkerTypes listing', () => {
  it('follows pagination past the first page', async () => {
    const pagedTables = await setUpTables('wtpaged');
    const paged = pagedTables.repos({ pageSize: 3 }).workerTypes;
    const names = Array.from({ length: 11 }, (_, index) => `paged-${String(index).padStart(2, '0')}`);
    await Promise.all(names.map((name) => paged.create(name, fixture('tiny-ondemand-ok'), t0)));
    const firstPage = await pagedTables.client.send(
      new ScanCommand({ TableName: `${pagedTables.prefix}WorkerTypes`, Limit: 3 }),
    );
    expect(firstPage.LastEvaluatedKey).toBeDefined(); // the engine really pages
    expect(await paged.listNames()).toEqual(names);
    const records = await paged.list();
    expect(records.map((record) => record.workerType)).toEqual(names);
    expect(records.every((record) => record.definition.maxCapacity === 10)).toBe(true);
    expect(await paged.listCapacityLimits()).toEqual(names.map((workerType) => ({ workerType, minCapacity: 0, maxCapacity: 10 })));
  });
});
