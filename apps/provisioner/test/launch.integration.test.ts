import { DescribeInstanceAttributeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { startTestApi } from '@spot-provisioner/api/testing';
import { decodeUserData } from '@spot-provisioner/launch-spec';
import { keyPairName } from '../src/ec2/key-pairs';
import { openSshPublicKey } from './support/ssh-key';
import { harnessForEachTest, tagOf } from './support/harness';

describe('launching for pending tasks', () => {
  const h = harnessForEachTest('launch');

  it('launches one capacity-1 instance per pending task, tagged at creation on instance and volume', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 3);

    const report = await h.provisioner().iterate();

    expect(report.launches).toBe(3);
    const instances = await h.liveInstances('builder');
    expect(instances).toHaveLength(3);
    for (const instance of instances) {
      expect(instance.InstanceType).toBe('m5.large');
      expect(instance.InstanceLifecycle).toBe('spot');
      expect(tagOf(instance, 'Owner')).toBe(h.provisionerId);
      expect(tagOf(instance, 'WorkerType')).toBe(`${h.provisionerId}/builder`);
      expect(tagOf(instance, 'Name')).toBe(`${h.provisionerId}/builder`);
      expect(instance.ImageId).toBe(h.amis[instance.region]);
    }
    // the cheapest m5.large pool per unit of utility in the recorded prices is us-east-1d
    expect(instances.map((i) => i.Placement?.AvailabilityZone)).toEqual(['us-east-1d', 'us-east-1d', 'us-east-1d']);
    const volumes = await h.ec2Client('us-east-1').send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'tag:WorkerType', Values: [`${h.provisionerId}/builder`] }] }),
    );
    expect(volumes.Volumes).toHaveLength(3);
  });

  it('gives each instance user data whose token fetches its secret through the API exactly once', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 1);
    await h.provisioner().iterate();

    const [instance] = await h.liveInstances('builder');
    const attribute = await h
      .ec2Client(instance!.region)
      .send(new DescribeInstanceAttributeCommand({ InstanceId: instance!.InstanceId, Attribute: 'userData' }));
    const userData = decodeUserData(attribute.UserData?.Value ?? '');
    expect(userData).toMatchObject({
      workerType: 'builder',
      provisionerId: h.provisionerId,
      region: 'us-east-1',
      availabilityZone: 'us-east-1d',
      instanceType: 'm5.large',
      capacity: 1,
      data: { dockerConfig: { allowPrivileged: false } },
      provisionerBaseUrl: 'http://provisioner.test/api/aws-provisioner/v1',
      taskclusterRootUrl: 'http://taskcluster.test',
    });
    expect(userData.spotBid).toBeCloseTo(1, 6);
    expect(userData.price).toBeCloseTo(0.039113, 6);
    const token = userData.securityToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // the API over the daemon's tables: the instance trades its token there, once
    const api = await startTestApi('launchsecret', { ec2: false, settings: { tablePrefix: h.prefix, keyring: h.keyring, provisionerId: h.provisionerId, logger: false } });
    try {
      const first = await fetch(`${api.baseUrl}/api/aws-provisioner/v1/secret/${token}`);
      expect(first.status).toBe(200);
      const body = (await first.json()) as { data: unknown; scopes: string[]; credentials: { clientId: string } };
      expect(body.data).toEqual({ docker: { password: 'hunter2' } });
      expect(body.scopes).toEqual([`queue:claim-work:${h.provisionerId}/*`]);
      expect(body.credentials.clientId).toEqual(expect.any(String));
      const second = await fetch(`${api.baseUrl}/api/aws-provisioner/v1/secret/${token}`);
      expect(second.status).toBe(404);
    } finally {
      await api.close();
    }
    // the token is a capability: it never reaches the log
    expect(h.logs.text).not.toContain(token);
    expect(h.logs.text).not.toContain('hunter2');
  });

  it('writes a state snapshot the API serves, with the submitted launches tracked', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 2);
    await h.provisioner().iterate();

    const snapshot = await h.repos.workerState.get('builder');
    expect(snapshot?.internalTrackedRequests).toHaveLength(2);
    expect(snapshot?.summary).toMatchObject({ requestedCapacity: 2, runningCapacity: 0, maxCapacity: 20 });

    // next iteration: EC2 shows the instances, the tracked launches are settled
    h.setPending('builder', 0);
    await h.provisioner().iterate();
    const next = await h.repos.workerState.get('builder');
    expect(next?.instances.map((i) => i.state)).toEqual(['running', 'running']);
    // each instance with its pool's price now, for the console's per-instance cost
    for (const instance of next?.instances ?? []) {
      expect(instance).toMatchObject({ market: 'spot', price: expect.any(Number) });
      expect(instance.price).toBeGreaterThan(0);
      expect(instance.price).toBeLessThanOrEqual(1); // the worker type's maxPrice × utility 1
    }
    expect(next?.internalTrackedRequests).toEqual([]);
    expect(next?.summary).toMatchObject({ runningCapacity: 2, requestedCapacity: 0 });
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toEqual([]);
  });

  it('launches with the configured instance key pair, imported once per region', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 2);
    const publicKey = openSshPublicKey();
    await h.provisioner({ instancePublicKey: publicKey }).iterate();

    const instances = await h.liveInstances('builder');
    expect(instances.map((i) => i.KeyName)).toEqual([keyPairName(h.provisionerId, publicKey), keyPairName(h.provisionerId, publicKey)]);
    expect(h.ec2.counter.total('ImportKeyPair')).toBe(1);
  });

  it('records the iteration heartbeat when run by the daemon', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 2);
    const { daemon } = h.provisioner();
    expect(await daemon.tick()).toBe('iterated');
    const heartbeat = await h.repos.provisioner.getHeartbeat();
    expect(heartbeat).toMatchObject({ launches: 2, errors: 0, terminations: 0, ok: true });
    await daemon.shutdown();
  });
});
