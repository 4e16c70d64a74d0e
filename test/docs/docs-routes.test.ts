import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import supertest from 'supertest';
import { docsRoutes } from '../../src/docs/routes';
import { OPENAPI_FILE } from '../../src/file-locations';
import { startTestApp, type TestApp } from '../support/app';

/** The `src` and `href` URLs of a page, resolved against the page's own URL. */
function referencedUrls(html: string, pageUrl: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith('data:')).map((u) => new URL(u, `http://service${pageUrl}`).pathname);
}

function rawUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe('docs portal, mounted in the app', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('GET /openapi.yaml serves the contract as it is, as application/yaml', async () => {
    const res = await app.api.get('/openapi.yaml').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    // superagent keeps a buffered body of an unknown text type as text.
    expect(res.text).toBe(await readFile(OPENAPI_FILE, 'utf8'));
  });

  it('GET /docs renders Redoc from local assets only, on openapi.yaml', async () => {
    const res = await app.api.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // The page's own policy: only this origin (the browser test proves it blocks nothing needed).
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(res.text).toContain('data-spec-url="openapi.yaml"');
    // Relative URLs only: no CDN, no absolute host.
    for (const url of rawUrls(res.text)) expect(url).not.toMatch(/^(https?:)?\/\//);
    const urls = referencedUrls(res.text, '/docs');
    expect(urls).toEqual(expect.arrayContaining(['/docs/assets/redoc.standalone.js', '/docs/assets/redoc-init.js', '/openapi.yaml', '/docs/events']));
  });

  it('serves every script and stylesheet the pages reference', async () => {
    const pages = ['/docs', '/docs/events'];
    for (const page of pages) {
      const html = (await app.api.get(page)).text;
      const assets = referencedUrls(html, page).filter((u) => u.startsWith('/docs/assets/'));
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const res = await app.api.get(asset).expect(200);
        expect(res.headers['content-type']).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
        expect(Number(res.headers['content-length'] ?? res.text.length)).toBeGreaterThan(100);
      }
    }
  });

  it('redirects /docs/ to /docs, so that the relative URLs of the page resolve', async () => {
    const res = await app.api.get('/docs/').expect(301);
    expect(new URL(res.headers.location!, 'http://service/docs/').pathname).toBe('/docs');
    const events = await app.api.get('/docs/events/').expect(301);
    expect(new URL(events.headers.location!, 'http://service/docs/events/').pathname).toBe('/docs/events');
  });

  it('answers an unknown asset with the 404 problem of any unknown path', async () => {
    const res = await app.api.get('/docs/assets/nothing.js').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the API itself behind the validator', async () => {
    await app.api.get('/api/patients?limit=0').expect(400);
  });
});

describe('docs portal, events pages (asyncapi.yaml injected)', () => {
  let dir: string;
  let asyncapiFile: string;
  let api: supertest.Agent;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docs-routes-'));
    asyncapiFile = path.join(dir, 'asyncapi.yaml');
    const app = express();
    app.use(docsRoutes({ asyncapiFile }));
    api = supertest.agent(app);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('/docs/events renders asyncapi.yaml and /asyncapi.yaml serves it', async () => {
    const contract = [
      'asyncapi: 3.0.0',
      'info: { title: Test events, version: 1.0.0 }',
      'channels:',
      '  things: { address: things, messages: { thingHappened: { name: thing.happened, payload: { type: object } } } }',
      'operations:',
      '  sendThing: { action: send, channel: { $ref: "#/channels/things" } }',
      '',
    ].join('\n');
    await writeFile(asyncapiFile, contract);

    const page = await api.get('/docs/events').expect(200);
    expect(page.text).toContain('data-spec-url="../asyncapi.yaml"');
    expect(referencedUrls(page.text, '/docs/events')).toEqual(
      expect.arrayContaining(['/docs/assets/asyncapi.standalone.js', '/docs/assets/asyncapi-init.js', '/docs/assets/asyncapi.css', '/asyncapi.yaml']),
    );
    const raw = await api.get('/asyncapi.yaml').buffer(true);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(raw.text).toBe(contract);
  });
});
