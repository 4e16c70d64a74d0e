import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpServer } from '../../src/http/http-server';
import { loadConfig } from '../../src/config';

// src/http/http-server.ts: an express app's requests and responses are born with the app's
// prototypes (express would otherwise change both objects' prototypes on every request), and
// behave as express's own.

const limits = loadConfig({}).http;

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('the HTTP server', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("gives an express app's requests and responses its prototypes from birth, and they work as express's", async () => {
    const app = express();
    app.get('/hello/:name', (req, res) => void res.status(201).set('X-Seen', req.get('x-probe') ?? 'none').json({ name: req.params.name, query: req.query, sameApp: req.app === app && res.app === app }));
    const server = createHttpServer(app, limits);
    servers.push(server);
    const born: boolean[] = [];
    // Runs before express's listener: what node created.
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    });
    const port = await listen(server);

    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/hello/J%C3%BCrgen?x=${i}`, { headers: { 'x-probe': 'yes' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-seen')).toBe('yes');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ name: 'Jürgen', query: { x: String(i) }, sameApp: true });
    }
    expect(born).toEqual([true, true, true]);
    // Subclasses of node's classes, not node's own, with express's prototypes (its methods) in the chain.
    expect(app.request.constructor).not.toBe(http.IncomingMessage);
    expect(Object.getPrototypeOf(app.request.constructor)).toBe(http.IncomingMessage);
    expect(Object.getPrototypeOf(app.response.constructor)).toBe(http.ServerResponse);
    expect(Object.getPrototypeOf(app.request)).toBe(express.request);
    expect(Object.getPrototypeOf(app.response)).toBe(express.response);
  });

  it('makes the classes once per app: a second server for the same app reuses them', async () => {
    const app = express();
    app.get('/', (req, res) => void res.json({ sameApp: req.app === app }));
    const first = createHttpServer(app, limits);
    const request = app.request;
    const response = app.response;
    const second = createHttpServer(app, limits);
    servers.push(first, second);
    expect(app.request).toBe(request);
    expect(app.response).toBe(response);
    const port = await listen(second);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).json()).toEqual({ sameApp: true });
  });

  it("keeps req.app right in sub-apps, mounted before or after adoption, and in the app itself once it is mounted into another", async () => {
    const seen = (name: string) => (req: express.Request, res: express.Response) => void res.json({ app: (req.app as unknown as { locals: { name: string } }).locals.name, resApp: (res.app as unknown as { locals: { name: string } }).locals.name, name });
    const named = (name: string) => Object.assign(express(), { locals: { name } });
    const app = named('app');
    const before = named('before');
    before.get('/', seen('before'));
    app.use('/before', before);
    app.get('/', seen('app'));
    const server = createHttpServer(app, limits);
    servers.push(server);
    const after = named('after');
    after.get('/', seen('after'));
    app.use('/after', after);
    app.get('/back', seen('back'));
    // The adopted app itself, mounted into a parent afterwards (express re-parents its prototypes).
    const parent = named('parent');
    parent.use('/child', app);
    const parentServer = http.createServer(parent);
    servers.push(parentServer);
    const port = await listen(server);
    const parentPort = await listen(parentServer);
    const get = async (url: string) => (await fetch(url)).json();

    expect(await get(`http://127.0.0.1:${port}/`)).toEqual({ app: 'app', resApp: 'app', name: 'app' });
    expect(await get(`http://127.0.0.1:${port}/before/`)).toEqual({ app: 'before', resApp: 'before', name: 'before' });
    expect(await get(`http://127.0.0.1:${port}/after/`)).toEqual({ app: 'after', resApp: 'after', name: 'after' });
    // Back in the app after a sub-app had the request.
    expect(await get(`http://127.0.0.1:${port}/back`)).toEqual({ app: 'app', resApp: 'app', name: 'back' });
    expect(await get(`http://127.0.0.1:${parentPort}/child/`)).toEqual({ app: 'app', resApp: 'app', name: 'app' });
    expect(await get(`http://127.0.0.1:${parentPort}/child/after/`)).toEqual({ app: 'after', resApp: 'after', name: 'after' });
  });

  it('leaves a plain request listener with node classes, also one that carries other request and response objects', async () => {
    const listener = Object.assign((_req: http.IncomingMessage, res: http.ServerResponse) => void res.end('plain'), { request: {}, response: {} });
    const server = createHttpServer(listener, limits);
    servers.push(server);
    const protos: boolean[] = [];
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      protos.push(Object.getPrototypeOf(req) === http.IncomingMessage.prototype && Object.getPrototypeOf(res) === http.ServerResponse.prototype);
    });
    const port = await listen(server);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('plain');
    expect(protos).toEqual([true]);
  });
});
