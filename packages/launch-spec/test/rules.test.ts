import { ec2ReferencesByRegion, launchSpecViolations, type CascadeDefinition } from '../src';
import { workerTypeSample } from '@spot-provisioner/testing';

const ciLinuxLarge = workerTypeSample<CascadeDefinition>('ci-linux-large');
const tinyOndemand = workerTypeSample<CascadeDefinition>('tiny-ondemand-ok');

const valid: CascadeDefinition = ciLinuxLarge;
const regionEast = ciLinuxLarge.regions[0]!;
const typeC5 = ciLinuxLarge.instanceTypes[0]!;

describe('launch spec rules', () => {
  it('accept the shared sample worker types', () => {
    expect(launchSpecViolations(valid)).toEqual([]);
    expect(launchSpecViolations(tinyOndemand)).toEqual([]);
  });

  it.each<[string, CascadeDefinition, RegExp]>([
    ['ImageId in the general launchSpec', { ...valid, launchSpec: { ImageId: 'ami-1' } }, /^launchSpec\.ImageId: not allowed; ImageId belongs only in a region's launchSpec$/],
    ['ImageId in an instance type', { ...valid, instanceTypes: [{ ...typeC5, launchSpec: { ImageId: 'ami-1' } }] }, /^instanceTypes\[0\]\.launchSpec\.ImageId: not allowed/],
    ['a region without ImageId', { ...valid, regions: [{ ...regionEast, launchSpec: {} }] }, /^regions\[0\]\.launchSpec\.ImageId: required/],
    ['InstanceType in the general launchSpec', { ...valid, launchSpec: { InstanceType: 'c5.large' } }, /^launchSpec\.InstanceType: not allowed; the provisioner sets InstanceType/],
    ['InstanceType in a region', { ...valid, regions: [{ ...regionEast, launchSpec: { ImageId: 'ami-1', InstanceType: 'c5.large' } }] }, /^regions\[0\]\.launchSpec\.InstanceType: not allowed/],
    ['UserData in a launchSpec', { ...valid, launchSpec: { UserData: 'aGk=' } }, /^launchSpec\.UserData: not allowed; the provisioner generates UserData/],
    ['an unknown key', { ...valid, launchSpec: { Monitoring: true } }, /^launchSpec\.Monitoring: unknown launch specification key \(allowed: ImageId, /],
    ['SecurityGroups with SubnetId', { ...valid, regions: [{ ...regionEast, launchSpec: { ImageId: 'ami-1', SubnetId: 'subnet-1' } }] }, /^us-east-1\/us-east-1a\/c5\.2xlarge: SecurityGroups cannot be combined with SubnetId/],
    ['a duplicate region', { ...valid, regions: [regionEast, regionEast] }, /^regions: us-east-1 appears more than once$/],
    ['a duplicate instance type', { ...valid, instanceTypes: [typeC5, typeC5] }, /^instanceTypes: c5\.2xlarge appears more than once$/],
    ['a duplicate zone', { ...valid, availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} }, { region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} }] }, /^availabilityZones: us-east-1a appears more than once$/],
    ['a zone of a region not configured', { ...valid, availabilityZones: [{ region: 'eu-west-1', availabilityZone: 'eu-west-1a', launchSpec: {} }] }, /^availabilityZones\[0\]\.region: eu-west-1 is not one of the worker type's regions$/],
    ['a zone outside its region', { ...valid, availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-west-2a', launchSpec: {} }] }, /^availabilityZones\[0\]\.availabilityZone: us-west-2a is not a zone of us-east-1$/],
  ])('reject %s with a reason naming where', (_rule, definition, reason) => {
    const reasons = launchSpecViolations(definition);
    expect(reasons.some((r) => reason.test(r))).toBe(true);
  });

  it('list every reason at once', () => {
    const reasons = launchSpecViolations({
      ...valid,
      launchSpec: { ImageId: 'ami-1', UserData: 'x', Bogus: 1 },
      instanceTypes: [typeC5, typeC5],
    });
    expect(reasons).toEqual([
      expect.stringMatching(/^launchSpec\.UserData/),
      expect.stringMatching(/^launchSpec\.Bogus/),
      expect.stringMatching(/^launchSpec\.ImageId/),
      'instanceTypes: c5.2xlarge appears more than once',
    ]);
  });

  it('name each AMI and security group per region for the EC2 existence checks', () => {
    const refs = ec2ReferencesByRegion({
      ...valid,
      availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: { SecurityGroups: ['zone-group'] } }],
    });
    expect(Object.fromEntries(refs)).toEqual({
      'us-east-1': { imageIds: ['ami-0a1b2c3d4e5f60718'], securityGroupNames: ['zone-group'] },
      'us-west-2': { imageIds: ['ami-0f9e8d7c6b5a40312'], securityGroupNames: ['default'] },
    });
  });
});
