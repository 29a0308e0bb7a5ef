/**
 * The operator commands (clients, re-encrypt) edit credentials: they must never aim at real
 * AWS by accident (the SDK's default when no endpoint variable is set). They run only with an
 * explicit DynamoDB endpoint or the `--aws` acknowledgement.
 */
export const AWS_ACKNOWLEDGEMENT = '--aws';

export type DynamoDbTarget =
  | { readonly kind: 'endpoint'; readonly endpoint: string; readonly argv: readonly string[] }
  | { readonly kind: 'aws'; readonly argv: readonly string[] }
  | { readonly kind: 'none'; readonly problem: string };

export function dynamoDbTarget(argv: readonly string[], env: NodeJS.ProcessEnv, command = 'clients'): DynamoDbTarget {
  const rest = argv.filter((arg) => arg !== AWS_ACKNOWLEDGEMENT);
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  if (endpoint) return { kind: 'endpoint', endpoint, argv: rest };
  if (rest.length !== argv.length) return { kind: 'aws', argv: rest };
  return {
    kind: 'none',
    problem:
      `${command}: no DynamoDB target. Set AWS_ENDPOINT_URL_DYNAMODB (with the local stack running: source .local/env), ` +
      `or pass ${AWS_ACKNOWLEDGEMENT} to act on the tables in real AWS (AWS_REGION, TABLE_PREFIX and SECRETS_KEY as set).`,
  };
}
