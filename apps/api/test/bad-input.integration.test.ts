import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';
import slugid from 'slugid';

describe('bad input is refused with every reason and changes nothing', () => {
  const api = testApiForFile('apibad');

  async function storedNames(): Promise<string[]> {
    return api.deps.repositories.workerTypes.listNames();
  }

  async function expectRefusedCreate(payload: unknown, reason: RegExp, status = 400): Promise<void> {
    const before = await storedNames();
    const response = await call(api, { method: 'PUT', url: `${V1}/worker-type/bad-wt`, payload, credentials: ROOT });
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.code).toBe('InputValidationError');
    expect(body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    // The message lists the same reasons, one "- reason" line each.
    expect(body.message).toMatch(new RegExp(reason.source.replace(/^\^/, '^- '), 'm'));
    expect(await storedNames()).toEqual(before);
  }

  const valid = () => launchableDefinition(api);
  const withRegionSpec = (spec: Record<string, unknown>) => {
    const definition = valid();
    definition.regions = [{ ...definition.regions[0]!, launchSpec: { ...definition.regions[0]!.launchSpec, ...spec } }];
    return definition;
  };

  it.each<[string, () => unknown, RegExp]>([
    ['ImageId outside a region', () => ({ ...valid(), launchSpec: { ImageId: 'ami-12345678' } }), /^launchSpec\.ImageId: not allowed/],
    ['InstanceType in the general launchSpec', () => ({ ...valid(), launchSpec: { InstanceType: 'c5.large' } }), /^launchSpec\.InstanceType: not allowed/],
    ['InstanceType in a region launchSpec', () => withRegionSpec({ InstanceType: 'c5.large' }), /^regions\[0\]\.launchSpec\.InstanceType: not allowed/],
    ['UserData in a launchSpec', () => ({ ...valid(), launchSpec: { UserData: 'aGVsbG8=' } }), /^launchSpec\.UserData: not allowed/],
    ['an unknown launch specification key', () => ({ ...valid(), launchSpec: { Monitoring: true } }), /^launchSpec\.Monitoring: unknown launch specification key/],
    ['SecurityGroups with SubnetId', () => withRegionSpec({ SubnetId: 'subnet-12345678' }), /SecurityGroups cannot be combined with SubnetId/],
    ['a duplicate region', () => ({ ...valid(), regions: [valid().regions[0], valid().regions[0]] }), /^regions: us-east-1 appears more than once/],
    ['a duplicate instance type', () => ({ ...valid(), instanceTypes: [valid().instanceTypes[0], valid().instanceTypes[0]] }), /^instanceTypes: c5\.2xlarge appears more than once/],
    [
      'a duplicate zone',
      () => ({ ...valid(), availabilityZones: [valid().availabilityZones![0], valid().availabilityZones![0]] }),
      /^availabilityZones: us-east-1a appears more than once/,
    ],
    ['an AMI EC2 does not know', () => withRegionSpec({ ImageId: 'ami-0000000000000dead' }), /^us-east-1: AMI ami-0000000000000dead does not exist/],
    ['a security group EC2 does not know', () => ({ ...valid(), launchSpec: { SecurityGroups: ['no-such-group'] } }), /security group no-such-group does not exist/],
    ['an unknown top-level key', () => ({ ...valid(), color: 'blue' }), /^body: Unrecognized key: "color"/],
    ['a missing required key', () => { const { owner: _owner, ...rest } = valid(); return rest; }, /^body\.owner: /],
    ['a region without ImageId', () => ({ ...valid(), regions: [{ ...valid().regions[0], launchSpec: {} }] }), /^body\.regions\[0\]\.launchSpec\.ImageId: /],
  ])('refuses %s', async (_rule, payload, reason) => {
    await expectRefusedCreate(payload(), reason);
  });

  it('lists every reason of a definition with several problems at once', async () => {
    const response = await call(api, {
      method: 'PUT',
      url: `${V1}/worker-type/bad-wt`,
      payload: { ...withRegionSpec({ ImageId: 'ami-0000000000000dead' }), launchSpec: { UserData: 'x', Bogus: 1 } },
      credentials: ROOT,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().reasons).toEqual([
      expect.stringMatching(/^launchSpec\.UserData/),
      expect.stringMatching(/^launchSpec\.Bogus/),
      expect.stringMatching(/AMI ami-0000000000000dead does not exist/),
    ]);
  });

  it('refuses a bad scaleDown with every reason at once, and stores nothing', async () => {
    const before = await storedNames();
    const response = await call(api, {
      method: 'PUT',
      url: `${V1}/worker-type/bad-wt`,
      payload: { ...valid(), scaleDown: { enabled: 'yes', minIdleSeconds: -1, drainBudgetPercent: 0, bootMarginPercent: 101, launchAheadPercent: -5, forever: true } },
      credentials: ROOT,
    });
    expect(response.statusCode).toBe(400);
    const reasons = response.json().reasons as string[];
    for (const field of ['scaleDown.enabled', 'scaleDown.minIdleSeconds', 'scaleDown.drainBudgetPercent', 'scaleDown.bootMarginPercent', 'scaleDown.launchAheadPercent']) {
      expect(reasons.some((reason) => reason.startsWith(`body.${field}: `))).toBe(true);
    }
    expect(reasons.some((reason) => /forever/.test(reason))).toBe(true);
    expect(await storedNames()).toEqual(before);
    // absent is off, and a valid one is stored as given
    const stored = await call(api, { method: 'PUT', url: `${V1}/worker-type/scaled-wt`, payload: { ...valid(), scaleDown: { enabled: true, minIdleSeconds: 120 } }, credentials: ROOT });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().scaleDown).toEqual({ enabled: true, minIdleSeconds: 120 });
    await call(api, { method: 'DELETE', url: `${V1}/worker-type/scaled-wt`, credentials: ROOT });
  });

  it('refuses a body over the size limit with 413 and a JSON error', async () => {
    const huge = { ...valid(), description: 'x'.repeat(300 * 1024) };
    const response = await call(api, { method: 'PUT', url: `${V1}/worker-type/bad-wt`, payload: huge, credentials: ROOT });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'PayloadTooLarge', message: 'request body is larger than this API accepts' });
    expect(await storedNames()).toEqual([]);
  });

  it('refuses a malformed JSON body and a __proto__ key', async () => {
    const broken = await call(api, { method: 'PUT', url: `${V1}/worker-type/bad-wt`, rawBody: '{"owner": ', credentials: ROOT });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({ code: 'MalformedPayload', message: 'the body is not valid JSON' });
    const proto = await call(api, {
      method: 'PUT',
      url: `${V1}/worker-type/bad-wt`,
      rawBody: JSON.stringify(valid()).replace('{', '{"__proto__": {"polluted": true},'),
      credentials: ROOT,
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().message).toMatch(/__proto__/);
    expect(await storedNames()).toEqual([]);
  });

  it.each([
    ['a workerType that is too long', `${V1}/worker-type/${'a'.repeat(39)}`, /workerType must be 1 to 38 characters/],
    ['a workerType with bad characters', `${V1}/worker-type/bad.name`, /workerType must be 1 to 38 characters/],
    ['a token that is not a slugid', `${V1}/secret/not-a-slugid`, /token must be a Taskcluster slugid/],
    ['a malformed instance id', `${V1}/instance-started/i-xyz/${slugid.v4()}`, /instanceId must be an EC2 instance id/],
  ])('refuses %s in the path with 400', async (_what, url, message) => {
    const response = await call(api, { method: 'GET', url, credentials: ROOT });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'InputValidationError', message: expect.stringMatching(message) });
  });

  it('refuses a secret whose body token differs from the path, storing nothing', async () => {
    const token = slugid.v4();
    const response = await call(api, {
      method: 'PUT',
      url: `${V1}/secret/${token}`,
      payload: { workerType: 'wt', secrets: {}, scopes: [], token: slugid.v4(), expiration: api.clock.date().toISOString() },
      credentials: ROOT,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().reasons).toEqual(['body.token: must equal the token in the path']);
    expect(await api.deps.repositories.secrets.get(token, api.clock.date())).toBeNull();
  });

  it('answers 404 with a JSON error for an unknown route', async () => {
    const response = await call(api, { method: 'GET', url: `${V1}/no-such-method` });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ResourceNotFound' });
  });
});
