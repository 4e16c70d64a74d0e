import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { KAFKA_BROKERS, uniqueTopic } from '../support/kafka';
import { fullPatientInput } from '../support/patients';
import { freePort } from '../support/postgres-server';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

/**
 * The real service process (src/server.ts), signalled like `docker stop` does. Requests are held
 * in flight by the client: each sends its headers and part of its body (or part of its headers)
 * before SIGTERM and the rest after, so the server is guaranteed to be in the middle of them.
 */

interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseAnswer(raw: string): HttpAnswer | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = raw.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: raw.slice(end + 4) };
}

/** A request on a connection of its own, of which only `sentFirst` has been sent so far. */
class HeldRequest {
  readonly answer: Promise<{ answer: HttpAnswer | undefined; error?: string }>;
  private readonly socket: net.Socket;
  readonly connected: Promise<void>;

  constructor(
    port: number,
    sentFirst: string,
    private readonly rest: string,
  ) {
    this.socket = net.connect(port, '127.0.0.1');
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => {
        this.socket.write(sentFirst);
        resolve();
      });
      this.socket.once('error', reject);
    });
    let raw = '';
    this.socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    this.answer = new Promise((resolve) => {
      let error: string | undefined;
      this.socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
      // The server closes the connection after the answer (Connection: close while draining).
      this.socket.on('close', () => resolve({ answer: parseAnswer(raw), error }));
    });
  }

  finish(): void {
    this.socket.write(this.rest);
  }
}

function heldPost(port: number, authorization: string, body: string, heldBack = 10): HeldRequest {
  const head = `POST /api/patients HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return new HeldRequest(port, head + body.slice(0, -heldBack), body.slice(-heldBack));
}

async function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function portOf(service: ServiceProcess): number {
  return Number(new URL(service.baseUrl).port);
}

/** Kafka as the tests run it, when they do: the relay is part of what shuts down. */
function kafkaEnv(): Record<string, string> {
  return KAFKA_BROKERS.length ? { KAFKA_BROKERS: KAFKA_BROKERS.join(','), KAFKA_TOPIC: uniqueTopic() } : {};
}

describe('graceful shutdown of the service process', () => {
  let database: TestDatabase;
  const started: ServiceProcess[] = [];
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const service of started.splice(0)) await service.kill('SIGKILL');
    await database.drop();
  });

  async function start(env: Record<string, string>, timeoutMs?: number): Promise<ServiceProcess> {
    const service = await startServiceProcess({ ...kafkaEnv(), ...env }, timeoutMs);
    started.push(service);
    return service;
  }

  it('on SIGTERM turns unready, refuses new connections, finishes all 50 requests in flight and exits 0', async () => {
    const service = await start({ DATABASE_URL: database.url, SHUTDOWN_TIMEOUT_MS: '10000' });
    const port = portOf(service);
    const authorization = await service.authorization();
    const posts = Array.from({ length: 50 }, (_, i) => heldPost(port, authorization, JSON.stringify(fullPatientInput({ firstName: `Drain${i}`, lastName: 'InFlight' }))));
    const probe = new HeldRequest(port, `GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, '\r\n');
    await Promise.all([...posts, probe].map((request) => request.connected));
    // Let the server read what was sent: every request is now begun, none complete.
    await sleep(300);

    const signalledAt = Date.now();
    const exited = service.kill('SIGTERM');
    await until(() => service.output().includes('shutting down'), 'the shutdown to begin');
    await until(() => connectionRefused(port), 'new connections to be refused');

    probe.finish();
    const { answer: ready } = await probe.answer;
    expect(ready).toMatchObject({ status: 503, headers: { connection: 'close' } });
    expect(JSON.parse(ready!.body)).toMatchObject({ status: 'shutting_down', checks: { database: { status: 'up' } } });

    // The uploads complete one after another, for about a second, while the server drains.
    for (const post of posts) {
      post.finish();
      await sleep(20);
    }
    const answers = await Promise.all(posts.map((post) => post.answer));
    expect(answers.map(({ answer, error }) => [answer?.status, answer?.headers.connection, error])).toEqual(
      posts.map(() => [201, 'close', undefined]),
    );
    expect(await exited).toBe(0);
    const drainMs = Date.now() - signalledAt;

    expect(await connectionRefused(port)).toBe(true);
    const stored = await database.db('patients').where({ last_name: 'InFlight' }).count<{ count: string }[]>({ count: '*' });
    expect(Number(stored[0]!.count)).toBe(50);
    expect(service.output()).toMatch(/"msg":"stopped"/);
    expect(service.output()).toMatch(/"drained":true/);
    // For the report: how long the drain took with ~1 s of uploads still to come.
    console.info(`graceful shutdown: SIGTERM to exit ${drainMs} ms with 50 requests in flight`);
  }, 150_000);

  it('closes the connections still open after SHUTDOWN_TIMEOUT_MS and exits 1', async () => {
    const service = await start({ DATABASE_URL: database.url, SHUTDOWN_TIMEOUT_MS: '500' });
    const port = portOf(service);
    const stuck = heldPost(port, await service.authorization(), JSON.stringify({ firstName: 'Never', lastName: 'Finished' }));
    await stuck.connected;
    await sleep(200);

    const signalledAt = Date.now();
    expect(await service.kill('SIGTERM')).toBe(1);
    const tookMs = Date.now() - signalledAt;
    expect(tookMs).toBeGreaterThanOrEqual(500);
    expect(tookMs).toBeLessThan(5_000);
    const { answer } = await stuck.answer;
    expect(answer).toBeUndefined();
    expect(service.output()).toContain('outlasted SHUTDOWN_TIMEOUT_MS');
    expect(await database.db('patients').where({ last_name: 'Finished' }).first()).toBeUndefined();
  }, 150_000);

  it('stops the embedded PostgreSQL it started (no DATABASE_URL) and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-shutdown-'));
    const pgPort = await freePort();
    try {
      const service = await start({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) }, 120_000);
      expect(await connectionRefused(pgPort)).toBe(false);
      expect(await service.kill('SIGTERM')).toBe(0);
      expect(await connectionRefused(pgPort)).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
