import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

describe('worker types through the API (DynamoDB Local + moto)', () => {
  const api = testApiForFile('apiwt');

  it('creates a worker type, returns it with workerType and lastModified, and lists it', async () => {
    const definition = launchableDefinition(api);
    const created = await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-create`, payload: definition, credentials: ROOT });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ ...definition, workerType: 'wt-create', lastModified: api.clock.date().toISOString() });

    const listed = await call(api, { method: 'GET', url: `${V1}/list-worker-types` });
    expect(listed.json()).toContain('wt-create');
    const fetched = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-create`, credentials: ROOT });
    expect(fetched.json()).toEqual(created.json());
  });

  it('treats the same definition again as success and a different one as a 409 conflict', async () => {
    const definition = launchableDefinition(api);
    const first = await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-idem`, payload: definition, credentials: ROOT });
    api.clock.advance(60_000);
    const again = await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-idem`, payload: definition, credentials: ROOT });
    expect(again.statusCode).toBe(200);
    expect(again.json().lastModified).toBe(first.json().lastModified);

    const different = await call(api, {
      method: 'PUT',
      url: `${V1}/worker-type/wt-idem`,
      payload: { ...definition, maxCapacity: 7 },
      credentials: ROOT,
    });
    expect(different.statusCode).toBe(409);
    expect(different.json()).toMatchObject({ code: 'RequestConflict' });
  });

  it('updates a worker type with a fresh lastModified, and 404s for an unknown one', async () => {
    const definition = launchableDefinition(api);
    await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-update`, payload: definition, credentials: ROOT });
    const before = await call(api, { method: 'GET', url: `${V1}/worker-type-last-modified/wt-update` });
    api.clock.advance(5 * 60_000);
    const updated = await call(api, {
      method: 'POST',
      url: `${V1}/worker-type/wt-update/update`,
      payload: { ...definition, maxCapacity: 50 },
      credentials: ROOT,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ maxCapacity: 50, lastModified: api.clock.date().toISOString() });
    const after = await call(api, { method: 'GET', url: `${V1}/worker-type-last-modified/wt-update` });
    expect(after.json()).toEqual({ workerType: 'wt-update', lastModified: api.clock.date().toISOString() });
    expect(after.json().lastModified).not.toBe(before.json().lastModified);

    const missing = await call(api, { method: 'POST', url: `${V1}/worker-type/wt-nope/update`, payload: definition, credentials: ROOT });
    expect(missing.statusCode).toBe(404);
  });

  it('removes a worker type with 204, also when it is already gone', async () => {
    await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-remove`, payload: launchableDefinition(api), credentials: ROOT });
    for (let i = 0; i < 2; i++) {
      const removed = await call(api, { method: 'DELETE', url: `${V1}/worker-type/wt-remove`, credentials: ROOT });
      expect(removed.statusCode).toBe(204);
    }
    const fetched = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-remove`, credentials: ROOT });
    expect(fetched.statusCode).toBe(404);
    expect(fetched.json()).toMatchObject({ code: 'ResourceNotFound', message: 'worker type wt-remove does not exist' });
  });

  it('serves the same methods under the classic /v1/ base', async () => {
    await call(api, { method: 'PUT', url: `/v1/worker-type/wt-classic`, payload: launchableDefinition(api), credentials: ROOT });
    const viaRootUrl = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-classic`, credentials: ROOT });
    expect(viaRootUrl.statusCode).toBe(200);
    expect((await call(api, { method: 'GET', url: '/v1/ping' })).json()).toMatchObject({ alive: true });
  });

  it('previews the launch specification of every region × instance type × zone with generated user data', async () => {
    const definition = launchableDefinition(api);
    await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-specs`, payload: definition, credentials: ROOT });
    const response = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-specs/launch-specifications`, credentials: ROOT });
    expect(response.statusCode).toBe(200);
    const specs = response.json();
    expect(Object.keys(specs).sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(Object.keys(specs['us-east-1']['m5.4xlarge']).sort()).toEqual(['us-east-1a', 'us-east-1c', 'us-east-1d']);
    expect(Object.keys(specs['us-west-2']['c5.2xlarge'])).toEqual(['*']);
    const east = specs['us-east-1']['m5.4xlarge']['us-east-1c'];
    expect(east.launchSpec).toMatchObject({
      ImageId: api.images['us-east-1'],
      InstanceType: 'm5.4xlarge',
      Placement: { AvailabilityZone: 'us-east-1c' },
      SecurityGroups: [api.securityGroup],
    });
    const decoded = JSON.parse(Buffer.from(east.launchSpec.UserData, 'base64').toString('utf8'));
    expect(decoded).toEqual(east.userData);
    expect(decoded).toMatchObject({
      data: { bigDisk: true },
      capacity: 4,
      workerType: 'wt-specs',
      provisionerId: 'aws-provisioner-v1',
      provisionerBaseUrl: 'http://127.0.0.1:5557/api/aws-provisioner/v1',
      securityToken: null,
    });
    expect(east.scopes).toEqual(['queue:claim-work:aws-provisioner-v1/ci-linux-large']);
  });
});
