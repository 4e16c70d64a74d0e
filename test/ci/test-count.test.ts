// The CI reads the line `tests: N passed, M failed` that .ci/run ends on. These run
// scripts/ci/test-count.mjs on jest results of each kind.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'scripts', 'ci', 'test-count.mjs');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'test-count-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(result: object | string, jestStatus = '0') {
  const file = join(dir, `r${Math.random()}.json`);
  writeFileSync(file, typeof result === 'string' ? result : JSON.stringify(result));
  const out = spawnSync(process.execPath, [script, file, jestStatus], { encoding: 'utf8' });
  const lines = out.stdout.trimEnd().split('\n');
  return { status: out.status, last: lines[lines.length - 1], lines };
}

const passing = {
  success: true,
  numPassedTests: 7,
  numFailedTests: 0,
  numPendingTests: 2,
  numTodoTests: 1,
  numRuntimeErrorTestSuites: 0,
};

test('ends on exactly the line CI reads, skipped counted on the line before', () => {
  const { status, last, lines } = run(passing);
  expect(last).toBe('tests: 7 passed, 0 failed');
  expect(last).toMatch(/^tests: \d+ passed, \d+ failed$/);
  expect(lines).toContain('skipped: 3');
  expect(status).toBe(0);
});

test('failed tests are counted and make it exit non-zero', () => {
  const { status, last } = run({ ...passing, success: false, numPassedTests: 5, numFailedTests: 2 });
  expect(last).toBe('tests: 5 passed, 2 failed');
  expect(status).toBe(1);
});

test('a suite that could not run fails the run although every test passed', () => {
  const { status, lines } = run({ ...passing, success: false, numRuntimeErrorTestSuites: 1 });
  expect(lines[0]).toMatch(/1 test suite\(s\) failed to run/);
  expect(status).toBe(1);
});

test('a jest run that exited non-zero fails the run', () => {
  expect(run(passing, '1').status).toBe(1);
});

test('no result file (jest never finished) prints no count and fails', () => {
  const out = spawnSync(process.execPath, [script, join(dir, 'missing.json')], { encoding: 'utf8' });
  expect(out.stdout).not.toMatch(/tests:/);
  expect(out.status).toBe(1);
});
