import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithServer } from './describe-with-server';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
export const PYTHON_CLIENT = path.join(ROOT, 'clients', 'python');
/** The interpreter of .venv-python (scripts/python-env.sh), with the pinned tools and dependencies. */
export const PYTHON = path.join(ROOT, '.venv-python', 'bin', 'python');
const AVAILABLE = fs.existsSync(PYTHON);

/** Environment of every Python run: the (uninstalled) client on the path, no bytecode left behind. */
export function pythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONPATH: PYTHON_CLIENT, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

/** `describe` for tests that need .venv-python (REQUIRE_PYTHON=1 in CI: missing, it fails the run). */
export function describeWithPython(name: string, body: () => void): void {
  describeWithServer(
    { what: 'the Python toolchain', variable: '.venv-python', available: AVAILABLE, requireVariable: 'REQUIRE_PYTHON', howTo: 'Run `bash scripts/python-env.sh` (it makes .venv-python/) first.' },
    name,
    body,
  );
}

/** The pytest node ids under `dir` (collected now, synchronously, so that jest can name a test per node). */
export function collectPytest(dir: string): string[] {
  if (!AVAILABLE) return [];
  const out = execFileSync(PYTHON, ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', dir], { cwd: ROOT, env: pythonEnv(), encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('::'));
}

export interface PytestCase {
  outcome: 'passed' | 'failed' | 'skipped';
  message: string;
}

/** Runs pytest on `dir` with `env`; the outcome of each node id, from its JUnit XML report. */
export async function runPytest(dir: string, env: Record<string, string>, timeoutMs = 120_000): Promise<{ cases: Map<string, PytestCase>; output: string }> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pytest-')), 'junit.xml');
  let output = '';
  try {
    const result = await run(PYTHON, ['-m', 'pytest', '-p', 'no:cacheprovider', '-o', 'junit_family=xunit1', `--junitxml=${report}`, dir], { cwd: ROOT, env: pythonEnv(env), timeout: timeoutMs });
    output = result.stdout + result.stderr;
  } catch (error) {
    // pytest exits 1 when a test failed: the report says which.
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    if (!fs.existsSync(report)) throw new Error(`pytest did not run:\n${output}`);
  }
  const xml = fs.readFileSync(report, 'utf8');
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  const cases = new Map<string, PytestCase>();
  for (const match of xml.matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attributes = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    const body = match[3] ?? '';
    const outcome = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    // xunit1: file="tests/test_x.py" name="test_y", relative to the rootdir (clients/python) as the collected node ids are.
    const nodeId = `${attributes.file}::${attributes.name}`;
    cases.set(nodeId, { outcome, message: body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') });
  }
  return { cases, output };
}
