import { Router } from 'express';
import { expressPath, route, withDefaults } from '../../src/http/typed-routes';
import { startTestApp, type TestApp } from '../support/app';

// Express 5 made `req.query` a getter that parses the URL again on each read;
// express-openapi-validator has had bugs with it (its #599/#969). These pin what the list
// relies on: coercion of strings to numbers and arrays, openapi.yaml's defaults, and a 400 for
// unknown parameters, as under Express 4.
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  for (const lastName of ['Adler', 'Bauer', 'Conrad']) {
    await app.api.post('/api/patients').send({ firstName: 'Test', lastName, status: lastName === 'Bauer' ? 'searching' : 'open' }).expect(201);
  }
});
afterAll(() => app.close());

describe('query parameters under Express 5', () => {
  it('applies the defaults of limit, offset and sort', async () => {
    const res = await app.api.get('/api/patients').expect(200);
    expect(res.body).toMatchObject({ limit: 20, offset: 0, total: 3 });
    expect(res.body.data.map((p: { lastName: string }) => p.lastName)).toEqual(['Conrad', 'Bauer', 'Adler']);
  });

  it('coerces limit and offset to integers (the response echoes numbers, not strings)', async () => {
    const res = await app.api.get('/api/patients?limit=1&offset=1&sort=lastName').expect(200);
    expect(res.body.limit).toBe(1);
    expect(res.body.offset).toBe(1);
    expect(res.body.data.map((p: { lastName: string }) => p.lastName)).toEqual(['Bauer']);
  });

  it('reads a repeated parameter and a comma-free single value as arrays', async () => {
    const one = await app.api.get('/api/patients?status=searching').expect(200);
    expect(one.body.data.map((p: { lastName: string }) => p.lastName)).toEqual(['Bauer']);
    const two = await app.api.get('/api/patients?status=searching&status=open&sort=lastName').expect(200);
    expect(two.body.data.map((p: { lastName: string }) => p.lastName)).toEqual(['Adler', 'Bauer', 'Conrad']);
  });

  it('refuses an unknown query parameter with a 400 naming it', async () => {
    const res = await app.api.get('/api/patients?colour=blue').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).toContain('colour');
  });

  it('refuses a value that is not an integer', async () => {
    const res = await app.api.get('/api/patients?limit=ten').expect(400);
    expect(JSON.stringify(res.body)).toContain('limit');
  });
});

describe('typed routes', () => {
  it('writes OpenAPI path templates as express paths', () => {
    expect(expressPath('/api/patients/{id}')).toBe('/api/patients/:id');
    expect(expressPath('/api/patients')).toBe('/api/patients');
  });

  it('take only a path and method openapi.yaml has (checked by npm run typecheck)', () => {
    const router = Router();
    // @ts-expect-error: openapi.yaml has no such path
    route(router, 'get', '/api/patient', () => {});
    // @ts-expect-error: openapi.yaml has no PUT on the collection
    route(router, 'put', '/api/patients', () => {});
    route(router, 'get', '/api/patients/{id}', (req) => {
      // @ts-expect-error: the path has no parameter of that name
      void req.params.patientId;
    });
    expect(router.stack).toHaveLength(3);
  });

  it('fails loudly when a default was not applied', () => {
    const query: { limit?: number; sort?: string } = { sort: 'lastName' };
    expect(() => withDefaults(query, ['limit', 'sort'])).toThrow(/limit/);
    expect(withDefaults({ limit: 5 }, ['limit']).limit).toBe(5);
  });
});
