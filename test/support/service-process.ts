import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { testIssuerUrl } from './issuer-server';
import { freePort } from './postgres-server';
import { bearer, type TokenOptions } from './tokens';

const ROOT = path.resolve(__dirname, '..', '..');
/** The list cursor key of the test file's service processes (production requires one; they share it like replicas). */
export const TEST_LIST_CURSOR_KEY = randomBytes(32).toString('base64url');

export interface ServiceProcess {
  baseUrl: string;
  /** The service's node process (the only one: tsx runs in it), for SIGSTOP/SIGCONT. */
  pid: number;
  /** `http://127.0.0.1:<METRICS_PORT>` (a free port unless the test sets METRICS_PORT). */
  metricsUrl: string;
  /** `Authorization` value of a token the process accepts (all scopes unless told otherwise). */
  authorization(options?: TokenOptions): Promise<string>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal; resolves with the exit code once the process has ended. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * The real service as a separate process (from source, one node process: `node --require
 * tsx/cjs`), for tests that kill or signal it. Waits until it reports ready.
 */
export async function startServiceProcess(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const metricsPort = env.METRICS_PORT ?? String(await freePort());
  // Production needs an issuer: the test key pair's, published on loopback, unless the test names one.
  const issuer = env.OIDC_ISSUER ?? (await testIssuerUrl());
  const child: ChildProcess = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), METRICS_PORT: metricsPort, OIDC_ISSUER: issuer, LIST_CURSOR_KEY: TEST_LIST_CURSOR_KEY, RATE_LIMIT_POINTS: '1000000000', ...(env.KAFKA_TOPIC ? { KAFKA_STATE_TOPIC: `${env.KAFKA_TOPIC}-state` } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the service exited during startup:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    baseUrl,
    pid: child.pid!,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    authorization: (options) => bearer({ issuer, ...options }),
    output: () => output,
    exited,
    async kill(signal) {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}
