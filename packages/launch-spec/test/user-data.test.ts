import {
  buildAllLaunchSpecifications,
  buildLaunchSpecification,
  decodeUserData,
  USER_DATA_KEYS,
  type CascadeDefinition,
  type LaunchContext,
} from '../src';
import { workerTypeSample } from '@spot-provisioner/testing';

const ciLinuxLarge = workerTypeSample<CascadeDefinition>('ci-linux-large');

const context: LaunchContext = {
  workerType: 'ci-linux-large',
  provisionerId: 'aws-provisioner-v1',
  lastModified: '2026-11-01T10:00:00.000Z',
  provisionerBaseUrl: 'https://tc.example.com/api/aws-provisioner/v1',
  taskclusterRootUrl: 'https://tc.example.com',
  generatedAt: new Date('2026-11-22T08:00:00.000Z'),
  spotBid: 0.25,
  price: 0.1,
  securityToken: 'WnRqYnDCSh-Uu3-vNnYAsw',
  keyName: 'aws-provisioner-v1-managed',
};

describe('the launch specification for one pool', () => {
  const spec = buildLaunchSpecification(
    ciLinuxLarge,
    { region: 'us-east-1', availabilityZone: 'us-east-1d', instanceType: 'm5.4xlarge' },
    context,
  );

  it('sets InstanceType, Placement.AvailabilityZone and the key pair the provisioner decided', () => {
    expect(spec.launchSpec).toMatchObject({
      ImageId: 'ami-0a1b2c3d4e5f60718',
      InstanceType: 'm5.4xlarge',
      Placement: { AvailabilityZone: 'us-east-1d' },
      KeyName: 'aws-provisioner-v1-managed',
      SecurityGroups: ['default'],
    });
  });

  it('carries user data as base64 JSON with exactly the keys of the contract, then the worker identity', () => {
    const decoded = decodeUserData(spec.launchSpec.UserData as string);
    expect(Object.keys(decoded)).toEqual([...USER_DATA_KEYS]);
    expect(decoded).toEqual({
      data: { dockerConfig: { allowPrivileged: false }, capacityManagement: { diskspaceThreshold: 20000000000 }, bigDisk: true },
      capacity: 4,
      workerType: 'ci-linux-large',
      provisionerId: 'aws-provisioner-v1',
      region: 'us-east-1',
      availabilityZone: 'us-east-1d',
      instanceType: 'm5.4xlarge',
      spotBid: 0.25,
      price: 0.1,
      launchSpecGenerated: '2026-11-22T08:00:00.000Z',
      lastModified: '2026-11-01T10:00:00.000Z',
      provisionerBaseUrl: 'https://tc.example.com/api/aws-provisioner/v1',
      taskclusterRootUrl: 'https://tc.example.com',
      securityToken: 'WnRqYnDCSh-Uu3-vNnYAsw',
      // the queue's identity of the worker: its region, and its instance id read from instance metadata
      workerGroup: 'us-east-1',
      workerIdFrom: 'ec2-metadata:instance-id',
    });
    expect(spec.instanceUserData).toEqual(decoded);
  });

  it('keeps secrets and scopes out of the user data', () => {
    const raw = Buffer.from(spec.launchSpec.UserData as string, 'base64').toString('utf8');
    expect(raw).not.toContain('queue:claim-work');
    expect(spec.scopes).toEqual(['queue:claim-work:aws-provisioner-v1/ci-linux-large']);
  });

  it('leaves Placement out for a zone-agnostic pool and keeps the cascaded KeyName without one from the provisioner', () => {
    const anyZone = buildLaunchSpecification(
      { ...ciLinuxLarge, availabilityZones: [], launchSpec: { KeyName: 'from-definition' } },
      { region: 'us-west-2', availabilityZone: null, instanceType: 'c5.2xlarge' },
      { ...context, keyName: undefined, securityToken: null, spotBid: null, price: null },
    );
    expect(anyZone.launchSpec).not.toHaveProperty('Placement');
    expect(anyZone.launchSpec.KeyName).toBe('from-definition');
    expect(anyZone.instanceUserData).toMatchObject({ availabilityZone: null, securityToken: null, spotBid: null });
  });

  it('builds one specification per pool for the whole definition', () => {
    const all = buildAllLaunchSpecifications(ciLinuxLarge, context);
    expect(all).toHaveLength(12);
    expect(new Set(all.map((s) => `${s.pool.region}/${s.pool.availabilityZone}/${s.pool.instanceType}`)).size).toBe(12);
  });
});
