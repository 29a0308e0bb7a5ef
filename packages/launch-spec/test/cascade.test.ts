import {
  configuredZones,
  definitionPools,
  isPoolNotInDefinitionError,
  resolveLaunchConfig,
  type CascadeDefinition,
} from '../src';
import { workerTypeSample } from '@spot-provisioner/testing';

const ciLinuxLarge = workerTypeSample<CascadeDefinition>('ci-linux-large');
const tinyOndemand = workerTypeSample<CascadeDefinition>('tiny-ondemand-ok');

const layered: CascadeDefinition = {
  launchSpec: { SecurityGroups: ['general'], EbsOptimized: false, Placement: { Tenancy: 'default' } },
  userData: { level: 'general', general: true, nested: { from: 'general', keep: 1 } },
  secrets: { token: 'general', generalOnly: 'g' },
  scopes: ['scope:general', 'scope:shared'],
  regions: [
    {
      region: 'us-east-1',
      launchSpec: { ImageId: 'ami-east' },
      userData: { level: 'region', nested: { from: 'region' } },
      secrets: { token: 'region' },
      scopes: ['scope:region', 'scope:shared'],
    },
    { region: 'us-west-2', launchSpec: { ImageId: 'ami-west' }, userData: {}, secrets: {}, scopes: [] },
  ],
  availabilityZones: [
    {
      region: 'us-east-1',
      availabilityZone: 'us-east-1a',
      launchSpec: { SecurityGroups: ['zone'] },
      userData: { level: 'zone', zoneOnly: true },
      secrets: { token: 'zone' },
    },
    { region: 'us-east-1', availabilityZone: 'us-east-1b', launchSpec: {} },
  ],
  instanceTypes: [
    {
      instanceType: 'c5.large',
      capacity: 2,
      utility: 1.5,
      launchSpec: { EbsOptimized: true },
      userData: { level: 'instanceType' },
      secrets: { token: 'instanceType' },
      scopes: ['scope:type'],
    },
    { instanceType: 'm5.large', capacity: 1, utility: 1, launchSpec: {}, userData: {}, secrets: {}, scopes: [] },
  ],
};

describe('the launch spec cascade', () => {
  it('applies general, region, zone and instance type in that order, later keys winning', () => {
    const config = resolveLaunchConfig(layered, { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large' });
    expect(config.launchSpec).toEqual({
      SecurityGroups: ['zone'],
      EbsOptimized: true,
      Placement: { Tenancy: 'default' },
      ImageId: 'ami-east',
    });
    expect(config.userData).toEqual({
      level: 'instanceType',
      general: true,
      nested: { from: 'region', keep: 1 },
      zoneOnly: true,
    });
    expect(config.secrets).toEqual({ token: 'instanceType', generalOnly: 'g' });
    expect(config).toMatchObject({ capacity: 2, utility: 1.5 });
  });

  it('accumulates scopes from general, region and instance type without duplicates', () => {
    const config = resolveLaunchConfig(layered, { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'c5.large' });
    expect(config.scopes).toEqual(['scope:general', 'scope:shared', 'scope:region', 'scope:type']);
  });

  it('skips the zone step when the zone entry has no userData or secrets', () => {
    const config = resolveLaunchConfig(layered, { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large' });
    expect(config.userData).toEqual({ level: 'region', general: true, nested: { from: 'region', keep: 1 } });
    expect(config.launchSpec.SecurityGroups).toEqual(['general']);
  });

  it('lists every region × instance type × configured zone, and one zone-agnostic pool per type where no zones are configured', () => {
    expect(definitionPools(layered)).toEqual([
      { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large' },
      { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'c5.large' },
      { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large' },
      { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large' },
      { region: 'us-west-2', availabilityZone: null, instanceType: 'c5.large' },
      { region: 'us-west-2', availabilityZone: null, instanceType: 'm5.large' },
    ]);
  });

  it('allows any zone of a region that configures none', () => {
    expect(configuredZones(layered, 'us-west-2')).toBeNull();
    const config = resolveLaunchConfig(layered, { region: 'us-west-2', availabilityZone: 'us-west-2c', instanceType: 'm5.large' });
    expect(config.launchSpec).toEqual({ SecurityGroups: ['general'], EbsOptimized: false, Placement: { Tenancy: 'default' }, ImageId: 'ami-west' });
  });

  it.each([
    [{ region: 'eu-west-1', availabilityZone: null, instanceType: 'm5.large' }, /region eu-west-1 is not in the definition/],
    [{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 't3.nano' }, /instance type t3.nano is not in the definition/],
    [{ region: 'us-east-1', availabilityZone: 'us-east-1f', instanceType: 'm5.large' }, /zone us-east-1f is not among us-east-1a, us-east-1b/],
    [{ region: 'us-east-1', availabilityZone: null, instanceType: 'm5.large' }, /configures zones; name one of/],
  ])('refuses a pool the definition does not allow: %j', (pool, message) => {
    let caught: unknown;
    try {
      resolveLaunchConfig(layered, pool);
    } catch (error) {
      caught = error;
    }
    expect(isPoolNotInDefinitionError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('resolves the shared sample worker types', () => {
    expect(definitionPools(ciLinuxLarge)).toHaveLength(3 * 3 + 3);
    const bigDisk = resolveLaunchConfig(ciLinuxLarge, { region: 'us-east-1', availabilityZone: 'us-east-1c', instanceType: 'm5.4xlarge' });
    expect(bigDisk.userData).toMatchObject({ bigDisk: true, dockerConfig: { allowPrivileged: false } });
    expect(bigDisk.launchSpec.ImageId).toBe('ami-0a1b2c3d4e5f60718');
    expect(definitionPools(tinyOndemand)).toEqual([{ region: 'us-west-2', availabilityZone: null, instanceType: 'm5.large' }]);
  });
});
