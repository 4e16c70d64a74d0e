import { randomUUID } from 'node:crypto';
import url from 'node:url';
import * as pathToRegexpModule from 'path-to-regexp';
import { startTestApp, type TestApp } from '../support/app';

// patches/express-openapi-validator+5.6.2.patch, two per-request costs of the validator:
// - it finds a request's operation by scanning its routes, and unpatched compiles every scanned
//   route's path-to-regexp matcher again on every request (its open pull request #1217 does the
//   same fix upstream): now each route is compiled once per validator;
// - it reads the raw query with the deprecated url.parse on every request: now a plain
//   origin-form URL's query is the text after its '?', which is what url.parse gives for it.
// Both keep what the validator decides.

// The patched module's own function (exported by the patch for this test).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { queryOf } = require('express-openapi-validator/dist/middlewares/parsers/req.parameter.mutator') as { queryOf: (originalUrl: string) => string | null };

/** A small deterministic generator (the same corpus on every run). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

let app: TestApp;
let compiles: jest.SpyInstance;

beforeAll(async () => {
  compiles = jest.spyOn(pathToRegexpModule, 'pathToRegexp');
  app = await startTestApp();
});
afterAll(async () => {
  compiles.mockRestore();
  await app.close();
});

describe('the patched validator', () => {
  it('compiles each route once, not on every request, and still matches paths and their parameters', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Route', lastName: 'Lookup' }).expect(201);
    const id = created.body.id as string;
    // Warm: every route the requests below scan is compiled by now.
    await app.api.get(`/api/patients/${randomUUID()}`).expect(404);
    await app.api.get('/api/patients').expect(200);
    compiles.mockClear();

    for (let i = 0; i < 25; i++) {
      const one = await app.api.get(`/api/patients/${id}`).expect(200);
      expect(one.body.id).toBe(id);
      await app.api.get(`/api/patients/${randomUUID()}`).expect(404);
      await app.api.get('/api/patients?limit=1').expect(200);
    }
    // Unpatched: at least one compile per request (75 requests), one per route scanned.
    expect(compiles).not.toHaveBeenCalled();

    // A path parameter the contract refuses is still refused by the validator (400, naming it).
    const bad = await app.api.get('/api/patients/not-a-uuid').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/id/);
  });

  it('reads the same raw query as url.parse for every request target, plain or not', () => {
    const random = generator(20261201);
    const pieces = ['/', '\\', '?', '@', '#', ':', '%', "'", '{', '}', '^', '|', '`', '"', '<', '>', '[', ']', ' ', '.', '//', 'ä', '%C3%A4', '=', '&', '+'];
    const printable = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i));
    const targets = ['/a', '/a?', '/a@b?x=\'y\'&z={1}', '/\\/x?y<z', '/a?x=a#f', '/a#f?x=1', '//host/a?x=1', 'http://host/a?x=1', '*', '/api/patients?search=anna@example.org'];
    for (let n = 0; n < 20_000; n += 1) {
      let target = '/';
      const length = 1 + Math.floor(random() * 20);
      for (let i = 0; i < length; i += 1) target += random() < 0.4 ? pieces[Math.floor(random() * pieces.length)] : printable[Math.floor(random() * printable.length)];
      targets.push(target);
    }
    // url.parse throws on some targets (a URIError): the patched function must throw the same.
    const outcome = (read: () => string | null): string | null => {
      try {
        return read();
      } catch (error) {
        return `threw ${(error as Error).name}`;
      }
    };
    for (const target of targets) expect([target, outcome(() => queryOf(target))]).toEqual([target, outcome(() => url.parse(target).query)]);
  });

  it('reads a plain URL query without url.parse and still refuses reserved characters where the contract does not allow them', async () => {
    const parses = jest.spyOn(url, 'parse');
    try {
      await app.api.get('/api/patients?status=open&sort=lastName&limit=2').expect(200);
      // allowReserved (search): a ':' and a '+' pass; sort does not allow them: 400 naming it.
      await app.api.get('/api/patients?search=a:b+c').expect(200);
      const refused = await app.api.get('/api/patients?sort=lastName:').expect(400);
      expect(JSON.stringify(refused.body)).toMatch(/sort/);
      expect(parses).not.toHaveBeenCalled();
    } finally {
      parses.mockRestore();
    }
  });
});
