import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadDefinition, normalizedDefinition } from '../src/definitions';
import { diffValues, formatChange } from '../src/diff';
import { parseInstant } from '../src/commands/history';
import { namePattern } from '../src/commands/ami';
import { apiTargetFromEnv } from '../src/environment';
import { BIN, definition } from './support';

describe('diffs between a stored and a new definition', () => {
  it('names each changed path once, with before and after', () => {
    const lines = diffValues(
      { maxCapacity: 10, regions: [{ region: 'us-east-1' }], launchSpec: { KeyName: 'a' } },
      { maxCapacity: 20, regions: [{ region: 'us-east-1' }, { region: 'us-west-2' }], launchSpec: {} },
    ).map(formatChange);
    expect(lines).toEqual(['- launchSpec.KeyName: "a"', '~ maxCapacity: 10 → 20', '+ regions[1]: {"region":"us-west-2"}']);
  });

  it('never prints a secret value', () => {
    const lines = diffValues({ secrets: { a: 'old-secret' }, regions: [{ secrets: { b: 'x' } }] }, { secrets: { a: 'new-secret', c: 'added-secret' }, regions: [{ secrets: {} }] }).map(formatChange);
    expect(lines.join('\n')).not.toMatch(/old-secret|new-secret|added-secret|"x"/);
    expect(lines).toContain('~ secrets.a: (secret value changed)');
    expect(lines).toContain('+ secrets.c: (secret)');
    expect(lines).toContain('- regions[0].secrets.b: (secret)');
  });

  it('sees no change between a definition and the same one stored with its defaults filled in', async () => {
    const { minCapacity: _min, availabilityZones: _zones, ...written } = definition({ 'us-east-1': 'ami-1', 'us-west-2': 'ami-2' });
    const stored = { ...written, minCapacity: 0, availabilityZones: [], workerType: 'x', lastModified: '2026-01-01T00:00:00.000Z' };
    expect(diffValues(await normalizedDefinition(stored), await normalizedDefinition(written))).toEqual([]);
    expect(diffValues(await normalizedDefinition(stored), await normalizedDefinition({ ...written, minCapacity: 1 })).map(formatChange)).toEqual(['~ minCapacity: 0 → 1']);
  });
});

describe('definition files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-units-'));

  it('names a definition by its workerType field, else by its file name, and drops get-only fields', () => {
    writeFileSync(path.join(dir, 'from-file.yaml'), 'maxCapacity: 3\nlastModified: "2026-01-01T00:00:00.000Z"\n');
    writeFileSync(path.join(dir, 'whatever.json'), '{"workerType": "from-field", "maxCapacity": 3}');
    expect(loadDefinition(path.join(dir, 'from-file.yaml'))).toMatchObject({ name: 'from-file', body: { maxCapacity: 3 } });
    expect(loadDefinition(path.join(dir, 'from-file.yaml')).body).not.toHaveProperty('lastModified');
    expect(loadDefinition(path.join(dir, 'whatever.json'))).toMatchObject({ name: 'from-field', body: { maxCapacity: 3 } });
  });

  it('reports a file that is not one definition instead of sending it', () => {
    writeFileSync(path.join(dir, 'list.yaml'), '- a\n- b\n');
    expect(loadDefinition(path.join(dir, 'list.yaml')).problem).toMatch(/must hold one worker-type definition/);
  });
});

describe('arguments', () => {
  it('reads --since as a duration back from now or an ISO time', () => {
    const now = new Date('2026-11-22T12:00:00.000Z');
    expect(parseInstant('1h', now, '--since')).toBe('2026-11-22T11:00:00.000Z');
    expect(parseInstant('90m', now, '--since')).toBe('2026-11-22T10:30:00.000Z');
    expect(parseInstant('2026-11-20T00:00:00Z', now, '--since')).toBe('2026-11-20T00:00:00.000Z');
    expect(() => parseInstant('yesterday', now, '--since')).toThrow('--since must be a duration');
  });

  it('matches a bare image name anywhere, and passes EC2 wildcards through', () => {
    expect(namePattern('ubuntu')).toBe('*ubuntu*');
    expect(namePattern('amzn2-ami-hvm-*-x86_64-gp2')).toBe('amzn2-ami-hvm-*-x86_64-gp2');
  });

  it('takes credentials only as a pair, and a certificate only with them', () => {
    expect(() => apiTargetFromEnv({ TASKCLUSTER_ROOT_URL: 'http://x', TASKCLUSTER_CLIENT_ID: 'a' })).toThrow('must be set together');
    expect(() => apiTargetFromEnv({ TASKCLUSTER_ROOT_URL: 'ftp://x' })).toThrow('must be an http(s) URL');
    expect(apiTargetFromEnv({ TASKCLUSTER_ROOT_URL: 'http://x/' })).toEqual({ rootUrl: 'http://x' });
  });
});

describe('shell completion', () => {
  const script = (shell: string) => execFileSync(process.execPath, [BIN, 'completion', shell], { encoding: 'utf8' });

  it('completes commands and options in bash', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-completion-')), 'spot-provisioner.bash');
    writeFileSync(file, script('bash'));
    const complete = (...words: string[]) =>
      execFileSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _spot_provisioner; echo "\${COMPREPLY[*]}"`], {
        encoding: 'utf8',
      }).trim();
    expect(complete('spot-provisioner', 'ap')).toBe('apply');
    expect(complete('spot-provisioner', 'apply', '--d')).toBe('--dry-run');
    expect(complete('spot-provisioner', 'get', 'x', '-o', '')).toBe('json yaml');
  });

  it('writes a zsh completion function for every command', () => {
    const zsh = script('zsh');
    expect(zsh.startsWith('#compdef spot-provisioner')).toBe(true);
    for (const command of ['apply', 'list', 'get', 'state', 'decision', 'history', 'preview', 'delete', 'ami']) expect(zsh).toContain(`    ${command}) _arguments`);
    expect(zsh).not.toContain('__worker-types)');
  });
});
