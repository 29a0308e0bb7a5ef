import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { redactUrl } from '../src';
import { loggerOptions, REDACTED } from '../src/http/logging';

describe('redactUrl', () => {
  it.each([
    ['/api/aws-provisioner/v1/secret/WnRqYnDCSh-Uu3-vNnYAsw', '/api/aws-provisioner/v1/secret/[redacted]'],
    ['/v1/instance-started/i-0123abcd/WnRqYnDCSh-Uu3-vNnYAsw', '/v1/instance-started/i-0123abcd/[redacted]'],
    ['/v1/worker-type/x?bewit=abc&other=1', '/v1/worker-type/x?bewit=[redacted]&other=1'],
    ['/v1/worker-type/x', '/v1/worker-type/x'],
  ])('hides the capability in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('log redaction', () => {
  it('replaces secrets of any type, numbers included, and access tokens', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const options = loggerOptions({ level: 'info', stream }) as pino.LoggerOptions & { stream: NodeJS.WritableStream };
    const logger = pino(options, options.stream);
    logger.info({ body: { secrets: { pin: 918273645546372, nested: { code: 4242 } }, accessToken: 'tok-123' }, secrets: 77 }, 'stored');
    const text = lines.join('');
    expect(text).toContain(REDACTED);
    for (const leak of ['918273645546372', '4242', 'tok-123', ':77']) expect(text).not.toContain(leak);
  });
});

describe('the asynchronous log', () => {
  it('loses no line when the process crashes: a fatal line says why, then the process exits 1', async () => {
    const lines = 20_000;
    const entry = path.join(__dirname, 'fixtures', 'log-then-crash.ts');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', entry, String(lines)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.once('close', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    const logged = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; line?: number; level: number; err?: { message: string } });
    expect(code).toBe(1);
    expect(logged.filter((entry) => entry.msg === 'burst').map((entry) => entry.line)).toEqual(Array.from({ length: lines }, (_, line) => line));
    expect(logged.at(-1)).toMatchObject({ level: 60, msg: 'uncaught exception; exiting', err: { message: 'boom' } });
  }, 60_000);

  it('writes a line logged in a quiet moment while the process still runs, without waiting for more lines or the exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'log-then-wait.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
        child.once('exit', () => reject(new Error('exited before writing its line')));
      });
      expect(JSON.parse(line)).toMatchObject({ msg: 'a quiet moment' });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 60_000);
});
