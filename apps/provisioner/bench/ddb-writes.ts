/** Counts the DynamoDB write requests repositories send, for the benchmarks' O(1) claims. */
import type { Repositories } from '@spot-provisioner/model';

const WRITE_COMMANDS = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

/** Counts DynamoDB write requests the repositories send through a document client (a BatchWriteItem call counts once). */
export function countWrites(client: Repositories['documentClient']): { count(): number; reset(): void } {
  let writes = 0;
  const send = client.send.bind(client) as (command: object) => Promise<unknown>;
  Object.assign(client, {
    send: (command: object) => {
      if (WRITE_COMMANDS.has(command.constructor.name)) writes += 1;
      return send(command);
    },
  });
  return { count: () => writes, reset: () => void (writes = 0) };
}
