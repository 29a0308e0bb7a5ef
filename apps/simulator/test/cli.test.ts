/** The CLI through its real entry point: exit codes, one JSON line, a self-contained plot. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(__dirname, '..', 'src', 'cli.ts');
/** A guard against a hang, under jest's own: a loaded machine runs a simulation slowly. */
const SIM_TIMEOUT_MS = 110_000;

async function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // `node --import tsx`: the same loader as the tsx command, in one process instead of two
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, timeout: SIM_TIMEOUT_MS });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pnpm sim', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));

  it('replays a trace file and prints one JSON summary line (here with the uneven interruption scenario and learned placement); --plot writes a page with no outside resources', async () => {
    const trace = path.join(dir, 'tiny.jsonl');
    writeFileSync(trace, '# two tests\n{"t": 5, "workerType": "test-linux", "durationS": 300}\n{"t": 6, "workerType": "test-linux", "durationS": 200}\n');
    const plot = path.join(dir, 'out', 'plot.html');
    // 2.4 hours: the two tasks are done within the first, and a whole day of idle iterations would only cost time
    const { code, stdout } = await sim(['--trace', trace, '--days', '0.1', '--policy', 'lookahead', '--claim-order', 'most-recent', '--interruptions', 'uneven', '--placement', 'learned', '--plot', plot]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string);
    expect(summary).toMatchObject({ policy: 'lookahead', tasks: 2, tasksCompleted: 2, tasksUnfinished: 0, warnings: expect.any(Number) });
    expect(summary.waitP95S).toBeGreaterThan(0);
    const html = readFileSync(plot, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Queued tasks');
    // nothing loaded from elsewhere: the only URL is the SVG namespace name
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/<script|<link|src=|url\(|https?:\/\//);
  });

  it('writes a generated trace that replays', async () => {
    const { code, stdout } = await sim(['--generate', 'bursty', '--seed', '3']);
    expect(code).toBe(0);
    const first = JSON.parse(stdout.split('\n')[0] as string);
    expect(Object.keys(first).sort()).toEqual(['durationS', 't', 'workerType']);
  });

  it('refuses an unknown policy with exit code 2, naming the allowed ones', async () => {
    const { code, stderr, stdout } = await sim(['--trace', 'steady', '--policy', 'psychic']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/allowed: classic, lookahead/);
  });

  it('refuses an unknown claim order with exit code 2, naming the allowed ones', async () => {
    const { code, stderr, stdout } = await sim(['--trace', 'steady', '--claim-order', 'fifo']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--claim-order takes one of random, longest-idle, most-recent/);
  });

  it('refuses an unknown placement or interruption scenario with exit code 2, naming the allowed ones', async () => {
    const trace = 'steady';
    const refused = await sim(['--trace', trace, '--placement', 'psychic']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--placement takes one of price-only, learned/);
    expect((await sim(['--trace', trace, '--interruptions', 'some'])).stderr).toMatch(/--interruptions takes one of default, uneven/);
  }, 60_000);

  it('refuses a missing trace, a malformed one and a length of no days with exit code 2', async () => {
    expect((await sim(['--trace', path.join(dir, 'absent.jsonl')])).code).toBe(2);
    const noDays = await sim(['--trace', 'steady', '--days', '0']);
    expect(noDays.code).toBe(2);
    expect(noDays.stderr).toMatch(/--days must be a number of days > 0, got "0"/);
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"t": -1, "workerType": "x", "durationS": 5}\nnot json\n');
    const { code, stderr } = await sim(['--trace', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 1: t must be a number ≥ 0; line 2: not JSON/);
  });
});
