import { createApp } from '../../src/app';
import { DatabaseAvailability } from '../../src/db/availability';
import { createKnex, QUERY_TIMEOUT_MARGIN_MS, type Knex } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { Metrics } from '../../src/metrics/metrics';
import { authorizedAgent } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { freezePostgres } from '../support/freeze';
import { captureLogs } from '../support/log-capture';
import { startThrowAwayPostgres } from '../support/postgres-server';
import { PRODUCTION_DEFAULTS } from '../support/database';

// Issue 15, defect 1: with PostgreSQL frozen (SIGSTOP on the server and its backends) requests
// that held a connection hung as long as the freeze, the rest waited for the pool's 5 s acquire
// timeout. Now each request is answered 503 within DB_STATEMENT_TIMEOUT_MS + 500 ms (2.5 s by
// default) or DB_ACQUIRE_TIMEOUT_MS (2 s), and serves again as soon as the server does.
// Defect 6 too: the outage is one log line when it begins and one when it ends, and counted in /metrics.
const FREEZE_MS = 9_000;
const BOUND_MS = Math.max(PRODUCTION_DEFAULTS.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS, PRODUCTION_DEFAULTS.acquireTimeoutMs);
jest.setTimeout(60_000);

let server: Awaited<ReturnType<typeof startThrowAwayPostgres>>;
let db: Knex;

beforeAll(async () => {
  server = await startThrowAwayPostgres('patients');
  // The service's own bounds (DB_STATEMENT_TIMEOUT_MS, DB_ACQUIRE_TIMEOUT_MS defaults), not the test pools' wider ones.
  db = createKnex({ url: server.url, poolMax: 3, ...PRODUCTION_DEFAULTS });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db?.destroy();
  await server?.remove();
});

describe('when the database freezes (SIGSTOP on the server and its backends)', () => {
  it('answers every request 503 problem+json with Retry-After within the bound, logs the outage once, counts it, and serves at once when it thaws', async () => {
    const logs = captureLogs('info');
    const availability = new DatabaseAvailability({ logger: logs.logger, repeatIntervalMs: 60_000 }).watch(db);
    const metrics = new Metrics({ db, availability });
    const api = await authorizedAgent(createApp({ ...(await appDependencies(db)), logger: logs.logger, availability, metrics }));
    const created = await api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace' }).expect(201);
    // Every pooled connection open and idle before the freeze: the case that hung the whole freeze.
    await Promise.all([1, 2, 3].map(() => api.get(`/api/patients/${created.body.id}`).expect(200)));

    const frozen = await freezePostgres(server.dataDir, FREEZE_MS + 20_000);
    const frozenAt = Date.now();
    try {
      // More requests than connections: some hold a connection, the others wait for one.
      const timed = (request: PromiseLike<{ status: number; headers: Record<string, string>; body: { type?: string } }>) =>
        Promise.resolve(request).then((res) => ({ res, ms: Date.now() - frozenAt }));
      const answers = await Promise.all([
        ...[1, 2, 3, 4].map(() => timed(api.get(`/api/patients/${created.body.id}`))),
        timed(api.get('/api/patients')),
        timed(api.post('/api/patients').send({ firstName: 'Lost', lastName: 'Write' })),
        timed(api.patch(`/api/patients/${created.body.id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ city: 'Bonn' }))),
      ]);
      for (const { res, ms } of answers) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.type).toBe('/problems/service-unavailable');
        expect(ms).toBeLessThan(BOUND_MS + 1_000);
      }
      // A request that arrives during the freeze, on connections given up on: as bounded.
      const later = await timed(api.get(`/api/patients/${created.body.id}`));
      expect(later.res.status).toBe(503);
      expect(later.ms - answers.reduce((max, a) => Math.max(max, a.ms), 0)).toBeLessThan(BOUND_MS + 1_000);
      expect(Date.now() - frozenAt).toBeLessThan(FREEZE_MS);
      const scrape = (await metrics.exposition()).body;
      expect(scrape).toMatch(/^db_up 0$/m);
      expect(scrape).toMatch(/^db_outages_total 1$/m);
      expect(Number(/^db_unreachable_errors_total (\d+)$/m.exec(scrape)?.[1])).toBeGreaterThanOrEqual(answers.length + 1);
      // Still frozen until FREEZE_MS: the service must not wait for the thaw to answer.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, FREEZE_MS - (Date.now() - frozenAt))));
    } finally {
      frozen.thaw();
    }

    const thawedAt = Date.now();
    const back = await api.get(`/api/patients/${created.body.id}`);
    expect(back.status).toBe(200);
    expect(Date.now() - thawedAt).toBeLessThan(1_000);
    await api.post('/api/patients').send({ firstName: 'Grace', lastName: 'Hopper' }).expect(201);
    expect((await api.get('/api/patients').expect(200)).body.total).toBe(2);

    const errorLines = logs.records().filter((r) => ['warn', 'error', 'fatal'].includes(r.level as string));
    expect(errorLines.map((r) => r.msg)).toEqual(['database unreachable: requests get 503 until it is back']);
    expect(logs.text()).not.toMatch(/"stack"|Lovelace|at \w+ \(/);
    expect(logs.records().filter((r) => r.msg === 'database reachable again')).toHaveLength(1);
    expect((await metrics.exposition()).body).toMatch(/^db_up 1$/m);
  });
});
