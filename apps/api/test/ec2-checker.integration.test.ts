import { CreateSecurityGroupCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { resetMoto } from '@spot-provisioner/testing';
import { AwsEc2ReferenceChecker } from '../src';

describe('the EC2 reference checker against moto', () => {
  const checker = new AwsEc2ReferenceChecker();
  let imageId: string;

  beforeAll(async () => {
    await resetMoto();
    const ec2 = new EC2Client({ region: 'us-west-2' });
    imageId = (await ec2.send(new RegisterImageCommand({ Name: 'checker-ami', RootDeviceName: '/dev/xvda' }))).ImageId ?? '';
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'builders', Description: 'builders' }));
    ec2.destroy();
  });
  afterAll(() => checker.destroy());

  it('finds nothing missing when the AMI and the named groups exist in the region', async () => {
    await expect(checker.missingReferences('us-west-2', { imageIds: [imageId], securityGroupNames: ['builders', 'default'] })).resolves.toEqual([]);
  });

  it('names each missing AMI and security group', async () => {
    await expect(
      checker.missingReferences('us-west-2', { imageIds: [imageId, 'ami-0000000000000dead'], securityGroupNames: ['builders', 'ghosts'] }),
    ).resolves.toEqual([
      'us-west-2: AMI ami-0000000000000dead does not exist (or is not visible to this account)',
      'us-west-2: security group ghosts does not exist',
    ]);
  });

  it('looks only in the asked region', async () => {
    await expect(checker.missingReferences('eu-west-1', { imageIds: [imageId], securityGroupNames: ['builders'] })).resolves.toEqual([
      `eu-west-1: AMI ${imageId} does not exist (or is not visible to this account)`,
      'eu-west-1: security group builders does not exist',
    ]);
  });
});
