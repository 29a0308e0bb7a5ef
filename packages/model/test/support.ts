/** Test helpers: a fresh set of tables per test file on DynamoDB Local, the sample definitions, slugids. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { engineEndpoints, TEST_REGION, uniqueTablePrefix, workerTypeSample, type WorkerTypeSample } from '@spot-provisioner/testing';
import {
  createDocumentClient,
  createMemoryRepositories,
  createRepositories,
  createTables,
  devKeyring,
  type Keyring,
  type Repositories,
  type WorkerTypeDefinitionInput,
} from '../src';

export interface TestTables {
  readonly prefix: string;
  readonly client: DynamoDBClient;
  readonly repos: (options?: { keyring?: Keyring; pageSize?: number }) => Repositories;
}

/** Creates this file's tables under a unique prefix; repos() builds repositories over them. */
export async function setUpTables(label: string): Promise<TestTables> {
  engineEndpoints(); // fails loudly when no engine is configured
  const prefix = uniqueTablePrefix(label);
  const client = new DynamoDBClient({ region: TEST_REGION });
  await createTables({ client, prefix });
  const documentClient = createDocumentClient({ client });
  const defaultKeyring = devKeyring();
  return {
    prefix,
    client,
    repos: (options = {}) =>
      createRepositories({
        documentClient,
        prefix,
        keyring: options.keyring ?? defaultKeyring,
        pageSize: options.pageSize,
      }),
  };
}

/** A sample definition from the repository's data (a fresh copy). */
export function fixture(name: WorkerTypeSample): WorkerTypeDefinitionInput {
  return workerTypeSample<WorkerTypeDefinitionInput>(name);
}

/** A Taskcluster v4 slugid: a random UUID as url-safe base64 without padding. */
export function slugid(): string {
  const hex = randomUUID().replace(/-/g, '');
  return Buffer.from(hex, 'hex').toString('base64url');
}

export const at = (iso: string): Date => new Date(iso);

/**
 * Base time for tests that write expiring items (Secrets, Launches): a whole minute an hour
 * ahead of the real clock. DynamoDB Local deletes items once their TTL passes in real time,
 * so items stamped with fixed past dates would vanish mid-test; expiry on read is tested by
 * moving the injected `now`, not the real clock.
 */
export const T0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000);
export const MINUTE_MS = 60_000;
/** `base` moved by `ms`. */
export const plus = (base: Date, ms: number): Date => new Date(base.getTime() + ms);

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Every repository contract runs against both implementations, so the in-memory twin cannot drift. */
export const IMPLEMENTATIONS = ['DynamoDB', 'in-memory'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];
export type ContractRepositories = Pick<
  Repositories,
  'workerTypes' | 'secrets' | 'workerState' | 'launches' | 'provisioner' | 'decisions' | 'capacityHistory' | 'markets' | 'poolRisk'
>;

/** Fresh, empty repositories of one implementation (DynamoDB: new tables under a unique prefix). */
export async function contractRepositories(
  implementation: Implementation,
  label: string,
  options: { pageSize?: number } = {},
): Promise<ContractRepositories> {
  if (implementation === 'in-memory') return createMemoryRepositories();
  return (await setUpTables(label)).repos(options);
}
