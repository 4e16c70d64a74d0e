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
    // Still node's classes underneath, and express's own prototypes (its methods) in the chain.
    expect(app.request).toBeInstanceOf(http.IncomingMessage);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(app.request))).toBe(express.request);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(app.response))).toBe(express.response);
    expect(app.response).toBeInstanceOf(http.ServerResponse);
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
