/**
 * The CLI as its users run it: the real binary, against a real API over DynamoDB Local and moto.
 */
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { cliEnv, definition, runCli, tempDir, testApiForFile, writeJson } from './support';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the spot-provisioner CLI against a running API', () => {
  const api = testApiForFile('cli');
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cliEnv(api);
  });

  const lastModified = async (name: string) => {
    const result = await runCli(['get', name, '--json'], env);
    return (JSON.parse(result.stdout) as { lastModified: string }).lastModified;
  };

  it('applies a directory: creates, then changes nothing, then updates showing the diff', async () => {
    const dir = tempDir('apply');
    writeJson(path.join(dir, 'web-small.json'), definition(api.images));
    // YAML as people write it; the workerType field names it, not the file
    writeFileSync(path.join(dir, 'named.yaml'), toYaml({ workerType: 'build-large', ...definition(api.images, { maxCapacity: 8 }) }));

    const created = await runCli(['apply', '-f', dir], env);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(`created: build-large (${path.join(dir, 'named.yaml')})`);
    expect(created.stdout).toContain(`created: web-small (${path.join(dir, 'web-small.json')})`);
    const firstModified = await lastModified('web-small');

    const again = await runCli(['apply', '-f', dir], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unchanged: build-large');
    expect(again.stdout).toContain('unchanged: web-small');
    expect(again.stdout).toContain('2 definitions: 2 unchanged');
    expect(await lastModified('web-small')).toBe(firstModified);

    writeJson(path.join(dir, 'web-small.json'), definition(api.images, { maxCapacity: 6, secrets: { token: 'rotated-secret-value' } }));
    const dryRun = await runCli(['apply', '-f', dir, '--dry-run'], env);
    expect(dryRun.stdout).toContain('would update: web-small');
    expect(await lastModified('web-small')).toBe(firstModified);

    const updated = await runCli(['apply', '-f', dir], env);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('updated: web-small');
    expect(updated.stdout).toContain('    ~ maxCapacity: 4 → 6');
    expect(updated.stdout).toContain('    ~ secrets.token: (secret value changed)');
    expect(updated.stdout).not.toContain('secret-value');
    expect(updated.stdout).toContain('unchanged: build-large');
    const stored = JSON.parse((await runCli(['get', 'web-small', '-o', 'json'], env)).stdout) as { maxCapacity: number; lastModified: string };
    expect(stored.maxCapacity).toBe(6);
    expect(stored.lastModified).not.toBe(firstModified);
  });

  it('applies every good file when one fails, and exits 1 with the API reasons', async () => {
    const dir = tempDir('failing');
    writeJson(path.join(dir, 'a-good.json'), definition(api.images));
    writeJson(path.join(dir, 'b-bad.json'), definition(api.images, { maxCapacity: 'lots', regions: [] }));
    writeFileSync(path.join(dir, 'c-broken.yaml'), 'description: [unclosed\n');
    writeJson(path.join(dir, 'd-good.json'), definition(api.images));

    const result = await runCli(['apply', '-f', dir], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('created: a-good');
    expect(result.stdout).toContain('created: d-good');
    expect(result.stdout).toMatch(/failed: b-bad \(.*b-bad\.json\): \w+: .*\n\s+- .*maxCapacity/);
    expect(result.stdout).toMatch(/failed: c-broken \(.*c-broken\.yaml\): InvalidFile: cannot read/);
    expect(result.stdout).toContain('4 definitions: 2 created, 2 failed (exit code 1)');
    expect((await runCli(['get', 'b-bad'], env)).code).toBe(1);
  });

  it('round-trips get output through apply, in YAML and JSON', async () => {
    const dir = tempDir('roundtrip');
    writeJson(path.join(dir, 'round-trip.json'), definition(api.images, { userData: { nested: { list: [1, 2] } } }));
    expect((await runCli(['apply', '-f', dir], env)).code).toBe(0);

    const yamlOut = await runCli(['get', 'round-trip'], env);
    expect(yamlOut.code).toBe(0);
    expect(parseYaml(yamlOut.stdout)).toMatchObject({ workerType: 'round-trip', maxCapacity: 4 });
    const yamlFile = path.join(tempDir('yaml'), 'anything.yaml');
    writeFileSync(yamlFile, yamlOut.stdout);
    expect(await runCli(['apply', '-f', yamlFile], env)).toMatchObject({ code: 0, stdout: `unchanged: round-trip (${yamlFile})\n` });

    const jsonFile = path.join(tempDir('json'), 'other-name.json');
    writeFileSync(jsonFile, (await runCli(['get', 'round-trip', '-o', 'json'], env)).stdout);
    expect(await runCli(['apply', '-f', jsonFile], env)).toMatchObject({ code: 0, stdout: `unchanged: round-trip (${jsonFile})\n` });
  });

  it('deletes only when told to: refuses without a terminal or --yes, then deletes with --yes', async () => {
    const dir = tempDir('delete');
    writeJson(path.join(dir, 'to-delete.json'), definition(api.images));
    await runCli(['apply', '-f', dir], env);

    const refused = await runCli(['delete', 'to-delete'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not deleting to-delete: no terminal to confirm on; pass --yes');
    expect((await runCli(['get', 'to-delete'], env)).code).toBe(0);

    expect(await runCli(['delete', 'to-delete', '--yes'], env)).toMatchObject({ code: 0, stdout: 'deleted: to-delete\n' });
    const gone = await runCli(['get', 'to-delete'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('ResourceNotFound');
    expect((await runCli(['delete', 'to-delete', '--yes'], env)).stderr).toContain('worker type to-delete does not exist');
  });

  it('prints parsable JSON for scripts on the read commands', async () => {
    const dir = tempDir('json-out');
    writeJson(path.join(dir, 'json-listed.json'), definition(api.images));
    const applied = await runCli(['apply', '-f', dir, '--json'], env);
    expect(JSON.parse(applied.stdout)).toEqual([expect.objectContaining({ workerType: 'json-listed', outcome: 'created' })]);

    const listed = JSON.parse((await runCli(['list', '--json'], env)).stdout) as Array<{ workerType: string }>;
    expect(listed.map((s) => s.workerType)).toContain('json-listed');
    // what shell completion offers after `get `
    expect((await runCli(['__worker-types'], env)).stdout.split('\n')).toContain('json-listed');
    const table = await runCli(['list'], env);
    expect(table.stdout).toMatch(/^WORKER TYPE\s+RUNNING\s+PENDING\s+REQUESTED\s+MIN\s+MAX\n/);

    const images = JSON.parse((await runCli(['ami', api.imageName, '--json'], { ...env, ALLOWED_REGIONS: 'us-east-1,us-west-2' })).stdout) as Array<{ region: string; imageId: string }>;
    expect(images).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ region: 'us-east-1', imageId: api.images['us-east-1'] }),
        expect.objectContaining({ region: 'us-west-2', imageId: api.images['us-west-2'] }),
      ]),
    );
  });

  it('exits 2 on usage and configuration errors, 1 when the API refuses, 0 for help', async () => {
    const help = await runCli(['apply', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: spot-provisioner apply [options]');
    expect((await runCli(['get'], env)).code).toBe(2);
    expect((await runCli(['list', '--bogus'], env)).code).toBe(2);
    expect((await runCli(['get', 'x', '-o', 'xml'], env)).code).toBe(2);
    expect((await runCli(['apply', '-f', '/nonexistent/defs'], env)).stderr).toContain('-f /nonexistent/defs: no such file or directory');

    const unconfigured = await runCli(['list'], { ...env, TASKCLUSTER_ROOT_URL: '' });
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toContain('TASKCLUSTER_ROOT_URL is not set');

    const dir = tempDir('refused');
    writeJson(path.join(dir, 'not-allowed.json'), definition(api.images));
    const refused = await runCli(['apply', '-f', dir], { ...env, TASKCLUSTER_ACCESS_TOKEN: 'wrong-token' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/failed: not-allowed .*: \w+/);

    const closed = await closedPort();
    const unreachable = await runCli(['list'], { ...env, TASKCLUSTER_ROOT_URL: `http://127.0.0.1:${closed}` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach the API at http://127.0.0.1:${closed} (ECONNREFUSED)`);
  });
});
