/**
 * The parts of a worker type definition the cascade reads. Declared structurally so the
 * zod-inferred definition of @spot-provisioner/model satisfies them without a cast, and so
 * this package stays pure (no storage, no AWS).
 */
export type JsonObject = Record<string, unknown>;

export interface InstanceTypeLevel {
  readonly instanceType: string;
  readonly capacity: number;
  readonly utility: number;
  readonly launchSpec: JsonObject;
  readonly userData: JsonObject;
  readonly secrets: JsonObject;
  readonly scopes: readonly string[];
}

export interface RegionLevel {
  readonly region: string;
  readonly launchSpec: JsonObject;
  readonly userData: JsonObject;
  readonly secrets: JsonObject;
  readonly scopes: readonly string[];
}

export interface AvailabilityZoneLevel {
  readonly region: string;
  readonly availabilityZone: string;
  readonly launchSpec: JsonObject;
  readonly userData?: JsonObject | undefined;
  readonly secrets?: JsonObject | undefined;
}

export interface CascadeDefinition {
  readonly launchSpec: JsonObject;
  readonly userData: JsonObject;
  readonly secrets: JsonObject;
  readonly scopes: readonly string[];
  readonly instanceTypes: readonly InstanceTypeLevel[];
  readonly regions: readonly RegionLevel[];
  readonly availabilityZones?: readonly AvailabilityZoneLevel[] | undefined;
}

/**
 * One place an instance can be launched. `availabilityZone` is null for a region that
 * configures no zones: any zone EC2 offers there is allowed and the caller picks it.
 */
export interface Pool {
  readonly region: string;
  readonly availabilityZone: string | null;
  readonly instanceType: string;
}
