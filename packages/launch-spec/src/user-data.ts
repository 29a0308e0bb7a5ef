import type { JsonObject } from './types';

/**
 * What an instance finds in its EC2 user data (base64 JSON): the keys of the AWS Provisioner
 * v1 contract, then the worker's identity in the queue (an addition). Fields only known at
 * launch time (bid, price, token) are null in previews such as getLaunchSpecs.
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
  /** The worker's `workerGroup` in the queue: the instance's region (as Taskcluster's AWS workers). */
  readonly workerGroup: string;
  /** Where the worker's `workerId` comes from: its own EC2 instance id (WORKER_ID_FROM). */
  readonly workerIdFrom: typeof WORKER_ID_FROM;
}

/**
 * A worker's `workerId` is its EC2 instance id, which exists only once the instance does, so
 * user data (written before launch) names its source instead of a value: the instance
 * metadata service's `/latest/meta-data/instance-id` (IMDSv2: a token from
 * `PUT /latest/api/token` first). Scale-down finds the worker in the queue by that id.
 */
export const WORKER_ID_FROM = 'ec2-metadata:instance-id';

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
  'workerGroup',
  'workerIdFrom',
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
