import { ChildExitedError, waitUntil } from './readiness';

describe('waiting for the stack to be healthy', () => {
  it("gives up as soon as a process exits, with that process's own words instead of a timeout", async () => {
    const exit = { name: 'api', code: 1, signal: null, tail: ['SECRETS_KEY decodes to 3 bytes, expected 32'] };
    const started = Date.now();
    const attempt = waitUntil('the API', async () => false, { failure: () => exit });
    await expect(attempt).rejects.toBeInstanceOf(ChildExitedError);
    await expect(attempt).rejects.toThrow('api exited during start-up (code 1); its last output:\nSECRETS_KEY decodes to 3 bytes, expected 32');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('returns once the check passes', async () => {
    let calls = 0;
    await waitUntil('the daemon', async () => ++calls === 3, { failure: () => undefined });
    expect(calls).toBe(3);
  });
});
