/**
 * `ami <name>`: the AMI ids EC2 (or the local emulator) knows per region for an image name,
 * newest first, so a worker-type owner can fill each region's `ImageId`. It asks through the
 * EC2 gateway (packages/ec2-gateway) with a waiting caller's patience; the AWS SDK finds the
 * endpoint and credentials as it always does: AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL and
 * AWS_ACCESS_KEY_ID... (`source .local/env` sets them for the local stack's emulator).
 */
import type { Image } from '@aws-sdk/client-ec2';
import type { Ec2Gateway } from '@spot-provisioner/ec2-gateway';
import { UnreachableError, UsageError } from '../errors';
import { json, table, type Output } from '../output';

const DEFAULT_REGIONS = ['us-east-1', 'us-west-2'];

export interface AmiOptions {
  readonly regions: readonly string[];
  readonly limit: number;
  readonly owner?: string;
  readonly json: boolean;
}

export interface AmiMatch {
  readonly region: string;
  readonly imageId: string;
  readonly name: string;
  readonly creationDate: string | null;
  readonly architecture: string | null;
  readonly ownerId: string | null;
}

/** ALLOWED_REGIONS when set (the regions the provisioner manages), else the stack's defaults. */
export function defaultRegions(env: NodeJS.ProcessEnv): string[] {
  const regions = env.ALLOWED_REGIONS?.split(',').map((r) => r.trim()).filter(Boolean) ?? [];
  return regions.length > 0 ? regions : DEFAULT_REGIONS;
}

/** A bare word matches anywhere in the name; a pattern with * or ? is EC2's own wildcard syntax. */
export function namePattern(text: string): string {
  return /[*?]/.test(text) ? text : `*${text}*`;
}

export async function amiCommand(name: string, options: AmiOptions, output: Output): Promise<number> {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new UsageError('--limit must be a positive whole number');
  // loaded on use: the EC2 SDK is a second of start-up the other commands should not pay
  const { Ec2Gateway, INTERACTIVE_EC2_TIMEOUTS, INTERACTIVE_RETRY } = await import('@spot-provisioner/ec2-gateway');
  const gateway = new Ec2Gateway({ timeouts: INTERACTIVE_EC2_TIMEOUTS, retry: INTERACTIVE_RETRY });
  let matches: AmiMatch[];
  try {
    matches = (await Promise.all(options.regions.map((region) => imagesIn(gateway, region, name, options)))).flat();
  } finally {
    gateway.destroy();
  }
  if (options.json) {
    output.out(json(matches));
    return 0;
  }
  if (matches.length === 0) {
    output.out(`No image named like "${namePattern(name)}" in ${options.regions.join(', ')}.\n`);
    return 1;
  }
  output.out(table(['REGION', 'IMAGE ID', 'CREATED', 'ARCH', 'NAME'], matches.map((m) => [m.region, m.imageId, m.creationDate, m.architecture, m.name])));
  return 0;
}

async function imagesIn(gateway: Ec2Gateway, region: string, name: string, options: AmiOptions): Promise<AmiMatch[]> {
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const out = await gateway
    .call(region, 'DescribeImages', (client) =>
      client.send(
        new DescribeImagesCommand({
          Filters: [{ Name: 'name', Values: [namePattern(name)] }],
          ...(options.owner ? { Owners: [options.owner] } : {}),
        }),
      ),
    )
    .catch((error: unknown) => {
      const where = process.env.AWS_ENDPOINT_URL_EC2 || process.env.AWS_ENDPOINT_URL || `AWS (${region})`;
      throw new UnreachableError(`cannot list images from EC2 at ${where}: ${(error as Error).message} (with the local stack: source .local/env)`);
    });
  return newestFirst(out.Images ?? [])
    .slice(0, options.limit)
    .map((image) => ({
      region,
      imageId: image.ImageId ?? '',
      name: image.Name ?? '',
      creationDate: image.CreationDate ?? null,
      architecture: image.Architecture ?? null,
      ownerId: image.OwnerId ?? null,
    }));
}

function newestFirst(images: readonly Image[]): Image[] {
  return [...images].filter((image) => image.ImageId).sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? '') || (b.Name ?? '').localeCompare(a.Name ?? ''));
}
