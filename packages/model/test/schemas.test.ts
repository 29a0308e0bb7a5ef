import { z } from 'zod';
import {
  ApiClientSchema,
  CreateSecretRequestSchema,
  NewApiClientSchema,
  InstanceIdSchema,
  SlugIdSchema,
  WorkerTypeDefinitionSchema,
  WorkerTypeNameSchema,
  WorkerTypeResponseSchema,
  WorkerTypeStateResponseSchema,
  WorkerTypeSummarySchema,
  WorkerTypeLastModifiedSchema,
  toWorkerTypeResponse,
} from '../src';
import { fixture, slugid } from './support';

const paths = (result: { success: boolean; error?: z.ZodError }): string[] =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('worker type definition schema', () => {
  it.each(['ci-linux-large', 'tiny-ondemand-ok'] as const)('accepts the %s fixture unchanged', (name) => {
    const input = fixture(name);
    const parsed = WorkerTypeDefinitionSchema.parse(input);
    expect(parsed).toMatchObject(input as Record<string, unknown>);
  });

  it('fills in minCapacity 0 and no availability zones when omitted', () => {
    const { minCapacity: _min, availabilityZones: _zones, ...rest } = fixture('ci-linux-large');
    const parsed = WorkerTypeDefinitionSchema.parse(rest);
    expect(parsed.minCapacity).toBe(0);
    expect(parsed.availabilityZones).toEqual([]);
  });

  it('takes an optional demand policy: absent stays absent (classic), known names pass', () => {
    expect(WorkerTypeDefinitionSchema.parse(fixture('ci-linux-large'))).not.toHaveProperty('policy');
    expect(WorkerTypeDefinitionSchema.parse({ ...fixture('ci-linux-large'), policy: 'lookahead' }).policy).toBe('lookahead');
    expect(WorkerTypeDefinitionSchema.parse({ ...fixture('ci-linux-large'), policy: 'classic' }).policy).toBe('classic');
  });

  it('refuses an unknown demand policy, naming the allowed ones', () => {
    const result = WorkerTypeDefinitionSchema.safeParse({ ...fixture('ci-linux-large'), policy: 'psychic' });
    expect(paths(result)).toEqual(['policy']);
    expect(result.error?.issues[0]?.message).toMatch(/"classic"\|"lookahead"/);
  });

  it('takes an optional scaleDown field: absent stays absent (off), settings pass as given', () => {
    expect(WorkerTypeDefinitionSchema.parse(fixture('ci-linux-large'))).not.toHaveProperty('scaleDown');
    const on = WorkerTypeDefinitionSchema.parse({ ...fixture('ci-linux-large'), scaleDown: { enabled: true, minIdleSeconds: 120 } });
    expect(on.scaleDown).toEqual({ enabled: true, minIdleSeconds: 120 });
    expect(WorkerTypeDefinitionSchema.parse({ ...fixture('ci-linux-large'), scaleDown: { enabled: false } }).scaleDown).toEqual({ enabled: false });
  });

  it('refuses a bad scaleDown with every reason at once', () => {
    const result = WorkerTypeDefinitionSchema.safeParse({
      ...fixture('ci-linux-large'),
      scaleDown: { enabled: 'yes', minIdleSeconds: -5, drainBudgetPercent: 0, keepForever: true },
    });
    expect(paths(result).sort()).toEqual(['scaleDown', 'scaleDown.drainBudgetPercent', 'scaleDown.enabled', 'scaleDown.minIdleSeconds']);
    const tooLong = WorkerTypeDefinitionSchema.safeParse({
      ...fixture('ci-linux-large'),
      scaleDown: { enabled: true, minIdleSeconds: 7200, drainBudgetPercent: 150, bootMarginPercent: -1, launchAheadPercent: 500 },
    });
    expect(paths(tooLong).sort()).toEqual(['scaleDown.bootMarginPercent', 'scaleDown.drainBudgetPercent', 'scaleDown.launchAheadPercent', 'scaleDown.minIdleSeconds']);
    const none = WorkerTypeDefinitionSchema.safeParse({ ...fixture('ci-linux-large'), scaleDown: { enabled: true, launchAheadPercent: 0 } });
    expect(none.success).toBe(true);
    expect(WorkerTypeDefinitionSchema.safeParse({ ...fixture('ci-linux-large'), scaleDown: {} }).error?.issues[0]?.path).toEqual(['scaleDown', 'enabled']);
  });

  it('rejects unknown keys at every level', () => {
    const input = fixture('ci-linux-large') as Record<string, unknown> & { instanceTypes: object[]; regions: object[] };
    const bad = {
      ...input,
      surprise: true,
      instanceTypes: [{ ...input.instanceTypes[0], extra: 1 }],
      regions: [{ ...input.regions[0], extra: 1 }],
    };
    const result = WorkerTypeDefinitionSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`);
    expect(messages).toEqual(
      expect.arrayContaining(['instanceTypes.0:unrecognized_keys', 'regions.0:unrecognized_keys', ':unrecognized_keys']),
    );
  });

  it('lists every missing required key, not just the first', () => {
    const { launchSpec: _l, maxCapacity: _m, owner: _o, ...rest } = fixture('tiny-ondemand-ok');
    expect(paths(WorkerTypeDefinitionSchema.safeParse(rest)).sort()).toEqual(['launchSpec', 'maxCapacity', 'owner']);
  });

  it('requires an ImageId in every region launchSpec', () => {
    const input = fixture('tiny-ondemand-ok');
    const bad = { ...input, regions: [{ region: 'us-west-2', launchSpec: {}, secrets: {}, userData: {}, scopes: [] }] };
    expect(paths(WorkerTypeDefinitionSchema.safeParse(bad))).toEqual(['regions.0.launchSpec.ImageId']);
  });

  it('requires every instance type key', () => {
    const input = fixture('tiny-ondemand-ok');
    const bad = { ...input, instanceTypes: [{ instanceType: 'm5.large', capacity: 1, utility: 1 }] };
    expect(paths(WorkerTypeDefinitionSchema.safeParse(bad)).sort()).toEqual([
      'instanceTypes.0.launchSpec',
      'instanceTypes.0.scopes',
      'instanceTypes.0.secrets',
      'instanceTypes.0.userData',
    ]);
  });

  it('rejects scopes that are not printable ASCII', () => {
    const input = fixture('tiny-ondemand-ok');
    for (const scope of ['queue:claim-work:\u00e9', 'tab\there', 'new\nline']) {
      expect(paths(WorkerTypeDefinitionSchema.safeParse({ ...input, scopes: [scope] }))).toEqual(['scopes.0']);
    }
    expect(WorkerTypeDefinitionSchema.safeParse({ ...input, scopes: ['assume:worker-type:p/w *~'] }).success).toBe(true);
  });

  it('rejects wrongly typed numbers and fractional capacities', () => {
    const input = fixture('tiny-ondemand-ok');
    const bad = { ...input, maxCapacity: '10', minPrice: -1, minCapacity: 1.5 };
    expect(paths(WorkerTypeDefinitionSchema.safeParse(bad)).sort()).toEqual(['maxCapacity', 'minCapacity', 'minPrice']);
  });

  it('rejects a minimum above the maximum, for capacity and for price', () => {
    const input = fixture('tiny-ondemand-ok');
    const bad = { ...input, minCapacity: 11, maxCapacity: 10, minPrice: 0.3, maxPrice: 0.2 };
    const result = WorkerTypeDefinitionSchema.safeParse(bad);
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual([
      'minCapacity must not exceed maxCapacity',
      'minPrice must not exceed maxPrice',
    ]);
    expect(WorkerTypeDefinitionSchema.safeParse({ ...input, minCapacity: 10, maxCapacity: 10 }).success).toBe(true);
  });

  it('keeps optional zone secrets and userData optional', () => {
    const input = fixture('tiny-ondemand-ok');
    const zones = [
      { region: 'us-west-2', availabilityZone: 'us-west-2a', launchSpec: {} },
      { region: 'us-west-2', availabilityZone: 'us-west-2b', launchSpec: {}, secrets: { a: 1 }, userData: {} },
    ];
    expect(WorkerTypeDefinitionSchema.parse({ ...input, availabilityZones: zones }).availabilityZones).toEqual(zones);
  });
});

describe('worker type response schema', () => {
  it('is the definition plus workerType and lastModified', () => {
    const definition = WorkerTypeDefinitionSchema.parse(fixture('ci-linux-large'));
    const response = toWorkerTypeResponse({
      workerType: 'ci-linux-large',
      definition,
      lastModified: '2026-11-22T08:00:00.000Z',
      version: 3,
    });
    expect(WorkerTypeResponseSchema.parse(response)).toEqual({
      ...definition,
      workerType: 'ci-linux-large',
      lastModified: '2026-11-22T08:00:00.000Z',
    });
    expect(WorkerTypeResponseSchema.safeParse({ ...response, version: 3 }).success).toBe(false);
  });
});

describe('identifier schemas', () => {
  it('accepts worker type names of 1 to 38 identifier characters', () => {
    for (const name of ['a', 'ci-linux_large-2', 'x'.repeat(38)]) expect(WorkerTypeNameSchema.safeParse(name).success).toBe(true);
    for (const name of ['', 'x'.repeat(39), 'has space', 'dot.ted', 'slash/ed']) {
      expect(WorkerTypeNameSchema.safeParse(name).success).toBe(false);
    }
  });

  it('accepts generated slugids and rejects other strings', () => {
    for (let i = 0; i < 50; i++) expect(SlugIdSchema.safeParse(slugid()).success).toBe(true);
    for (const token of ['', 'short', 'x'.repeat(22), `${slugid()}x`]) expect(SlugIdSchema.safeParse(token).success).toBe(false);
  });

  it('accepts legacy and current EC2 instance ids only', () => {
    for (const id of ['i-0123abcd', 'i-0123456789abcdef0']) expect(InstanceIdSchema.safeParse(id).success).toBe(true);
    for (const id of ['i-0123ABCD', 'i-123', 'i-0123456789abcdef', 'sir-12345678']) {
      expect(InstanceIdSchema.safeParse(id).success).toBe(false);
    }
  });
});

describe('secret request schema', () => {
  const valid = {
    workerType: 'tiny',
    secrets: { nested: { key: 'value' } },
    scopes: ['queue:claim-work:p/tiny'],
    token: slugid(),
    expiration: '2026-11-22T09:00:00.000Z',
  };

  it('accepts a createSecret body', () => {
    expect(CreateSecretRequestSchema.parse(valid)).toEqual(valid);
  });

  it('lists every problem of a bad body', () => {
    const bad = { ...valid, token: 'nope', expiration: 'tomorrow', workerType: 'bad name', extra: 1 };
    expect(paths(CreateSecretRequestSchema.safeParse(bad)).sort()).toEqual(['', 'expiration', 'token', 'workerType']);
  });
});

describe('OpenAPI conversion', () => {
  it.each([
    ['WorkerTypeDefinition', WorkerTypeDefinitionSchema],
    ['WorkerTypeResponse', WorkerTypeResponseSchema],
    ['WorkerTypeLastModified', WorkerTypeLastModifiedSchema],
    ['CreateSecretRequest', CreateSecretRequestSchema],
    ['WorkerTypeSummary', WorkerTypeSummarySchema],
    ['WorkerTypeState', WorkerTypeStateResponseSchema],
    ['NewApiClient', NewApiClientSchema],
    ['ApiClient', ApiClientSchema],
  ] as const)('converts %s to JSON Schema with no unknown keys allowed', (id, schema) => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as { $defs?: Record<string, { additionalProperties?: unknown }> };
    expect(json.$defs?.[id]?.additionalProperties).toBe(false);
  });
});
