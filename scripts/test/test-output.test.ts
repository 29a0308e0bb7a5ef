import { JEST_COUNTS_LINE, resemblesRunnerSummary, runnerSummaryLookalikes } from '@spot-provisioner/testing';
import { closingLines, countsOf } from '../test-counts';

describe('lines that read like a test runner summary', () => {
  it.each([
    ['pytest', '============================= 2 warnings in 14.32s ============================='],
    ['pytest', '==== 1 failed, 2 passed in 3.21s ===='],
    ['pytest', '=========================== no tests ran in 0.01s ==========================='],
    ['unittest', 'Ran 12 tests in 0.004s'],
    ['mocha', '  14 passing (120ms)'],
    ['mocha', '  2 failing'],
    ['tap', '1..12'],
    ['tap', 'not ok 3 - refuses a bad definition'],
    ['tap', '# pass 11'],
    ['go test', 'ok  \tgithub.com/x/y\t0.012s'],
    ['go test', '--- FAIL: TestLaunch (0.00s)'],
    ['vitest', ' Test Files  3 passed (3)'],
    ['cargo test', 'test result: ok. 4 passed; 0 failed; 0 ignored'],
    ['rspec', '12 examples, 0 failures'],
    ['a test runner', 'schemathesis: 1722 generated, 1722 passed'],
  ])('takes a %s summary for one: %s', (runner, line) => {
    expect(resemblesRunnerSummary(line)).toBe(runner);
  });

  it.each([
    'Tests:       634 passed, 634 total',
    'Test Suites: 92 passed, 92 total',
    'Time:        254.313 s',
    'jest: 634 passed, 0 failed, 0 skipped',
    'fuzz: 3448 requests (1724 unsigned, 1724 signed as root), 0 answered 5xx, failing runs: none, 47 s; reports .local/fuzz/a.txt',
    'bootstrap [3s]: virtualenv ready',
    'jest: the counts below add up 2 runs: Node v20.19.5: 634 tests; Node v24.22.3: 318 tests',
    '> jest --json --outputFile=.local/jest-results.json',
  ])("leaves jest's own lines and the stages' lines alone: %s", (line) => {
    expect(resemblesRunnerSummary(line)).toBeUndefined();
  });

  it('lists every lookalike of a text with the runner it resembles', () => {
    expect(runnerSummaryLookalikes('fuzz: starting\n  3 passing (2s)\njest: 1 passed, 0 failed, 0 skipped\n')).toEqual([{ line: '  3 passing (2s)', runner: 'mocha' }]);
  });
});

describe("the test command's closing lines", () => {
  const node20 = { label: 'Node v20.19.5', counts: { passed: 630, failed: 1, skipped: 3 } };
  const node24 = { label: 'Node v24.22.3', counts: { passed: 318, failed: 0, skipped: 0 } };

  it("is one jest counts line for one run", () => {
    expect(closingLines([node20])).toEqual(['jest: 630 passed, 1 failed, 3 skipped']);
  });

  it('adds up both Node runs in the last line and says so on the line before', () => {
    const lines = closingLines([node20, node24]);
    expect(lines).toEqual(['jest: the counts below add up 2 runs: Node v20.19.5: 634 tests; Node v24.22.3: 318 tests', 'jest: 948 passed, 1 failed, 3 skipped']);
    expect(lines.at(-1)).toMatch(JEST_COUNTS_LINE);
    expect(runnerSummaryLookalikes(lines.join('\n'))).toEqual([]);
  });

  it('counts a run without results, and a suite that could not run, as failures', () => {
    expect(closingLines([node20, { label: 'Node v24.22.3', counts: undefined }]).at(-1)).toBe('jest: 630 passed, 2 failed, 3 skipped');
    expect(countsOf({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, numRuntimeErrorTestSuites: 1 })).toEqual({ passed: 5, failed: 1, skipped: 2 });
  });
});
