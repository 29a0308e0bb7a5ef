import { LAUNCH_TTL_MS, isInvalidRecord, type LaunchRepository, type NewLaunch } from '../src';
import { contractRepositories, IMPLEMENTATIONS, slugid, rejectionOf, T0 } from './support';


const t0 = T0;

function launch(workerType: string, overrides: Partial<NewLaunch> = {}): NewLaunch {
  return {
    workerType,
    launchId: slugid(),
    region: 'us-east-1',
    zone: 'us-east-1a',
    instanceType: 'c5.2xlarge',
    capacity: 2,
    market: 'spot',
    clientToken: slugid(),
    ...overrides,
  };
}

describe.each(IMPLEMENTATIONS)('Launches repository (%s)', (implementation) => {
  let launches: LaunchRepository;

  beforeAll(async () => {
    launches = (await contractRepositories(implementation, 'launches', { pageSize: 2 })).launches;
  });

  it('records a launch with its submission time and a 15 minute expiry', async () => {
    const input = launch('recorded', { market: 'on-demand' });
    const record = await launches.record(input, t0);
    expect(record).toEqual({
      ...input,
      submittedAt: t0.toISOString(),
      expiresAt: new Date(t0.getTime() + LAUNCH_TTL_MS).toISOString(),
    });
    expect(await launches.listByWorkerType('recorded', t0)).toEqual([record]);
  });

  it('lists every page of one worker type and nothing of others', async () => {
    const mine = [];
    for (let index = 0; index < 5; index++) {
      mine.push(await launches.record(launch('paged'), new Date(t0.getTime() + index * 1000)));
    }
    await launches.record(launch('other-type'), t0);
    expect(await launches.listByWorkerType('paged', t0)).toEqual(mine);
  });

  it('lists launches of all worker types across pages', async () => {
    const own = (await contractRepositories(implementation, 'launchesall', { pageSize: 2 })).launches;
    const recorded = [];
    for (const [index, workerType] of ['a', 'b', 'a', 'c', 'b'].entries()) {
      recorded.push(await own.record(launch(workerType), new Date(t0.getTime() + index * 1000)));
    }
    expect(await own.listAll(t0)).toEqual(recorded);
  });

  it('forgets launches older than the TTL on read', async () => {
    const input = launch('expiring');
    await launches.record(input, t0);
    const justBefore = new Date(t0.getTime() + LAUNCH_TTL_MS - 1);
    const atExpiry = new Date(t0.getTime() + LAUNCH_TTL_MS);
    expect(await launches.listByWorkerType('expiring', justBefore)).toHaveLength(1);
    expect(await launches.listByWorkerType('expiring', atExpiry)).toEqual([]);
    expect((await launches.listAll(atExpiry)).some((record) => record.workerType === 'expiring')).toBe(false);
  });

  it('attaches EC2 ids once they are known', async () => {
    const input = launch('with-ids');
    await launches.record(input, t0);
    const updated = await launches.attachIds('with-ids', input.launchId, {
      instanceIds: ['i-0123456789abcdef0'],
      spotRequestIds: ['sir-abcd1234'],
    });
    expect(updated).toMatchObject({ instanceIds: ['i-0123456789abcdef0'], spotRequestIds: ['sir-abcd1234'] });
    expect((await launches.listByWorkerType('with-ids', t0))[0]).toEqual(updated);
    expect(await launches.attachIds('with-ids', 'missing', { instanceIds: ['i-0123abcd'] })).toBeNull();
  });

  it('removes idempotently', async () => {
    const input = launch('removed');
    await launches.record(input, t0);
    expect(await launches.remove('removed', input.launchId)).toBe(true);
    expect(await launches.remove('removed', input.launchId)).toBe(false);
    expect(await launches.listByWorkerType('removed', t0)).toEqual([]);
  });

  it('rejects an invalid launch listing every reason', async () => {
    const error = await rejectionOf(launches.record({ ...launch('bad name'), market: 'reserved' as never, capacity: -1 }, t0));
    expect(isInvalidRecord(error) && error.reasons).toHaveLength(3);
  });
});
