import fc from 'fast-check';
import { canonicalJson, devKeyring, openJson, sealJson, type WorkerTypeRepository } from '../src';
import { jsonObject } from './json-arbitrary';
import { at, fixture, setUpTables } from './support';

let workerTypes: WorkerTypeRepository;

beforeAll(async () => {
  workerTypes = (await setUpTables('roundtrip')).repos().workerTypes;
});

const now = at('2026-11-22T08:00:00.000Z');

describe('round trips of arbitrary JSON', () => {
  it('stores any launchSpec and userData in DynamoDB and reads back exactly the same values', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(jsonObject, jsonObject, async (launchSpec, userData) => {
        const name = `rt-${counter++}`;
        await workerTypes.create(name, { ...fixture('tiny-ondemand-ok'), launchSpec, userData }, now);
        const read = await workerTypes.get(name);
        expect(read!.definition.launchSpec).toEqual(launchSpec);
        expect(read!.definition.userData).toEqual(userData);
      }),
      { numRuns: 40 },
    );
  });

  it('stores objects with keys that shadow Object.prototype, such as "constructor"', async () => {
    const userData = { constructor: true, toString: 'x', nested: { constructor: { name: 'Thing' }, hasOwnProperty: [1] } };
    const launchSpec = { constructor: 'c' };
    await workerTypes.create('rt-shadowing-keys', { ...fixture('tiny-ondemand-ok'), launchSpec, userData }, now);
    const read = await workerTypes.get('rt-shadowing-keys');
    expect(read!.definition.userData).toEqual(userData);
    expect(read!.definition.launchSpec).toEqual(launchSpec);
  });

  it('seals and opens any JSON object unchanged', () => {
    const keyring = devKeyring();
    fc.assert(
      fc.property(jsonObject, (value) => {
        expect(openJson(keyring, 'ctx', sealJson(keyring, 'ctx', value))).toEqual(value);
      }),
    );
  });

  it('compares definitions independently of key order', () => {
    fc.assert(
      fc.property(jsonObject, (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
  });
});
