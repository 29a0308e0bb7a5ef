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
