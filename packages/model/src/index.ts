/**
 * @spot-provisioner/model: zod schemas (single source of truth for storage, API
 * validation and OpenAPI) and one repository per DynamoDB table. See README.md.
 */
export * from './schemas/identifiers';
export * from './schemas/worker-type';
export * from './schemas/secret';
export * from './schemas/worker-state';
export * from './schemas/launch';
export * from './schemas/provisioner';
export * from './schemas/client';
export * from './schemas/decision';
export * from './schemas/storable';
export * from './schemas/definition-limits';
export * from './schemas/market';
export * from './schemas/pool-risk';

export * from './errors';
export { canonicalJson, sameJson } from './canonical';

export {
  KEY_BYTES,
  devKeyring,
  generateKey,
  keyId,
  decodeKey,
  keyringFromEnv,
  keyringFromKeys,
  type EncryptionKey,
  type Keyring,
} from './crypto/keyring';
export { EnvelopeSchema, openJson, sealJson, type Envelope } from './crypto/envelope';

export * from './tables/definitions';
export { createTables, deleteTables, type TableCreation, type TablesOptions } from './tables/create-tables';

export * from './repositories/worker-types';
export * from './repositories/secrets';
export * from './repositories/worker-state';
export * from './repositories/launches';
export * from './repositories/provisioner';
export * from './repositories/clients';
export * from './repositories/cached-clients';
export * from './repositories/decisions';
export * from './repositories/capacity-history';
export * from './repositories/markets';
export * from './repositories/pool-risk';
export * from './pool-risk-decay';
export type { ResealCount } from './repositories/reseal';

export * from './factory';

export * from './memory';
