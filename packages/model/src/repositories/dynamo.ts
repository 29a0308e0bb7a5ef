/** Small helpers every repository shares: validation, conditional-write detection, paging, TTL. */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { CorruptRecordError, InvalidRecordError } from '../errors';

/** Parses input with a schema and turns every issue into one InvalidRecordError. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidRecordError(what, issueReasons(result.error));
}

/** Parses what a table returned; a failure is corruption (CorruptRecordError), not bad input. */
export function parseStored<S extends z.ZodType>(schema: S, item: unknown, what: string): z.output<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  throw new CorruptRecordError(what, issueReasons(result.error));
}

function issueReasons(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** DynamoDB TTL wants epoch seconds. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Drops undefined members (DynamoDB rejects them) without touching nested values' shape. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** A projection of attribute paths (`definition.maxCapacity` is a nested map member), every name a placeholder. */
function projectionOf(paths: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  const names = new Map<string, string>();
  const placeholder = (name: string) => {
    if (!names.has(name)) names.set(name, `#p${names.size}`);
    return names.get(name) as string;
  };
  const expression = paths.map((path) => path.split('.').map(placeholder).join('.')).join(', ');
  return { ProjectionExpression: expression, ExpressionAttributeNames: Object.fromEntries([...names].map(([name, alias]) => [alias, name])) };
}

/** Scans a whole table, following LastEvaluatedKey to the end; `projection` lists attribute paths to read. */
export async function scanAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { pageSize?: number; projection?: readonly string[] } = {},
): Promise<Record<string, unknown>[]> {
  const projection = options.projection ? projectionOf(options.projection) : {};
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: startKey,
        Limit: options.pageSize,
        ConsistentRead: true,
        ...projection,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
