import net from 'node:net';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createHttpServer } from '../../src/http/http-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServiceProcess } from '../support/service-process';

// OWASP API4:2023 Unrestricted Resource Consumption, slow clients: a connection that trickles its
// headers, or idles on keep-alive, is closed within the configured bound, not node's 60 s/300 s,
// and connections beyond the cap are refused.

const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 1_000, maxConnections: 3 };

async function listening(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the milliseconds until the server ended the connection, and what it sent. */
function closedAfter(socket: net.Socket, startedAt = Date.now()): Promise<{ ms: number; received: string }> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve({ ms: Date.now() - startedAt, received })));
}

/** Sends `text` one byte every `everyMs` until the socket closes. */
function trickle(socket: net.Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('API4 slow clients (in-process server with short bounds)', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = createHttpServer((_req, res) => res.end('ok'), LIMITS);
    port = await listening(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('cuts a slow-loris connection that sends its headers a byte at a time, within the headers timeout', async () => {
    const socket = await connect(port);
    const closed = closedAfter(socket);
    trickle(socket, `GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10_000)}`, 20);
    const { ms, received } = await closed;
    expect(ms).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
    expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + 1_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await connect(port);
    let answeredAt = 0;
    socket.once('data', () => (answeredAt = Date.now()));
    const closed = closedAfter(socket);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const { received } = await closed;
    const idleMs = Date.now() - answeredAt;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    // The timeout the client is told; node keeps the socket 1 s longer (keepAliveTimeoutBuffer)
    // so that a client reusing it at the last moment does not race the close.
    expect(received).toMatch(/Keep-Alive: timeout=1\b/i);
    expect(idleMs).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeoutMs - 50);
    expect(idleMs).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1_000 + 600);
  });

  it('refuses connections beyond the cap', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => connect(port)));
    try {
      const extra = await connect(port);
      const { received } = await closedAfter(extra);
      expect(received).toBe('');
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

describe('API4 slow clients: the service process applies HTTP_* settings', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('cuts a slow-loris connection after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url, HTTP_HEADERS_TIMEOUT_MS: '1000' });
    try {
      const socket = await connect(Number(new URL(service.baseUrl).port));
      const closed = closedAfter(socket);
      trickle(socket, `GET /api/patients HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10_000)}`, 20);
      const { ms, received } = await closed;
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(2_500);
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await service.kill('SIGTERM');
    }
  });
});

describe('HTTP_* and METRICS_PORT configuration', () => {
  it('has bounds of seconds by default, far below node\'s 60 s / 300 s', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 });
    expect(loadConfig({}).metricsPort).toBe(9464);
  });

  it('refuses a headers timeout above the request timeout and a metrics port equal to PORT', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS \(40000\) must not exceed HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ PORT: '9464' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(loadConfig({ PORT: '9464', METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
  });
});
