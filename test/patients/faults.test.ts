import { createApp } from '../../src/app';
import { createKnex } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { startTestApp, type TestApp, authorizedAgent } from '../support/app';
import { startThrowAwayPostgres } from '../support/postgres-server';
import { appDependencies } from '../support/app-dependencies';
import { TEST_ACQUIRE_TIMEOUT_MS, TEST_STATEMENT_TIMEOUT_MS } from '../support/database';

describe('when the database goes away', () => {
  it('answers 503 with Retry-After, then recovers by itself when the database is back', async () => {
    const server = await startThrowAwayPostgres('patients');
    const db = createKnex({ url: server.url, poolMax: 4, statementTimeoutMs: TEST_STATEMENT_TIMEOUT_MS, acquireTimeoutMs: TEST_ACQUIRE_TIMEOUT_MS });
    try {
      await migrateToLatest(db);
      const api = await authorizedAgent(createApp(await appDependencies(db)));
      const created = await api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace' }).expect(201);

      await server.stop();
      for (const request of [
        api.get(`/api/patients/${created.body.id}`),
        api.get('/api/patients'),
        api.post('/api/patients').send({ firstName: 'Lost', lastName: 'Write' }),
      ]) {
        const res = await request;
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
      }

      await server.start();
      const back = await api.get(`/api/patients/${created.body.id}`);
      expect(back.status).toBe(200);
      expect(back.body.firstName).toBe('Ada');
      const listed = await api.get('/api/patients').expect(200);
      expect(listed.body.total).toBe(1);
    } finally {
      await db.destroy();
      await server.remove();
    }
  });
});

describe('when something unexpected fails', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers 500 without stack, SQL or personal data and rolls the write back', async () => {
    // A real fault inside the transaction: a trigger that fails every insert.
    await app.database.db.raw(`
      CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk on fire for %', NEW.last_name; END $$;
      CREATE TRIGGER fail_insert AFTER INSERT ON patients FOR EACH ROW EXECUTE FUNCTION fail_insert();`);
    try {
      const res = await app.api.post('/api/patients').send({ firstName: 'Secret', lastName: 'Patientname', email: 'secret@example.org' }).expect(500);
      expect(res.body).toEqual({
        type: '/problems/internal-error',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred.',
        instance: '/api/patients',
      });
      expect(res.text).not.toMatch(/Patientname|secret@|disk on fire|INSERT INTO|relation|at \w+ \(/);
      const count = await app.database.db('patients').count<{ count: string }[]>({ count: '*' });
      expect(Number(count[0]!.count)).toBe(0);
    } finally {
      await app.database.db.raw('DROP TRIGGER fail_insert ON patients; DROP FUNCTION fail_insert()');
    }
  });

  it('turns a stored row that breaks the contract into a 500 instead of serving it (response validation)', async () => {
    // The database allows what the contract forbids here (an email that is not an email).
    const [row] = await app.database.db('patients').insert({ first_name: 'Bad', last_name: 'Row', email: 'not-an-email' }).returning('id');
    const res = await app.api.get(`/api/patients/${(row as { id: string }).id}`).expect(500);
    expect(res.body.type).toBe('/problems/internal-error');
    expect(res.text).not.toContain('not-an-email');
  });
});

describe('input the database cannot store or the client encodes loosely', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('rejects a NUL character in a body or query string with a 400 naming the field', async () => {
    const body = await app.api.post('/api/patients').send({ firstName: 'a\u0000b', lastName: 'x' }).expect(400);
    expect(body.body.errors).toEqual([{ field: 'body.firstName', message: 'must not contain the NUL character (U+0000)' }]);
    const query = await app.api.get('/api/patients?search=a%00b').expect(400);
    expect(query.body.errors[0].field).toBe('query.search');
  });

  it('decodes + as a space in free-text query parameters', async () => {
    await app.api.post('/api/patients').send({ firstName: 'Kurt', lastName: 'Kur', city: 'Bad Homburg' }).expect(201);
    const res = await app.api.get('/api/patients?city=Bad+Homburg').expect(200);
    expect(res.body.data.map((p: { city: string }) => p.city)).toEqual(['Bad Homburg']);
  });

  it('names the allowed methods in a 405', async () => {
    const res = await app.api.post('/api/patients/8a0e3f60-3333-4000-8000-000000000000').send({}).expect(405);
    expect(res.headers.allow).toBeDefined();
    expect(res.headers.allow!.split(/,\s*/).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'PUT']);
  });
});
