import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { BENCH_DATA_DIR, benchAuthorization } from './auth';
import { processCpuMs, withChildren } from './machine';
import type { BenchOptions } from './options';

export const ROOT = path.resolve(__dirname, '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
export async function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`);
}

/** A server process under test: its pid is the node process itself (no npm/tsx wrapper). */
export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  /** Resident set size now, in bytes (VmRSS; a cluster's: the primary's and its workers' summed). */
  rss(): Promise<number>;
  /** Peak resident set size since the process started, in bytes (VmHWM; a cluster's: the sum of each process' peak). */
  peakRss(): Promise<number>;
  /** CPU time used so far, in ms (a cluster's: the primary's and its workers'). */
  cpuMs(): Promise<number>;
  /** Last lines of its log, for error messages; error-level lines first when there are any. */
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

async function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

export interface StartOptions {
  name: string;
  /** node arguments: flags and the script. */
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logDir: string;
  /** Path answered with 200 once the server is ready. */
  readyPath: string;
  /** WEB_CONCURRENCY > 1: ready once the log says all workers serve, measured with its workers. */
  workers?: number;
  timeoutMs?: number;
}

export async function startServer({ name, args, env, port, logDir, readyPath, workers = 1, timeoutMs = 60_000 }: StartOptions): Promise<ServerProcess> {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  await new Promise((resolve) => log.once('open', resolve));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const tail = async (lines = 20): Promise<string> => {
    const all = (await fs.readFile(logFile, 'utf8').catch(() => '')).trim().split('\n');
    const errors = all.filter((line) => /"level":"(error|fatal)"|"level":[56]0/.test(line));
    return (errors.length ? errors : all).slice(-lines).join('\n');
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`${name} exited (${exited}) before it was ready:\n${await tail()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready on ${url}${readyPath} after ${timeoutMs} ms:\n${await tail()}`);
    }
    const ready = await fetch(url + readyPath, { headers: { authorization: await benchAuthorization() } })
      .then((response) => response.status === 200)
      .catch(() => false);
    // The first worker answers before the others serve: the primary logs when all do.
    if (ready && (workers === 1 || (await fs.readFile(logFile, 'utf8').catch(() => '')).includes(`served by ${workers} worker processes`))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const pid = child.pid!;
  const pids = (): Promise<number[]> => (workers === 1 ? Promise.resolve([pid]) : withChildren(pid));
  const sum = async (of: (pid: number) => Promise<number>): Promise<number> => (await Promise.all((await pids()).map(of))).reduce((a, b) => a + b, 0);
  return {
    name,
    url,
    pid,
    logFile,
    rss: () => sum((one) => procStatus(one, 'VmRSS')),
    peakRss: () => sum((one) => procStatus(one, 'VmHWM')),
    cpuMs: () => sum(processCpuMs),
    logTail: tail,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the highest sample. */
export function sampleRss(server: ServerProcess, intervalMs = 100): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await server.rss());
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/**
 * The environment of the service as production runs it, on its own port and database: response
 * validation off, log level info (to a file here). NODE_ENV is development only so that the
 * service trusts the local issuer of bench/auth.ts (production insists on OIDC_ISSUER); nothing
 * else of the service depends on NODE_ENV.
 */
/** The state topic the service writes beside a run's event topic. */
export function stateTopicOf(topic: string): string {
  return `${topic}-state`;
}

export function serviceEnv(options: BenchOptions, databaseUrl: string, port: number, topic: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', VALIDATE_RESPONSES: 'false', LOG_LEVEL: 'info', PORT: String(port), DATABASE_URL: databaseUrl, DATA_DIR: BENCH_DATA_DIR, RATE_LIMIT_POINTS: '1000000000', METRICS_PORT: '0' };
  // METRICS_PORT 0: no metrics server (the profile and ablation runs start a second service beside the first).
  // The limiter runs (its cost is measured) with a budget the load never reaches.
  // WEB_CONCURRENCY: one process unless startTargets asks for workers (the profile and ablation runs stay single).
  for (const name of ['KAFKA_BROKERS', 'KAFKA_TOPIC', 'KAFKA_STATE_TOPIC', 'EMBEDDED_PG_PORT', 'OIDC_ISSUER', 'JWKS_URL', 'REDIS_URL', 'WEB_CONCURRENCY']) delete env[name];
  if (options.kafkaBrokers && topic) {
    env.KAFKA_BROKERS = options.kafkaBrokers;
    env.KAFKA_TOPIC = topic;
    // The service also writes the compacted state topic: one of the run's own, deleted with the stream's.
    env.KAFKA_STATE_TOPIC = stateTopicOf(topic);
  }
  return env;
}

/** `npm start`'s node flags (heap limits): the service runs here as production starts it. */
export const START_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
  if (start[0] !== 'node' || start.at(-1) !== 'dist/src/server.js') throw new Error(`npm start is not "node [flags] dist/src/server.js": ${start.join(' ')}`);
  return start.slice(1, -1);
})();

/** The two servers under test: the service and the node:http + pg baseline. */
export interface Targets {
  ours: ServerProcess;
  baseline: ServerProcess;
}

export async function startTargets(options: BenchOptions, urls: { ours: string; baseline: string }, logDir: string, readyPath: string, topic: string | undefined): Promise<Targets> {
  const oursPort = await freePort();
  const ours = await startServer({
    name: 'service',
    args: [...START_FLAGS, 'dist/src/server.js'],
    // BENCH_WEB_CONCURRENCY: the service as that many worker processes (the baseline stays one process).
    env: { ...serviceEnv(options, urls.ours, oursPort, topic), WEB_CONCURRENCY: String(options.webConcurrency) },
    port: oursPort,
    logDir,
    readyPath,
    workers: options.webConcurrency,
  });
  const baselinePort = await freePort();
  const baseline = await startServer({
    name: 'baseline',
    args: ['--import', 'tsx', 'bench/baseline/server.ts'],
    // The service's DATA_DIR: the baseline seals and opens list cursors with the same local key, so a cursor of one is a cursor of the other.
    env: { ...process.env, PORT: String(baselinePort), DATABASE_URL: urls.baseline, DATA_DIR: BENCH_DATA_DIR },
    port: baselinePort,
    logDir,
    readyPath,
  }).catch(async (error: unknown) => {
    await ours.stop();
    throw error;
  });
  return { ours, baseline };
}

export async function stopTargets(targets: Targets | undefined): Promise<void> {
  await Promise.all([targets?.ours.stop(), targets?.baseline.stop()]);
}
