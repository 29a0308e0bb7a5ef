/**
 * What the fuzz stage prints, from real schemathesis reports (fuzz/fixtures: a passing run of
 * this API, a failing run against a small API that answers 500, and a run that found no API).
 * schemathesis's reports end in pytest-style lines; none of them may reach the output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runnerSummaryLookalikes } from '@spot-provisioner/testing';
import { failingCases, fuzzStageLines, type FuzzRunResult } from '../fuzz/report';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fuzz', 'fixtures', `schemathesis-${name}.txt`), 'utf8');

const run = (name: string, report: string, exitCode: number, overrides: Partial<FuzzRunResult> = {}): FuzzRunResult => ({
  name,
  requests: 1724,
  exitCode,
  reportPath: `.local/fuzz/schemathesis-${name.replaceAll(' ', '-')}.txt`,
  report,
  ...overrides,
});

const allAnswered = { total: 18, never: [] };

describe('the fuzz stage output', () => {
  it('is one summary line for passing runs: requests, 5xx, operations reached, failing runs, the reports; none of the report', () => {
    const lines = fuzzStageLines([run('unsigned', fixture('passing'), 0), run('signed as root', fixture('passing'), 0)], [], 47, allAnswered);
    expect(lines).toEqual([
      'fuzz: 3448 requests (1724 unsigned, 1724 signed as root), 0 answered 5xx, 18/18 operations answered 2xx, failing runs: none, 47 s; ' +
        'reports .local/fuzz/schemathesis-unsigned.txt, .local/fuzz/schemathesis-signed-as-root.txt',
    ]);
    // the report itself would have been taken for a runner's summary
    expect(runnerSummaryLookalikes(fixture('passing')).map((found) => found.runner)).toContain('pytest');
  });

  it("prints a failed run's failing cases, its 5xx routes, and no line that reads like a runner's summary", () => {
    const lines = fuzzStageLines(
      [run('unsigned', fixture('passing'), 0), run('signed as root', fixture('failing'), 1)],
      ['500 GET /items/:id', '500 GET /items/:id'],
      12,
      allAnswered,
    );
    const text = lines.join('\n');
    expect(text).toContain('fuzz: signed as root: what schemathesis found (full report: .local/fuzz/schemathesis-signed-as-root.txt)');
    expect(text).toContain('fuzz: | - ST101 Server error');
    expect(text).toContain('fuzz: |     curl -X GET http://127.0.0.1:18781/items/0');
    expect(lines.filter((line) => line.startsWith('fuzz: 5xx:'))).toEqual(['fuzz: 5xx: 500 GET /items/:id']);
    expect(lines.at(-1)).toBe(
      'fuzz: 3448 requests (1724 unsigned, 1724 signed as root), 2 answered 5xx, 18/18 operations answered 2xx, failing runs: signed as root (schemathesis exit 1), 12 s; ' +
        'reports .local/fuzz/schemathesis-unsigned.txt, .local/fuzz/schemathesis-signed-as-root.txt',
    );
    expect(text).not.toMatch(/SUMMARY|generated|Seed:/); // the report's summary stays in the file
    expect(runnerSummaryLookalikes(text)).toEqual([]);
    expect(runnerSummaryLookalikes(fixture('failing')).length).toBeGreaterThan(0);
  });

  it('explains a run that never reached the API with the end of its report', () => {
    const lines = failingCases(fixture('unreachable'));
    expect(lines.every((line) => line.startsWith('fuzz: |'))).toBe(true);
    expect(lines.join('\n')).toMatch(/Failed to load specification[^]*Connection refused/);
  });

  it('counts a signed run that never authenticated as a failing run', () => {
    const lines = fuzzStageLines([run('signed as root', fixture('passing'), 0, { neverAuthenticated: true })], [], 5, allAnswered);
    expect(lines.at(-1)).toContain('failing runs: signed as root (never authenticated: the signing hook is broken)');
  });

  it('names the operations that never answered 2xx: the stage tested only their door', () => {
    const lines = fuzzStageLines([run('signed as root', fixture('passing'), 0)], [], 5, { total: 18, never: ['getSecret', 'workerTypeDecision'] });
    expect(lines.at(-1)).toContain(', 16/18 operations answered 2xx (never: getSecret, workerTypeDecision), failing runs: none,');
  });

  it("keeps a case line that reads like a runner's summary out of the output", () => {
    const report = '==== FAILURES ====\n___ GET /x ___\n1. Test Case ID: a\n   3 passed\n==== SUMMARY ====\n';
    expect(failingCases(report)).toEqual(['fuzz: | ___ GET /x ___', 'fuzz: | 1. Test Case ID: a', 'fuzz: | (a line that reads like a test summary: see the report)']);
  });
});
