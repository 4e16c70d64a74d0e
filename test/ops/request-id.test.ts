import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type supertest from 'supertest';
import { createApp } from '../../src/app';
import { appDependencies } from '../support/app-dependencies';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs, type LogCapture } from '../support/log-capture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('X-Request-Id', () => {
  let app: TestApp;
  let logs: LogCapture;
  let api: supertest.Agent;
  beforeAll(async () => {
    logs = captureLogs('trace');
    app = await startTestApp(() => ({ logger: logs.logger }));
    api = app.api;
  });
  afterAll(() => app.close());

  function lineOf(requestId: string | undefined): Record<string, unknown> | undefined {
    return logs.records().find((r) => r.msg === 'request finished' && r.requestId === requestId);
  }

  it.each([
    ['letters, digits and . _ -', 'Gateway-7f3a.b_9'],
    ['exactly 128 characters', 'a'.repeat(128)],
  ])('keeps a well-formed id from the caller (%s), returns it and logs under it', async (_what, id) => {
    const res = await api.get('/api/patients').set('X-Request-Id', id).expect(200);
    expect(res.headers['x-request-id']).toBe(id);
    expect(lineOf(id)).toMatchObject({ route: '/api/patients', status: 200 });
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with a space', 'abc def'],
    ['with an @', 'erika@example.org'],
    ['with markup', '<script>'],
    ['with a newline-like escape', 'a\\nb'],
  ])('replaces an ill-formed id (%s) with a new UUID, and never logs it', async (_what, id) => {
    const res = await api.get('/api/patients').set('X-Request-Id', id).expect(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(lineOf(res.headers['x-request-id'])).toBeDefined();
    expect(logs.text()).not.toContain(id);
  });

  it('makes a new UUID per request when the caller sends none', async () => {
    const [a, b] = await Promise.all([api.get('/health/live'), api.get('/health/live')]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('is on every response: errors before any route, the docs and /metrics (a 404 on the API port)', async () => {
    const responses = await Promise.all([
      api.get('/nowhere'),
      api.post('/api/patients').set('content-type', 'application/json').send('{"broken":'),
      api.post('/api/patients').send({ firstName: 'x'.repeat(300_000), lastName: 'Big' }),
      api.get('/openapi.yaml'),
      api.get('/metrics'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 400, 413, 200, 404]);
    for (const res of responses) expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('logs a request the client abandoned half-way as 499, once', async () => {
    const server = http.createServer(createApp({ ...(await appDependencies(app.database.db)), logger: logs.logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /api/patients HTTP/1.1\r\nHost: x\r\nX-Request-Id: abandoned-1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"first');
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
      const deadline = Date.now() + 5_000;
      while (!lineOf('abandoned-1') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(logs.records().filter((r) => r.requestId === 'abandoned-1' && r.msg === 'request finished')).toEqual([
        expect.objectContaining({ method: 'POST', status: 499 }),
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('logs probes and scrapes at debug, everything else at info', async () => {
    const live = await api.get('/health/live').expect(200);
    const listed = await api.get('/api/patients').expect(200);
    expect(lineOf(live.headers['x-request-id'])).toMatchObject({ level: 'debug', route: '/health/live' });
    expect(lineOf(listed.headers['x-request-id'])).toMatchObject({ level: 'info', route: '/api/patients' });
  });
});
