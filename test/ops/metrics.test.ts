import { authorizedAgent } from '../support/app';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { Metrics } from '../../src/metrics/metrics';
import { createMetricsApp } from '../../src/metrics/metrics-app';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeWithKafka, startAppWithRelay, type TestAppWithRelay } from '../support/kafka';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (enough of the format for these tests). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function value(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return all.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** A scrape of the metrics port's app. */
async function scrape(metrics: supertest.Agent): Promise<{ text: string; all: Sample[] }> {
  const res = await metrics.get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain;/);
  expect(res.headers['content-type']).toContain('version=0.0.4');
  return { text: res.text, all: samples(res.text) };
}

describe('GET /metrics', () => {
  let database: TestDatabase;
  let api: supertest.Agent;
  let metricsPort: supertest.Agent;
  beforeAll(async () => {
    database = await createTestDatabase();
    const metrics = new Metrics({ db: database.db });
    api = await authorizedAgent(createApp({ ...(await appDependencies(database.db)), metrics }));
    metricsPort = supertest.agent(createMetricsApp(metrics));
  });
  afterAll(() => database.drop());

  it('labels request durations by route template and status, never by URL, id or query', async () => {
    const created = await api.post('/api/patients').send({ firstName: 'Metric', lastName: 'Mustermetrik' }).expect(201);
    const id: string = created.body.id;
    await api.get(`/api/patients/${id}`).expect(200);
    await api.get(`/api/patients/${id}`).expect(200);
    await api.get('/api/patients/not-a-uuid').expect(400);
    await api.get('/api/patients').query({ search: 'Mustermetrik' }).expect(200);
    await api.get(`/api/${id}/whatever`).expect(404);
    await api.get('/nowhere/Mustermetrik').expect(404);

    const { text, all } = await scrape(metricsPort);
    const count = (labels: Record<string, string>): number | undefined => value(all, 'http_request_duration_seconds_count', labels);
    expect(count({ method: 'POST', route: '/api/patients', status_code: '201' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/patients/:id', status_code: '200' })).toBe(2);
    // A 400 of the contract, before any handler ran: still its route.
    expect(count({ method: 'GET', route: '/api/patients/:id', status_code: '400' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/patients', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(2);
    const routes = new Set(all.filter((s) => s.name.startsWith('http_request_duration_seconds')).map((s) => s.labels.route));
    expect([...routes].sort()).toEqual(['/api/patients', '/api/patients/:id', 'unmatched']);
    expect(text).not.toContain(id);
    expect(text).not.toMatch(/mustermetrik|not-a-uuid|whatever|search/i);
  });

  it('shows the database pool, the outbox backlog and the process metrics', async () => {
    await api.post('/api/patients').send({ firstName: 'Backlog', lastName: 'One' }).expect(201);
    const pending = Number((await database.db('outbox').whereNull('published_at').count<{ count: string }[]>({ count: '*' }))[0]!.count);
    expect(pending).toBeGreaterThan(0);

    const { all } = await scrape(metricsPort);
    expect(value(all, 'db_pool_connections', { state: 'used' })).toEqual(expect.any(Number));
    expect(value(all, 'db_pool_connections', { state: 'free' })).toBeGreaterThanOrEqual(1);
    expect(value(all, 'db_pool_pending_acquires')).toBe(0);
    expect(value(all, 'db_pool_max_connections')).toBe(10);
    // No relay in this app: the events wait, and the outbox says so.
    expect(value(all, 'outbox_pending_events')).toBe(pending);
    expect(value(all, 'outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
    expect(value(all, 'outbox_events_published_total')).toBeUndefined();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect([name, value(all, name)]).toEqual([name, expect.any(Number)]);
    }
  });

  it('counts requests still waiting for a pooled connection', async () => {
    // Hold every connection of the pool, then ask for one more.
    const pool = Array.from({ length: 10 }, () => database.db.transaction());
    const held = await Promise.all(pool);
    const waiting = database.db.raw('SELECT 1').then(() => undefined); // then(): knex queries start when consumed
    try {
      const { all } = await scrape(metricsPort);
      expect(value(all, 'db_pool_connections', { state: 'used' })).toBe(10);
      expect(value(all, 'db_pool_pending_acquires')).toBeGreaterThanOrEqual(1);
      // The scrape's own backlog query waits too: reported as unknown after its bound, not as 0.
      expect(value(all, 'outbox_pending_events')).toBeNaN();
    } finally {
      await Promise.all(held.map((trx) => trx.rollback()));
      await waiting;
    }
  });
});

describeWithKafka('GET /metrics with a relay publishing to Kafka', () => {
  let app: TestAppWithRelay;
  beforeAll(async () => {
    app = await startAppWithRelay();
  });
  afterAll(() => app.close());

  it('counts the events published and shows the outbox drained and this instance as the leader', async () => {
    const { api, metrics } = app;
    for (let i = 0; i < 3; i++) await api.post('/api/patients').send({ firstName: `Counted${i}`, lastName: 'Event' }).expect(201);
    const deadline = Date.now() + 20_000;
    let all: Sample[] = [];
    while (Date.now() < deadline) {
      all = (await scrape(metrics)).all;
      if (value(all, 'outbox_events_published_total') === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(value(all, 'outbox_events_published_total')).toBe(3);
    expect(value(all, 'outbox_events_failed_total')).toBe(0);
    expect(value(all, 'outbox_relay_failures_total')).toBe(0);
    expect(value(all, 'outbox_relay_leader')).toBe(1);
    expect(value(all, 'outbox_pending_events')).toBe(0);
    expect(value(all, 'outbox_oldest_pending_age_seconds')).toBe(0);
  });
});
