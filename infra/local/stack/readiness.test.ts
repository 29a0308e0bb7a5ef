import { ChildExitedError, waitUntil } from './readiness';

describe('waiting for the stack to be healthy', () => {
  it("gives up as soon as a process exits, with that process's own words instead of a timeout", async () => {
    const exit = { name: 'api', code: 1, signal: null, tail: ['SECRETS_KEY decodes to 3 bytes, expected 32'] };
    let checks = 0;
    const attempt = waitUntil('the API', async () => (checks++, false), { failure: () => exit });
    await expect(attempt).rejects.toBeInstanceOf(ChildExitedError);
    await expect(attempt).rejects.toThrow('api exited during start-up (code 1); its last output:\nSECRETS_KEY decodes to 3 bytes, expected 32');
    expect(checks).toBe(0); // no health check, no poll interval: at once
  });

  it('returns once the check passes', async () => {
    let calls = 0;
    await waitUntil('the daemon', async () => ++calls === 3, { failure: () => undefined });
    expect(calls).toBe(3);
  });
});
