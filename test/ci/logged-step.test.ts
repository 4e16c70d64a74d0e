// scripts/ci/logged-step.sh keeps every pre-test step's output out of the CI output, so no other
// tool's summary (schemathesis prints pytest-style `=== ... in 1.2s ===` lines) is read as the run's
// test result. These source it in bash and run steps that print such lines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const helper = join(__dirname, '..', '..', 'scripts', 'ci', 'logged-step.sh');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logged-step-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bash(script: string) {
  const out = spawnSync('bash', ['-c', `set -euo pipefail; . "${helper}"; ${script}`], {
    encoding: 'utf8',
    env: { ...process.env, CI_LOG_DIR: dir, CI_LOG_TAIL: '3' },
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const pytestLike = `printf '%s\\n' 'collecting' '=== 12 passed in 1.20s ===' '==== No issues found in 3.1s ===='`;

test('a passing step prints one line and keeps its output in the log only', () => {
  const { status, stdout, stderr } = bash(`logged fuzz bash -c "${pytestLike}"; echo after`);
  expect(status).toBe(0);
  expect(stdout).toMatch(/^fuzz: ok, \d+ s \(log .*fuzz\.log\)\nafter\n$/);
  expect(stdout + stderr).not.toContain('passed');
  expect(readFileSync(join(dir, 'fuzz.log'), 'utf8')).toContain('=== 12 passed in 1.20s ===');
});

test('a failing step stops the script with its status and shows the log tail, indented', () => {
  const { status, stdout } = bash(
    `logged broken bash -c 'for i in 1 2 3 4 5; do echo line $i; done; echo "1 passed, 2 failed"; exit 7'; echo not reached`,
  );
  expect(status).toBe(7);
  expect(stdout).toContain('broken: FAILED (exit 7); last 3 lines of');
  expect(stdout).toContain('  | line 5\n  | 1 passed, 2 failed\n');
  expect(stdout).not.toContain('line 2');
  expect(stdout).not.toContain('not reached');
  // No shown line stands alone as a runner's closing line.
  expect(stdout.split('\n')).not.toContain('1 passed, 2 failed');
});

test('logged_env hands the VAR=value lines on for eval and logs the rest', () => {
  const { status, stdout } = bash(
    `env_out="$(logged_env srv bash -c 'echo starting >&2; echo PORT=1234')"; eval "$env_out"; echo "port $PORT"`,
  );
  expect(status).toBe(0);
  expect(stdout).toBe('port 1234\n');
  expect(readFileSync(join(dir, 'srv.log'), 'utf8')).toBe('starting\n');
});

test('logged_env stops the script when the start fails, with the log on stderr', () => {
  const { status, stdout, stderr } = bash(
    `env_out="$(logged_env srv2 bash -c 'echo no port free >&2; exit 3')"; echo not reached`,
  );
  expect(status).toBe(3);
  expect(stdout).not.toContain('not reached');
  expect(stderr).toContain('srv2: FAILED (exit 3)');
  expect(stderr).toContain('  | no port free');
});

test('show_lines prints only the matching lines, indented', () => {
  const { status, stdout } = bash(
    `logged cl bash -c 'echo "cluster: requests: sent 9, failed 0"; echo noise; echo "cluster: PASS"'; show_lines cl '^cluster: (requests|PASS)'`,
  );
  expect(status).toBe(0);
  expect(stdout).toContain('  | cluster: requests: sent 9, failed 0\n  | cluster: PASS\n');
  expect(stdout).not.toContain('noise');
});
