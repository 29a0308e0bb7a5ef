/**
 * scripts/test.sh itself, run for real on one small pure test file (its jest stage under the
 * LTS Node and its second run under this machine's Node, which print through the same code as
 * a full run; no bootstrap, which the run around this test has done): no line other than
 * jest's reads like a test runner's summary, and the last line is jest's counts of both runs.
 * The other stages' printing is checked on captured output beside their code (the fuzz
 * stage: apps/api/test/fuzz-report.test.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JEST_COUNTS_LINE, runnerSummaryLookalikes, TEST_ENGINES_VARIABLE } from '@spot-provisioner/testing';

const ROOT = path.join(__dirname, '..', '..');
/** Small, pure and quick: no engines, a handful of tests. */
const SAMPLE = 'packages/config/test/config.test.ts';
const NODE_LTS_VERSION = /^NODE_LTS_VERSION=(\S+)$/m.exec(readFileSync(path.join(ROOT, 'scripts', 'node-lts.sh'), 'utf8'))?.[1] ?? '';

/** The script's output as a terminal shows it: stdout and stderr in the order written. */
function runTestCommand(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'exec bash scripts/test.sh "$@" 2>&1', 'test.sh', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * This jest run's own engines and worker must not leak into the nested run, nor its Node: the
 * outer run may be the LTS Node put first on PATH by test.sh; the nested one starts from the
 * machine's PATH, as CI does.
 */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['JEST_WORKER_ID', TEST_ENGINES_VARIABLE, 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_DYNAMODB', 'TEST_ENGINES', 'TEST_STAGES']) delete env[name];
  env.PATH = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.includes(path.join('.local', 'node-lts')))
    .join(path.delimiter);
  return { ...env, ...extra };
}

describe('scripts/test.sh output', () => {
  it("ends with jest's counts of both Node runs, and no other line reads like a runner's summary", async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'test-command-'));
    const env = cleanEnv({ TEST_STAGES: 'jest,node-lts', TEST_OUTPUT_DIR: out });
    const machineNode = execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim();
    const { code, output } = await runTestCommand(env, [SAMPLE]);
    expect(code).toBe(0);

    const lines = output.trimEnd().split('\n');
    const count = (file: string) => (JSON.parse(readFileSync(path.join(out, file), 'utf8')) as { numPassedTests: number }).numPassedTests;
    const first = count('jest-results.json');
    expect(first).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(JEST_COUNTS_LINE);
    expect(runnerSummaryLookalikes(output)).toEqual([]);
    if (machineNode.split('.')[0] === `v${NODE_LTS_VERSION.split('.')[0]}`) {
      // this machine's Node is the LTS line: one run
      expect(lines.at(-1)).toBe(`jest: ${first} passed, 0 failed, 0 skipped`);
      return;
    }
    // every test under the LTS Node first, then the unit tests under this machine's older one
    const second = count('jest-results-machine-node.json');
    expect(second).toBe(first); // the sample is a unit test: both Nodes ran it
    expect(lines.at(-1)).toBe(`jest: ${first + second} passed, 0 failed, 0 skipped`);
    expect(lines.at(-2)).toBe(`jest: the counts below add up 2 runs: Node v${NODE_LTS_VERSION}: ${first} tests; Node ${machineNode}: ${second} tests`);
  }, 240_000);
});
