import { spawnSync } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { envOf, execForm, findTool, instructionsOf, leftOutOfContext, readRepoFile, REPO_ROOT, repoDockerfile } from './dockerfile';
import { expectHealthCheckOf } from './health-probe';

/**
 * The Dockerfile, read without Docker: what the image is built from and runs as. hadolint checks
 * the rest of its form; image-replay.test.ts replays the build and starts the result.
 */
const stages = repoDockerfile();
const runtime = stages.at(-1)!;

describe('Dockerfile', () => {
  it('bases every stage on one exact Node 24 LTS release, bookworm-slim', () => {
    expect(new Set(stages.map((stage) => stage.image))).toEqual(new Set([expect.stringMatching(/^node:24\.\d+\.\d+-bookworm-slim$/)]));
  });

  it('runs as an unprivileged user in production mode and exposes the API port 3000 and the metrics port 9464', () => {
    const user = instructionsOf(runtime, 'USER').at(-1)?.getArgumentsContent();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(envOf(runtime).NODE_ENV).toBe('production');
    expect(instructionsOf(runtime, 'EXPOSE').map((expose) => expose.getArgumentsContent())).toEqual(['3000 9464']);
    expect(loadConfig({ NODE_ENV: 'production' }).metricsPort).toBe(9464);
  });

  it("starts `npm start`'s node command itself, in exec form, so node is PID 1 and gets SIGTERM", () => {
    const { start } = (JSON.parse(readRepoFile('package.json')) as { scripts: { start: string } }).scripts;
    const cmds = instructionsOf(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(execForm(cmds[0]!)).toEqual(start.trim().split(/\s+/));
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toHaveLength(0);
  });

  it('runs no package install script at build time (npm ci --ignore-scripts)', () => {
    const installs = stages.flatMap((stage) => instructionsOf(stage, 'RUN')).map((run) => run.getArgumentsContent() ?? '');
    expect(installs.filter((run) => /\bnpm (ci|install|i)\b/.test(run))).toEqual([
      expect.stringMatching(/\s--ignore-scripts\b/),
      expect.stringMatching(/\s--ignore-scripts\b/),
    ]);
  });

  it('HEALTHCHECK asks GET /health/live with node (the slim image has no curl): 200 passes, 503 or nothing listening fails', async () => {
    const healthchecks = instructionsOf(runtime, 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const command = execForm(healthchecks[0]!);
    expect(command[0]).toBe('node');
    await expectHealthCheckOf(command, '/health/live');
  });

  const hadolint = findTool('hadolint', 'REQUIRE_HADOLINT');
  (hadolint ? it : it.skip)('passes hadolint (from scripts/deploy-tools.sh; CI requires it)', () => {
    const result = spawnSync(hadolint!, ['--no-color', 'Dockerfile'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('.dockerignore', () => {
  it.each([
    '.data/postgres/PG_VERSION',
    'test/patients/get-patient.test.ts',
    '.env',
    '.env.local',
    'src/.env',
    'node_modules/pg/package.json',
    'src/node_modules/x.js',
    'dist/src/server.js',
    '.git/HEAD',
    'coverage/lcov.info',
    '.ci/run',
    '.venv-tools/bin/hadolint',
    'server.pem',
    'src/tls/server.key',
    'bench/results/run.json',
    'scripts/kafka/.lib/kafka.jar',
    'sdk/node_modules/x/index.js',
    'Dockerfile',
    'docker-compose.yml',
  ])('keeps %s out of the build context', (file) => {
    expect(leftOutOfContext(file)).toBe(true);
  });

  it.each([
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'src/server.ts',
    'migrations/20261127000000_create_patients.ts',
    'generated/openapi.ts',
    'openapi.yaml',
    'asyncapi.yaml',
  ])('keeps %s in the build context', (file) => {
    expect(leftOutOfContext(file)).toBe(false);
  });
});
