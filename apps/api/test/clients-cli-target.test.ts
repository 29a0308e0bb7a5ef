import { execFile } from 'node:child_process';
import path from 'node:path';
import { dynamoDbTarget } from '../src/cli/dynamodb-target';

const CLIENTS_CLI = path.resolve(__dirname, '..', 'src', 'cli', 'clients.ts');

describe("the clients CLI's DynamoDB target", () => {
  it('uses the endpoint the environment names, with or without --aws', () => {
    expect(dynamoDbTarget(['list'], { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' })).toEqual({ kind: 'endpoint', endpoint: 'http://127.0.0.1:8000', argv: ['list'] });
    expect(dynamoDbTarget(['list', '--aws'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toMatchObject({ kind: 'endpoint', argv: ['list'] });
  });

  it('aims at real AWS only when told to with --aws', () => {
    expect(dynamoDbTarget(['--aws', 'list'], {})).toEqual({ kind: 'aws', argv: ['list'] });
    expect(dynamoDbTarget(['list'], {})).toMatchObject({ kind: 'none' });
  });

  it('refuses to run without a target, saying how to give one (through its real entry point)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    delete env.AWS_ENDPOINT_URL;
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', CLIENTS_CLI, 'list'], { env }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('clients: no DynamoDB target. Set AWS_ENDPOINT_URL_DYNAMODB (with the local stack running: source .local/env), or pass --aws');
  });
});
