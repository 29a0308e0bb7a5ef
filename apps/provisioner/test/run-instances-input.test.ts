import { runInstancesInput } from '../src/ec2/run-instances-input';
import type { RunInstanceRequest } from '../src/ec2/port';

const request: RunInstanceRequest = {
  region: 'us-east-1',
  availabilityZone: 'us-east-1c',
  instanceType: 'c5.xlarge',
  market: 'spot',
  maxPrice: 0.1234567,
  launchSpec: {
    ImageId: 'ami-1',
    InstanceType: 'ignored',
    UserData: 'ignored',
    SecurityGroupIds: ['sg-1'],
    MonitoringEnabled: true,
    AddressingType: 'public',
    Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
    KeyName: 'from-spec',
  },
  userData: 'eyJ9',
  tags: { Owner: 'prov', WorkerType: 'prov/wt' },
  clientToken: 'launch-1',
  keyName: 'prov-abc',
};

describe('RunInstances input', () => {
  it('launches exactly one spot instance in the chosen pool with the plan’s max price', () => {
    const input = runInstancesInput(request);
    expect(input).toMatchObject({
      ImageId: 'ami-1',
      InstanceType: 'c5.xlarge',
      MinCount: 1,
      MaxCount: 1,
      UserData: 'eyJ9',
      ClientToken: 'launch-1',
      KeyName: 'prov-abc',
      SecurityGroupIds: ['sg-1'],
      Monitoring: { Enabled: true },
      Placement: { AvailabilityZone: 'us-east-1c', Tenancy: 'default' },
      InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.123457', SpotInstanceType: 'one-time' } },
    });
    expect(input).not.toHaveProperty('AddressingType');
    expect(input.TagSpecifications?.map((t) => t.ResourceType)).toEqual(['instance', 'volume', 'spot-instances-request']);
  });

  it('asks for no market options and tags no spot request on demand', () => {
    const input = runInstancesInput({ ...request, market: 'on-demand', maxPrice: undefined });
    expect(input.InstanceMarketOptions).toBeUndefined();
    expect(input.TagSpecifications?.map((t) => t.ResourceType)).toEqual(['instance', 'volume']);
  });
});
