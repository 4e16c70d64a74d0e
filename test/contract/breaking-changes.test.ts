import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { OPENAPI_FILE } from '../../src/file-locations';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'check-breaking-changes.sh');
const HOW_TO = 'the breaking-change tests need oasdiff: run `bash scripts/check-breaking-changes.sh --install` (Go, a few minutes).';
const installed = spawnSync('bash', [SCRIPT, '--installed']).status === 0;

function check(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach deep into openapi.yaml, whose shape the edits themselves name
type Spec = any;

let dir: string;
let copies = 0;
/** Runs the script on openapi.yaml against a copy of it changed by `edit`. */
function compareWith(edit: (spec: Spec) => void): { status: number | null; output: string } {
  const spec: Spec = parse(readFileSync(OPENAPI_FILE, 'utf8'));
  edit(spec);
  const revised = path.join(dir, `revised-${++copies}.yaml`);
  writeFileSync(revised, stringify(spec));
  return check('--files', OPENAPI_FILE, revised);
}

const removeDelete = (spec: Spec): void => {
  delete spec.paths['/api/patients/{id}'].delete;
};

function describeWithOasdiff(name: string, body: () => void): void {
  if (installed) {
    describe(name, body);
  } else if (process.env.REQUIRE_OASDIFF === '1') {
    describe(name, () => {
      it('has oasdiff (REQUIRE_OASDIFF=1)', () => {
        throw new Error(`REQUIRE_OASDIFF=1 but oasdiff is not installed: ${HOW_TO}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${HOW_TO}`);
    describe.skip(name, body);
  }
}

describeWithOasdiff('npm run check:breaking (oasdiff)', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breaking-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an unchanged copy and a compatible addition', () => {
    expect(compareWith(() => {}).status).toBe(0);
    const added = compareWith((spec) => {
      spec.components.schemas.PatientPage.properties.next = { type: 'string' };
    });
    expect(added.status).toBe(0);
  });

  it.each<[string, (spec: Spec) => void, string]>([
    ['a removed operation', removeDelete, 'api-removed-without-deprecation'],
    [
      'a removed optional response field',
      (spec) => delete spec.components.schemas.Readiness.properties.checks.properties.kafka.properties.leader,
      'response-optional-property-removed',
    ],
    ['a nullable enum narrowed', (spec) => (spec.components.schemas.TransportMode.enum = ['public_transport', null]), 'request-property-enum-value-removed'],
    ['a request field required through allOf', (spec) => spec.components.schemas.PatientInput.required.push('email'), 'request-property-became-required'],
    [
      'a query parameter that became required',
      (spec) => (spec.paths['/api/patients'].get.parameters.find((p: { name: string }) => p.name === 'search').required = true),
      'request-parameter-became-required',
    ],
  ])('fails on %s', (_name, edit, id) => {
    const { status, output } = compareWith(edit);
    expect(status).toBe(1);
    expect(output).toContain(`[${id}]`);
  });

  it('allows a breaking change with a major version bump, not with a minor one', () => {
    // From the contract's current version, whatever it is.
    const [current = 0, minor = 0] = String(parse(readFileSync(OPENAPI_FILE, 'utf8')).info.version).split('.').map(Number);
    const bumped = (version: string) => (spec: Spec) => {
      removeDelete(spec);
      spec.info.version = version;
    };
    const major = compareWith(bumped(`${current + 1}.0.0`));
    expect(major.output).toContain('[api-removed-without-deprecation]');
    expect(major.status).toBe(0);
    expect(compareWith(bumped(`${current}.${minor + 1}.0`)).status).toBe(1);
  });
});

describe('npm run check:breaking without an earlier version', () => {
  it('passes with a message when the git ref has no openapi.yaml (first commit, shallow clone)', () => {
    const { status, output } = check('no-such-ref-anywhere');
    expect(status).toBe(0);
    expect(output).toContain('no openapi.yaml at no-such-ref-anywhere');
  });
});
