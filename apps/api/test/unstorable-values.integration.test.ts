import { MAX_STORED_DEPTH } from '@spot-provisioner/model';
import slugid from 'slugid';
import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

/** A JSON value nested `levels` objects deep: {"a":{"a":...{"a":1}}}. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

/** The body as text with "__RAW__" replaced by `raw` (JSON.stringify cannot write 1e400 or 2^70 exactly). */
function withRaw(payload: unknown, raw: string): string {
  return JSON.stringify(payload).replace('"__RAW__"', raw);
}

describe('values DynamoDB cannot store are refused before any write', () => {
  const api = testApiForFile('apistore');

  const valid = () => launchableDefinition(api);

  it.each<[string, (definition: ReturnType<typeof valid>) => void, string, RegExp]>([
    ['an integer beyond 2^53 in userData', (d) => (d.userData = { n: '__RAW__' }), '100000000000000000000', /^body\.userData\.n: an integer beyond ±2\^53/],
    ['a non-finite number in launchSpec', (d) => (d.launchSpec = { ...d.launchSpec, x: '__RAW__' }), '1e400', /^body\.launchSpec\.x: a number too large to store/],
    ['an empty key in secrets', (d) => (d.secrets = { '': '__RAW__' }), '1', /^body\.secrets\[""\]: an empty key cannot be stored/],
    [
      'an unsafe integer in an instance type',
      (d) => (d.instanceTypes[0]!.userData = { deep: ['__RAW__'] }),
      '-9007199254740993',
      /^body\.instanceTypes\[0\]\.userData\.deep\[0\]: an integer beyond/,
    ],
    ['29 levels of nesting in userData', (d) => (d.userData = nested(29)), '0', /^body\.userData(\.a)+: nested deeper than/],
    // DynamoDB stores magnitudes from 1e-130 to below 1e126 (and 0): beyond, it refuses the write
    ['a magnitude below 1e-130 in userData', (d) => (d.userData = { tiny: '__RAW__' }), '1e-200', /^body\.userData\.tiny: a number too small/],
    ['the smallest double in launchSpec', (d) => (d.launchSpec = { ...d.launchSpec, x: '__RAW__' }), '5e-324', /^body\.launchSpec\.x: a number too small/],
    ['a negative tiny number in secrets', (d) => (d.secrets = { s: '__RAW__' }), '-1e-131', /^body\.secrets\.s: a number too small/],
    ['a tiny minPrice', (d) => (d.minPrice = '__RAW__' as never), '1e-200', /^body\.minPrice: a number too small/],
    ['a tiny utility', (d) => (d.instanceTypes[0]!.utility = '__RAW__' as never), '5e-324', /^body\.instanceTypes\[0\]\.utility: a number too small/],
    ['a magnitude of 1e126 in userData', (d) => (d.userData = { big: '__RAW__' }), '1e126', /^body\.userData\.big: a number too large/],
    ['a huge maxPrice', (d) => (d.maxPrice = '__RAW__' as never), '1.5e300', /^body\.maxPrice: a number too large/],
  ])('refuses %s with 400 naming its path, for create and update', async (_what, spoil, raw, reason) => {
    const name = `unstorable-${slugid.nice().slice(0, 8).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const spoiled = valid();
    spoil(spoiled);
    const created = await call(api, { method: 'PUT', url: `${V1}/worker-type/${name}`, rawBody: withRaw(spoiled, raw), credentials: ROOT });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('InputValidationError');
    expect(created.json().reasons).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    expect(await api.deps.repositories.workerTypes.get(name)).toBeNull();

    const stored = await call(api, { method: 'PUT', url: `${V1}/worker-type/${name}`, payload: valid(), credentials: ROOT });
    expect(stored.statusCode).toBe(200);
    const before = await api.deps.repositories.workerTypes.get(name);
    const updated = await call(api, { method: 'POST', url: `${V1}/worker-type/${name}/update`, rawBody: withRaw(spoiled, raw), credentials: ROOT });
    expect(updated.statusCode).toBe(400);
    expect(updated.json().reasons).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    expect(await api.deps.repositories.workerTypes.get(name)).toEqual(before);
  });

  it('stores the extremes DynamoDB accepts and reads them back unchanged', async () => {
    const definition = valid();
    // beyond 2^53 every double is an integer the marshaller refuses, so that is the largest magnitude
    definition.userData = { smallest: 1e-130, negativeSmallest: -1e-130, largest: 9007199254740991, zero: 0, fraction: 1.5e-130 };
    const created = await call(api, { method: 'PUT', url: `${V1}/worker-type/extremes`, payload: definition, credentials: ROOT });
    expect(created.statusCode).toBe(200);
    const read = await call(api, { method: 'GET', url: `${V1}/worker-type/extremes`, credentials: ROOT });
    expect(read.json().userData).toEqual(definition.userData);
  });

  it(`stores a definition nested exactly ${MAX_STORED_DEPTH} levels deep and reads it back unchanged`, async () => {
    const definition = valid();
    // body → instanceTypes → [0] → userData → ...: the deepest place a definition nests.
    definition.instanceTypes[0]!.userData = nested(MAX_STORED_DEPTH - 3);
    const created = await call(api, { method: 'PUT', url: `${V1}/worker-type/deepest`, payload: definition, credentials: ROOT });
    expect(created.statusCode).toBe(200);
    const read = await call(api, { method: 'GET', url: `${V1}/worker-type/deepest`, credentials: ROOT });
    expect(read.json().instanceTypes[0].userData).toEqual(definition.instanceTypes[0]!.userData);
  });

  it('refuses an unstorable secret in createSecret and keeps its digits out of the response and the log', async () => {
    const token = slugid.v4();
    const pin = '918273645546372819';
    const body = {
      workerType: 'wt-secret',
      secrets: { pin: '__RAW__' },
      scopes: [],
      token,
      expiration: new Date(api.clock.date().getTime() + 60_000).toISOString(),
    };
    const response = await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, rawBody: withRaw(body, pin), credentials: ROOT });
    expect(response.statusCode).toBe(400);
    expect(response.json().reasons).toEqual([expect.stringMatching(/^body\.secrets\.pin: an integer beyond/)]);
    expect(await api.deps.repositories.secrets.get(token, api.clock.date())).toBeNull();

    // The same number as a worker type secret (the probe's case) must not reach the log either.
    const definition = valid();
    definition.secrets = { pin: '__RAW__' };
    const refused = await call(api, { method: 'PUT', url: `${V1}/worker-type/pin-leak`, rawBody: withRaw(definition, pin), credentials: ROOT });
    expect(refused.statusCode).toBe(400);
    for (const text of [response.text, refused.text, api.logs.text]) {
      // JSON.parse rounds the pin to 918273645546372900: neither form may appear.
      expect(text).not.toMatch(/91827364554637/);
    }
  });
});
