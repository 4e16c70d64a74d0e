import { authorizedAgent } from '../support/app';
import type supertest from 'supertest';
import { createApp } from '../../src/app';
import { createKnex } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { HealthChecks } from '../../src/health/checks';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeWithKafka, startAppWithRelay, startRelay, uniqueTopic, type TestAppWithRelay } from '../support/kafka';
import { freePort, startThrowAwayPostgres } from '../support/postgres-server';
import { TEST_ACQUIRE_TIMEOUT_MS, TEST_STATEMENT_TIMEOUT_MS } from '../support/database';

/** Asks `probe` until `done` holds for its answer (bounded); returns that answer. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('health probes', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  async function appWith(health?: HealthChecks): Promise<supertest.Agent> {
    return authorizedAgent(createApp({ ...(await appDependencies(database.db)), health }));
  }

  describe('GET /health/live', () => {
    it('answers 200 {status: "ok"}, uncached, with a request id', async () => {
      const res = await (await appWith()).get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('goes through the contract like every operation: an unknown query parameter is a 400 problem', async () => {
      const res = await (await appWith()).get('/health/live?verbose=1').expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('GET /health/ready', () => {
    it('is 200 when the database answers and is migrated; reports the outbox backlog and Kafka as disabled without a relay', async () => {
      const api = await appWith();
      await api.post('/api/patients').send({ firstName: 'Ready', lastName: 'One' }).expect(201);
      await api.post('/api/patients').send({ firstName: 'Ready', lastName: 'Two' }).expect(201);
      const res = await api.get('/health/ready').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        status: 'ready',
        checks: {
          database: { status: 'up', latencyMs: expect.any(Number) },
          migrations: { status: 'up' },
          kafka: { status: 'disabled' },
          outbox: { pending: 2, oldestPendingAgeSeconds: expect.any(Number), stalled: expect.any(Boolean) },
        },
      });
      expect(res.body.checks.outbox.oldestPendingAgeSeconds).toBeLessThan(60);
    });

    it('is 503 not_ready while a migration of this version is missing from the database', async () => {
      const api = await appWith();
      const [last] = await database.db('knex_migrations').orderBy('id', 'desc').limit(1);
      await database.db('knex_migrations').where({ id: last.id }).delete();
      try {
        const res = await api.get('/health/ready').expect(503);
        expect(res.body).toMatchObject({ status: 'not_ready', checks: { database: { status: 'up' }, migrations: { status: 'pending' } } });
      } finally {
        await database.db('knex_migrations').insert(last);
      }
      await api.get('/health/ready').expect(200);
    });

    it('stays 200 when the database knows migrations this version does not (a newer version migrated first)', async () => {
      const api = await appWith();
      const [row] = await database.db('knex_migrations').insert({ name: '29991231000000_from_a_newer_version.ts', batch: 99, migration_time: new Date() }).returning('id');
      try {
        await api.get('/health/ready').expect(200);
      } finally {
        await database.db('knex_migrations').where({ id: (row as { id: number }).id }).delete();
      }
    });

    it('is 503 shutting_down from the start of shutdown on, though every check passes; liveness stays 200', async () => {
      const health = new HealthChecks({ db: database.db });
      const api = await appWith(health);
      await api.get('/health/ready').expect(200);
      health.beginShutdown();
      const res = await api.get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'shutting_down', checks: { database: { status: 'up' }, migrations: { status: 'up' } } });
      await api.get('/health/live').expect(200);
    });

    it('reports an unreachable Kafka as down before any event needs it', async () => {
      // A database of its own: an empty outbox, so nothing but the relay's start asks for Kafka.
      const empty = await startAppWithRelay({ maxBackoffMs: 200 }, [`127.0.0.1:${await freePort()}`]);
      try {
        const { api } = empty;
        const res = await eventually(
          () => api.get('/health/ready'),
          (r) => r.body.checks?.kafka?.status === 'down',
        );
        expect(res.status).toBe(200);
        expect(res.body.checks.outbox.pending).toBe(0);
        expect(res.body.checks.kafka).toMatchObject({ status: 'down', leader: true, producerConnected: false, published: 0 });
        expect(res.body.checks.kafka.lastError).toMatch(/KafkaJS.*ECONNREFUSED/);
      } finally {
        await empty.close();
      }
    });

    it('stays 200 while Kafka is unreachable, and reports the failing relay and the events waiting for it', async () => {
      const deadBroker = `127.0.0.1:${await freePort()}`;
      const relay = startRelay(database.url, uniqueTopic(), { maxBackoffMs: 200 }, [deadBroker]);
      try {
        const api = await appWith(new HealthChecks({ db: database.db, relay }));
        await api.post('/api/patients').send({ firstName: 'Waiting', lastName: 'ForKafka' }).expect(201);
        const res = await eventually(
          () => api.get('/health/ready'),
          (r) => r.body.checks?.kafka?.status === 'down',
        );
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('ready');
        expect(res.body.checks.kafka).toEqual({
          status: 'down',
          leader: true,
          producerConnected: false,
          published: 0,
          failedAttempts: expect.any(Number),
          failingForSeconds: expect.any(Number),
          lastError: expect.stringMatching(/KafkaJS.*ECONNREFUSED/),
        });
        expect(res.body.checks.kafka.failedAttempts).toBeGreaterThan(0);
        expect(res.body.checks.outbox.pending).toBeGreaterThan(0);
      } finally {
        await relay.stop();
      }
    });
  });
});

describe('GET /health/ready while the database goes away and comes back', () => {
  it('is 503 not_ready with the database down (and the rest unknown), then 200 again by itself', async () => {
    const server = await startThrowAwayPostgres('patients');
    const db = createKnex({ url: server.url, poolMax: 2, statementTimeoutMs: TEST_STATEMENT_TIMEOUT_MS, acquireTimeoutMs: TEST_ACQUIRE_TIMEOUT_MS });
    try {
      await migrateToLatest(db);
      const api = await authorizedAgent(createApp(await appDependencies(db)));
      await api.get('/health/ready').expect(200);

      await server.stop();
      const down = await api.get('/health/ready').expect(503);
      expect(down.body).toEqual({
        status: 'not_ready',
        checks: {
          database: { status: 'down', error: expect.any(String) },
          migrations: { status: 'unknown' },
          kafka: { status: 'disabled' },
          outbox: { pending: null, oldestPendingAgeSeconds: null },
        },
      });
      await api.get('/health/live').expect(200);

      await server.start();
      await eventually(
        () => api.get('/health/ready'),
        (r) => r.status === 200,
      );
    } finally {
      await db.destroy();
      await server.remove();
    }
  }, 60_000);
});

describeWithKafka('GET /health/ready with a Kafka broker', () => {
  let app: TestAppWithRelay;
  beforeAll(async () => {
    app = await startAppWithRelay();
  });
  afterAll(() => app.close());

  it('reports Kafka up once the relay leads, before the first event, and after publishing with the outbox drained', async () => {
    const { api } = app;
    const before = await eventually(
      () => api.get('/health/ready'),
      (r) => r.body.checks?.kafka?.status === 'up',
    );
    expect(before.body.checks.kafka).toMatchObject({ status: 'up', leader: true, producerConnected: true, published: 0 });
    await api.post('/api/patients').send({ firstName: 'Sent', lastName: 'ToKafka' }).expect(201);
    const res = await eventually(
      () => api.get('/health/ready'),
      // The relay counts a batch just after its UPDATE commits, so the outbox can look drained a
      // moment before the counter moves: wait for both.
      (r) => r.body.checks?.kafka?.status === 'up' && r.body.checks.outbox.pending === 0 && r.body.checks.kafka.published >= 1,
    );
    expect(res.status).toBe(200);
    expect(res.body.checks.kafka).toMatchObject({ status: 'up', leader: true, producerConnected: true, failingForSeconds: null });
    expect(res.body.checks.kafka.published).toBeGreaterThanOrEqual(1);
    expect(res.body.checks.outbox).toEqual({ pending: 0, oldestPendingAgeSeconds: null, stalled: false });
  });
});
