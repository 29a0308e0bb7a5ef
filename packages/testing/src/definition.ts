/**
 * The one builder of worker-type definitions for tests and benchmarks: a small valid
 * definition (m5.large, capacity and utility 1, spot only, no scaling ratio) in the regions of
 * the images it is given, with any field overridden. Its values are plain data typed by what
 * they are, not by the model's schema (this package imports nothing of ours, so the model's own
 * tests can use it): handing it to the model's code checks it against the schema's types.
 */

/** An AMI id for definitions nothing launches from (plan previews, pure planning, the simulator). */
export const PLACEHOLDER_IMAGE_ID = 'ami-0123456789abcdef0';

/** One entry of `instanceTypes`. */
export function instanceTypeEntry(instanceType: string, capacity = 1, utility = 1) {
  return { instanceType, capacity, utility, launchSpec: {}, secrets: {}, userData: {}, scopes: [] as string[] };
}

/** One entry of `regions`, launching from `imageId`. */
export function regionEntry(region: string, imageId: string = PLACEHOLDER_IMAGE_ID) {
  return { region, launchSpec: { ImageId: imageId }, secrets: {}, userData: {}, scopes: [] as string[] };
}

/** One entry of `availabilityZones`. */
export function zoneEntry(availabilityZone: string) {
  return { region: availabilityZone.slice(0, -1), availabilityZone, launchSpec: {} };
}

function baseDefinition(images: Readonly<Record<string, string>>) {
  return {
    description: 'test worker type',
    owner: 'tests@example.com',
    minCapacity: 0,
    maxCapacity: 10,
    scalingRatio: 0,
    minPrice: 0,
    maxPrice: 1,
    canUseSpot: true,
    canUseOndemand: false,
    launchSpec: {},
    userData: {},
    secrets: {},
    scopes: [] as string[],
    instanceTypes: [instanceTypeEntry('m5.large')],
    regions: Object.entries(images).map(([region, imageId]) => regionEntry(region, imageId)),
    availabilityZones: [] as ReturnType<typeof zoneEntry>[],
  };
}

export type DefinitionLiteral = ReturnType<typeof baseDefinition>;

/**
 * A definition launching from `images` (region → AMI id, in the order given; by default the
 * placeholder AMI in us-east-1), with `overrides` replacing whole fields.
 */
export function workerTypeDefinition<Overrides extends object = object>(
  images: Readonly<Record<string, string>> = { 'us-east-1': PLACEHOLDER_IMAGE_ID },
  overrides?: Overrides,
): DefinitionLiteral & Overrides {
  return { ...baseDefinition(images), ...overrides } as DefinitionLiteral & Overrides;
}
