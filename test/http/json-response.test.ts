import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import supertest from 'supertest';
import { sendJsonInOneWrite } from '../../src/http/json-response';
import { createApp } from '../../src/app';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { bearer } from '../support/tokens';

// src/http/json-response.ts: a JSON body goes out with its headers in one socket write, and the
// response is the one express would have sent.

/** Counts socket writes per connection of `server`. */
function countWrites(server: http.Server): { writes: unknown[][] } {
  const seen = { writes: [] as unknown[][] };
  server.on('connection', (socket: Socket) => {
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      seen.writes.push(args);
      return write(...args);
    });
  });
  return seen;
}

async function get(server: http.Server, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const big = { name: 'Jürgen Müller-Lüdenscheidt', notes: 'ä'.repeat(1500), list: Array.from({ length: 50 }, (_, i) => i) };

function appWith(oneWrite: boolean): express.Express {
  const app = express();
  app.set('etag', false);
  if (oneWrite) sendJsonInOneWrite(app);
  app.get('/big', (_req, res) => void res.json(big));
  app.get('/problem', (_req, res) => void res.status(404).type('application/problem+json').json({ title: 'Not Found', status: 404 }));
  app.get('/tagged', (_req, res) => void res.set('ETag', 'W/"3"').json(big));
  app.get('/nothing', (_req, res) => void res.status(204).json(big));
  return app;
}

describe('a JSON response', () => {
  let servers: http.Server[] = [];
  const listen = async (app: express.Express) => {
    const server = http.createServer(app);
    const seen = countWrites(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return { server, seen };
  };
  afterEach(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    servers = [];
  });

  it('goes out in one socket write with its headers (express alone needs two for a body of 1,000 characters or more)', async () => {
    const ours = await listen(appWith(true));
    const plain = await listen(appWith(false));
    const a = await get(ours.server, '/big');
    const b = await get(plain.server, '/big');
    expect(ours.seen.writes).toHaveLength(1);
    expect(String(ours.seen.writes[0]![0])).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"name":"Jürgen/);
    expect(plain.seen.writes).toHaveLength(2);
    // The same response otherwise: status, body, Content-Type, and the byte length of a body with umlauts.
    expect(a.status).toBe(b.status);
    expect(a.body).toBe(b.body);
    expect(JSON.parse(a.body)).toEqual(big);
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(a.headers['content-type']).toBe(b.headers['content-type']);
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.body)));
    expect(a.headers['content-length']).toBe(b.headers['content-length']);
  });

  it('keeps a Content-Type set before it and adds the charset as express does', async () => {
    const ours = await listen(appWith(true));
    const plain = await listen(appWith(false));
    const a = await get(ours.server, '/problem');
    const b = await get(plain.server, '/problem');
    expect(a.status).toBe(404);
    expect(a.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(a.headers['content-type']).toBe(b.headers['content-type']);
    expect(a.body).toBe(b.body);
  });

  it('leaves HEAD, 204 and conditional requests to express (no body; a matching If-None-Match is a 304)', async () => {
    const ours = await listen(appWith(true));
    const head = await get(ours.server, '/big', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(big))));
    const none = await get(ours.server, '/nothing');
    expect(none.status).toBe(204);
    expect(none.headers['content-type']).toBeUndefined();
    expect(none.body).toBe('');
    const unchanged = await get(ours.server, '/tagged', { 'if-none-match': 'W/"3"' });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBe('');
    const changed = await get(ours.server, '/tagged', { 'if-none-match': 'W/"2"' });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.body)).toEqual(big);
  });
});

describe('GET /api/patients/{id} on the service', () => {
  let database: TestDatabase;
  let server: http.Server;
  let seen: { writes: unknown[][] };
  beforeAll(async () => {
    database = await createTestDatabase();
    server = http.createServer(createApp(await appDependencies(database.db)));
    seen = countWrites(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.drop();
  });

  it('answers in one socket write, validated against the contract on the way (response validation is on in tests)', async () => {
    const api = supertest.agent(server).set('Authorization', await bearer());
    const created = await api.post('/api/patients').send({ firstName: 'Jürgen', lastName: 'Müller', diagnosis: 'F32.1' }).expect(201);
    seen.writes.length = 0;
    const res = await api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({ id: created.body.id, lastName: 'Müller', diagnosis: 'F32.1' });
    expect(seen.writes).toHaveLength(1);
    expect(String(seen.writes[0]![0])).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*"lastName":"Müller"/);
  });
});
