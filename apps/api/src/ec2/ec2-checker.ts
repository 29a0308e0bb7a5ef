import { DescribeImagesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';

/** The EC2 resources a worker type's launch specifications name in one region. */
export interface Ec2References {
  readonly imageIds: readonly string[];
  readonly securityGroupNames: readonly string[];
}

/** The narrow port the API uses to ask EC2 whether referenced resources exist. */
export interface Ec2ReferenceChecker {
  /** One reason per AMI or security group of `refs` that does not exist in `region`. */
  missingReferences(region: string, refs: Ec2References): Promise<string[]>;
}

/** The adapter over EC2Client: one client per region, endpoints from the SDK's environment. */
export class AwsEc2ReferenceChecker implements Ec2ReferenceChecker {
  private readonly clients = new Map<string, EC2Client>();

  async missingReferences(region: string, refs: Ec2References): Promise<string[]> {
    const client = this.client(region);
    const reasons: string[] = [];
    if (refs.imageIds.length > 0) {
      // A filter, not ImageIds: unknown ids then simply do not match instead of failing the call.
      const found = await client.send(
        new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [...refs.imageIds] }], IncludeDeprecated: true }),
      );
      const existing = new Set((found.Images ?? []).map((image) => image.ImageId));
      for (const id of refs.imageIds) {
        if (!existing.has(id)) reasons.push(`${region}: AMI ${id} does not exist (or is not visible to this account)`);
      }
    }
    if (refs.securityGroupNames.length > 0) {
      const found = await client.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [...refs.securityGroupNames] }] }),
      );
      const existing = new Set((found.SecurityGroups ?? []).map((group) => group.GroupName));
      for (const name of refs.securityGroupNames) {
        if (!existing.has(name)) reasons.push(`${region}: security group ${name} does not exist`);
      }
    }
    return reasons;
  }

  /** Releases the per-region clients' sockets. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(region: string): EC2Client {
    let client = this.clients.get(region);
    if (!client) {
      client = new EC2Client({ region });
      this.clients.set(region, client);
    }
    return client;
  }
}
