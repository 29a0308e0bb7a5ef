import { DescribeImagesCommand, DescribeSecurityGroupsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { Ec2Gateway, INTERACTIVE_EC2_TIMEOUTS, INTERACTIVE_RETRY, type Sleep } from '@spot-provisioner/ec2-gateway';

/** The EC2 resources a worker type's launch specifications name in one region. */
export interface Ec2References {
  readonly imageIds: readonly string[];
  readonly securityGroupNames: readonly string[];
}

/** The narrow port the API uses to ask EC2 whether referenced resources exist. */
export interface Ec2ReferenceChecker {
  /**
   * One reason per AMI or security group of `refs` that does not exist in `region`. Throws
   * Ec2UnavailableError (`kind: 'unavailable'`, `retryAfterSeconds`) when EC2 throttles or
   * does not answer in time: the API answers 503 with Retry-After.
   */
  missingReferences(region: string, refs: Ec2References): Promise<string[]>;
}

export interface AwsEc2ReferenceCheckerOptions {
  /** Builds a region's client (tests add middleware); defaults to the gateway's, with interactive timeouts. */
  readonly clientFor?: (region: string) => EC2Client;
  readonly sleep?: Sleep;
}

/** The checker over the shared EC2 gateway: a client waits, so short timeouts and one retry. */
export class AwsEc2ReferenceChecker implements Ec2ReferenceChecker {
  private readonly gateway: Ec2Gateway;

  constructor(options: AwsEc2ReferenceCheckerOptions = {}) {
    this.gateway = new Ec2Gateway({ timeouts: INTERACTIVE_EC2_TIMEOUTS, retry: INTERACTIVE_RETRY, ...options });
  }

  async missingReferences(region: string, refs: Ec2References): Promise<string[]> {
    const reasons: string[] = [];
    if (refs.imageIds.length > 0) {
      // A filter, not ImageIds: unknown ids then simply do not match instead of failing the call.
      const found = await this.gateway.call(region, 'DescribeImages', (client) =>
        client.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [...refs.imageIds] }], IncludeDeprecated: true })),
      );
      const existing = new Set((found.Images ?? []).map((image) => image.ImageId));
      for (const id of refs.imageIds) {
        if (!existing.has(id)) reasons.push(`${region}: AMI ${id} does not exist (or is not visible to this account)`);
      }
    }
    if (refs.securityGroupNames.length > 0) {
      const found = await this.gateway.call(region, 'DescribeSecurityGroups', (client) =>
        client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [...refs.securityGroupNames] }] })),
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
    this.gateway.destroy();
  }
}
