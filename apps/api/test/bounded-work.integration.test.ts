import { MAX_AVAILABILITY_ZONES, MAX_EXPANDED_BYTES, MAX_INSTANCE_TYPES, MAX_LAUNCH_SPECS, MAX_REGIONS, type WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { MAX_BODY_BYTES } from '../src/app';
import { hugeDefinition, instanceTypes, launchSpecCount, maximumSizeDefinition, regions } from './big-definitions';
import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

// How fast these are refused and served, and how long the event loop stays blocked meanwhile,
// are `pnpm bench api` figures (apps/api/bench), printed with their bounds: a duration
// asserted here would fail on a loaded machine. That the work is sliced: time-slicing.test.ts.

type Definition = WorkerTypeDefinitionInput;

describe('work per request is bounded', () => {
  const api = testApiForFile('apibound');

  const base = (): Definition => ({ ...launchableDefinition(api), availabilityZones: [] });

  it.each<[string, (d: Definition) => Definition, RegExp]>([
    [`more than ${MAX_REGIONS} regions`, (d) => ({ ...d, regions: regions(d, MAX_REGIONS + 1) }), /at most 40 regions \(MAX_REGIONS\)/],
    [
      `more than ${MAX_INSTANCE_TYPES} instance types`,
      (d) => ({ ...d, instanceTypes: instanceTypes(MAX_INSTANCE_TYPES + 1) }),
      /at most 100 instance types \(MAX_INSTANCE_TYPES\)/,
    ],
    [
      `more than ${MAX_AVAILABILITY_ZONES} zones`,
      (d) => ({
        ...d,
        availabilityZones: Array.from({ length: MAX_AVAILABILITY_ZONES + 1 }, (_, index) => ({
          region: 'us-east-1',
          availabilityZone: `us-east-1-z${index}`,
          launchSpec: {},
        })),
      }),
      /at most 200 availability zones \(MAX_AVAILABILITY_ZONES\)/,
    ],
    [
      `more than ${MAX_LAUNCH_SPECS} launch specifications`,
      (d) => ({ ...d, regions: regions(d, 21), instanceTypes: instanceTypes(MAX_INSTANCE_TYPES) }),
      /at most 2000 launch specifications \(MAX_LAUNCH_SPECS\): regions × instance types × zones comes to 2100/,
    ],
    [
      `more than ${MAX_EXPANDED_BYTES} bytes across the launch specifications`,
      (d) => ({ ...d, regions: regions(d, 20), instanceTypes: instanceTypes(100), userData: { pad: 'x'.repeat(4 * 1024) } }),
      /\(MAX_EXPANDED_BYTES\): this definition expands to \d+/,
    ],
  ])('refuses %s with 400 naming the limit, storing nothing', async (_what, grow, reason) => {
    const response = await call(api, { method: 'PUT', url: `${V1}/worker-type/too-big`, payload: grow(base()), credentials: ROOT });
    expect(response.statusCode).toBe(400);
    expect(response.json().reasons).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    expect(await api.deps.repositories.workerTypes.get('too-big')).toBeNull();
  });

  it("refuses the probe's 1,000 regions × 1,000 instance types, naming both limits", async () => {
    const response = await call(api, { method: 'PUT', url: `${V1}/worker-type/huge`, payload: hugeDefinition(base()), credentials: ROOT });
    expect(response.statusCode).toBe(400);
    expect(response.json().reasons).toEqual(expect.arrayContaining([expect.stringMatching(/MAX_REGIONS/), expect.stringMatching(/MAX_INSTANCE_TYPES/)]));
  });

  it('creates a maximum-size definition and serves all its launch specifications', async () => {
    const definition = maximumSizeDefinition(base());
    expect(Buffer.byteLength(JSON.stringify(definition))).toBeLessThan(MAX_BODY_BYTES);
    const created = await call(api, { method: 'PUT', url: `${V1}/worker-type/max-size`, payload: definition, credentials: ROOT });
    expect(created.statusCode).toBe(200);
    // Read as a stream and decoded afterwards, as a client of megabytes of JSON would.
    const specs = await call(api, { method: 'GET', url: `${V1}/worker-type/max-size/launch-specifications`, credentials: ROOT, raw: true });
    expect(specs.statusCode).toBe(200);
    expect(launchSpecCount(Buffer.concat(specs.chunks ?? []).toString('utf8'))).toBe(MAX_LAUNCH_SPECS);
  });
});
