/**
 * Which lines of a test command's output a reader (a person, or a CI tool reading the closing
 * lines) would take for a test runner's summary. The test command's rule: only jest's own
 * lines may look like one, and its last line is jest's counts line. A line printed by another
 * stage that reads like pytest's `==== 2 warnings in 14.32s ====` makes a tool believe a
 * runner ran and counted nothing.
 */

/** The test command's closing line (scripts/test.sh). */
export const JEST_COUNTS_LINE = /^jest: \d+ passed, \d+ failed, \d+ skipped$/;

/** jest's own summary block, as its default reporter prints it. */
const JEST_OWN = [/^Test Suites: /, /^Tests: {2,}/, /^Snapshots: {2,}/, /^Time: {2,}/, /^Ran all test suites/, JEST_COUNTS_LINE];

/** Summary formats of other runners, each with the runner it would be taken for. */
const OTHER_RUNNERS: readonly (readonly [string, RegExp])[] = [
  // pytest (and schemathesis, which reports like it): `==== 1 failed, 2 passed in 3.21s ====`
  ['pytest', /^=+ .*\bin [\d.]+ ?s(econds)?\b.* =+$/],
  ['pytest', /^=+ (no tests ran|(\d+ \w+(, )?)+)/],
  ['pytest', /^(FAILED|ERROR|PASSED) \S+::/],
  // Python's unittest
  ['unittest', /^Ran \d+ tests? in [\d.]+s$/],
  ['unittest', /^(OK|FAILED) \((failures|errors|skipped)=\d+/],
  // mocha
  ['mocha', /^\s*\d+ (passing|failing|pending)\b/],
  // TAP and node:test
  ['tap', /^1\.\.\d+$/],
  ['tap', /^(not )?ok \d+\b/],
  ['tap', /^# (tests|pass|fail|skip|skipped|todo|cancelled|suites|duration_ms) \d+/],
  // go test
  ['go test', /^(ok|FAIL|---)\s+\S+\s+[\d.]+s\b/],
  ['go test', /^--- (PASS|FAIL|SKIP): /],
  ['go test', /^(PASS|FAIL)$/],
  // vitest
  ['vitest', /^\s*(Test Files|Tests)\s+\d+ (passed|failed)/],
  // cargo, RSpec, PHPUnit
  ['cargo test', /^test result: (ok|FAILED)\./],
  ['rspec', /^\d+ examples?, \d+ failures?/],
  ['phpunit', /^OK \(\d+ tests?, \d+ assertions?\)/],
  // any runner's counts: `12 passed`, `3 failed`, `1 skipped`
  ['a test runner', /\b\d+ (passed|failed|failures|skipped|passing|failing|errored)\b/],
];

/** The runner a line would be taken for, or undefined: jest's own lines are jest's. */
export function resemblesRunnerSummary(line: string): string | undefined {
  const text = line.trimEnd();
  if (JEST_OWN.some((pattern) => pattern.test(text))) return undefined;
  return OTHER_RUNNERS.find(([, pattern]) => pattern.test(text))?.[0];
}

/** Every line of `output` another runner's summary could be mistaken for, with that runner. */
export function runnerSummaryLookalikes(output: string): { line: string; runner: string }[] {
  return output.split('\n').flatMap((line) => {
    const runner = resemblesRunnerSummary(line);
    return runner ? [{ line, runner }] : [];
  });
}
