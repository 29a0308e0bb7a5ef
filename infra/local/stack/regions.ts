/**
 * EC2 regions, to name a mistyped ALLOWED_REGIONS entry before anything starts (an unknown
 * region otherwise surfaces later as an unrelated endpoint or XML error).
 */
export const KNOWN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

export function unknownRegionProblems(value: string | undefined): string[] {
  if (value === undefined) return [];
  const regions = value.split(',').map((region) => region.trim()).filter(Boolean);
  if (regions.length === 0) return [`ALLOWED_REGIONS names no region; allowed values: ${KNOWN_REGIONS.join(', ')}`];
  return regions
    .filter((region) => !(KNOWN_REGIONS as readonly string[]).includes(region))
    .map((region) => `ALLOWED_REGIONS: unknown region "${region}"; allowed values: ${KNOWN_REGIONS.join(', ')}`);
}
