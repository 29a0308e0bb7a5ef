import type { JsonObject } from './types';

/**
 * What an instance finds in its EC2 user data (base64 JSON), with exactly the keys of the
 * AWS Provisioner v1 contract. Fields only known at launch time (bid, price, token) are
 * null in previews such as getLaunchSpecs.
 */
export interface InstanceUserData {
  /** The cascaded userData of the worker type. */
  readonly data: JsonObject;
  readonly capacity: number;
  readonly workerType: string;
  readonly provisionerId: string;
  readonly region: string;
  readonly availabilityZone: string | null;
  readonly instanceType: string;
  readonly spotBid: number | null;
  readonly price: number | null;
  /** ISO date-time the launch specification was generated. */
  readonly launchSpecGenerated: string;
  /** ISO date-time of the worker type definition the spec came from. */
  readonly lastModified: string;
  readonly provisionerBaseUrl: string;
  readonly taskclusterRootUrl: string;
  readonly securityToken: string | null;
}

export const USER_DATA_KEYS = [
  'data',
  'capacity',
  'workerType',
  'provisionerId',
  'region',
  'availabilityZone',
  'instanceType',
  'spotBid',
  'price',
  'launchSpecGenerated',
  'lastModified',
  'provisionerBaseUrl',
  'taskclusterRootUrl',
  'securityToken',
] as const satisfies readonly (keyof InstanceUserData)[];

/** Encodes the user data as EC2 expects it: base64 of the JSON, keys in contract order. */
export function encodeUserData(userData: InstanceUserData): string {
  const ordered: Record<string, unknown> = {};
  for (const key of USER_DATA_KEYS) ordered[key] = userData[key];
  return Buffer.from(JSON.stringify(ordered), 'utf8').toString('base64');
}

/** The inverse of encodeUserData, for tests and for tools inspecting a launch. */
export function decodeUserData(base64: string): InstanceUserData {
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as InstanceUserData;
}
