/**
 * Key rotation that can finish: every sealed value rewritten under the current key, so the
 * keys in SECRETS_KEY_PREVIOUS are no longer needed. A value changed while this runs is left
 * to its writer (writers always seal under the current key): the conditional write skips it.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EnvelopeSchema, openJson, sealJson } from '../crypto/envelope';
import type { Keyring } from '../crypto/keyring';
import { isConditionFailed, scanAll } from './dynamo';

/** What a reseal of one table did. */
export interface ResealCount {
  /** Rows rewritten under the current key. */
  readonly resealed: number;
  /** Rows already under the current key. */
  readonly current: number;
  /** Rows changed (or removed) between the scan and the rewrite: their writer sealed them. */
  readonly changed: number;
}

export interface SealedAttribute {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly keyring: Keyring;
  /** The table's hash key. */
  readonly key: string;
  /** The attribute holding the envelope (rows without it hold nothing sealed). */
  readonly attribute: string;
  /** The associated data a row's envelope is bound to. */
  readonly context: (keyValue: string) => string;
  readonly pageSize?: number | undefined;
}

/** Reseals one attribute of every row of a table under the current key. */
export async function resealAttribute(table: SealedAttribute): Promise<ResealCount> {
  const items = await scanAll(table.client, table.tableName, { pageSize: table.pageSize, projection: [table.key, table.attribute] });
  let resealed = 0;
  let current = 0;
  let changed = 0;
  for (const item of items) {
    const envelope = EnvelopeSchema.safeParse(item[table.attribute]);
    if (!envelope.success) continue; // nothing sealed here (a taken secret)
    if (envelope.data.kid === table.keyring.current.id) {
      current += 1;
      continue;
    }
    const keyValue = String(item[table.key]);
    const value = openJson(table.keyring, table.context(keyValue), envelope.data);
    try {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { [table.key]: keyValue },
          UpdateExpression: 'SET #sealed = :sealed',
          ConditionExpression: '#sealed.ct = :read',
          ExpressionAttributeNames: { '#sealed': table.attribute },
          ExpressionAttributeValues: { ':sealed': sealJson(table.keyring, table.context(keyValue), value), ':read': envelope.data.ct },
        }),
      );
      resealed += 1;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      changed += 1;
    }
  }
  return { resealed, current, changed };
}
