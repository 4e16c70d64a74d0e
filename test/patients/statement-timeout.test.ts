import { createApp } from '../../src/app';
import { createKnex, type Knex } from '../../src/db/knex';
import { authorizedAgent } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, TEST_ACQUIRE_TIMEOUT_MS, type TestDatabase } from '../support/database';

// DB_STATEMENT_TIMEOUT_MS: a statement that cannot finish (here: it waits on a row lock another
// transaction holds) is cancelled by PostgreSQL and becomes a 503, instead of the request hanging.
const TIMEOUT_MS = 1_000;
let database: TestDatabase;
let locker: Knex;

beforeAll(async () => {
  database = await createTestDatabase({ statementTimeoutMs: TIMEOUT_MS });
  // The lock holder runs without the timeouts (its idle transaction would be ended after 1 s otherwise).
  locker = createKnex({ url: database.url, poolMax: 1, statementTimeoutMs: 0, acquireTimeoutMs: TEST_ACQUIRE_TIMEOUT_MS });
});
afterAll(async () => {
  await locker.destroy();
  await database.drop();
});

describe('a database statement that does not finish in time', () => {
  it('answers 503 with Retry-After within the bound, and the pool serves the next requests', async () => {
    const api = await authorizedAgent(createApp(await appDependencies(database.db)));
    const { id } = (await api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace' }).expect(201)).body as { id: string };

    const trx = await locker.transaction();
    try {
      await trx.raw('SELECT id FROM patients WHERE id = ? FOR UPDATE', [id]);
      const started = Date.now();
      const blocked = await Promise.all([1, 2, 3].map((n) => api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ city: `Town ${n}` }))));
      const elapsed = Date.now() - started;
      for (const res of blocked) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
        expect(res.text).not.toMatch(/statement timeout|canceling|Lovelace/);
      }
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_500);
    } finally {
      await trx.rollback();
    }

    // Nothing was changed by the cancelled writes, and the connections are fine again.
    const after = await api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ city: 'Berlin' })).expect(200);
    expect(after.body).toMatchObject({ city: 'Berlin', version: 2 });
    await Promise.all(Array.from({ length: 12 }, () => api.get(`/api/patients/${id}`).expect(200)));
  });

  it('runs every pooled connection with the timeouts set', async () => {
    const rows = await database.db.raw<{ rows: { statement_timeout: string; idle_in_transaction_session_timeout: string }[] }>(
      "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('idle_in_transaction_session_timeout') AS idle_in_transaction_session_timeout",
    );
    expect(rows.rows[0]).toEqual({ statement_timeout: '1s', idle_in_transaction_session_timeout: '1s' });
    const unbounded = await locker.raw<{ rows: { statement_timeout: string }[] }>("SELECT current_setting('statement_timeout') AS statement_timeout");
    expect(unbounded.rows[0]!.statement_timeout).toBe('0');
  });
});
