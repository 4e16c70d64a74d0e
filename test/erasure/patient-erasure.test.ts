import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { OutboxRelay } from '../../src/events/relay';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, KAFKA_BROKERS, readTopic, startRelay, type TopicRecord } from '../support/kafka';
import { fullPatientInput } from '../support/patients';

// Compaction by the shared broker's log cleaner (it looks every 15 s) on a loaded machine.
jest.setTimeout(240_000);

/**
 * The state topic of this test, configured so the broker compacts it within seconds: a segment
 * closes at the first write 100 ms after it opened (segment.ms; segment.bytes cannot help, a
 * produce request's batch must fit in one segment), any dirt is worth cleaning, no lag before
 * compaction and a short one at most, tombstones kept briefly. One partition, so the record
 * written after the deletion closes the segment of the tombstone (the active segment is never
 * compacted).
 */
async function createFastCompactingTopic(topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'patient-service-test-admin', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'segment.ms', value: '100' },
            { name: 'min.cleanable.dirty.ratio', value: '0.01' },
            { name: 'min.compaction.lag.ms', value: '0' },
            { name: 'max.compaction.lag.ms', value: '100' },
            { name: 'delete.retention.ms', value: '100' },
          ],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

interface Hit {
  table: string;
  row: string;
}

/** Every row of every table of the database (all schemas but the system's), as text, that contains one of `needles`. */
async function rowsContaining(app: TestApp, needles: string[]): Promise<Hit[]> {
  const { db } = app.database;
  const tables = await db('information_schema.tables')
    .where({ table_type: 'BASE TABLE' })
    .whereNotIn('table_schema', ['pg_catalog', 'information_schema'])
    .select<{ table_schema: string; table_name: string }[]>('table_schema', 'table_name');
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['patients', 'outbox', 'idempotency_keys']));
  const hits: Hit[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const { rows } = await db.raw<{ rows: { row: string }[] }>('SELECT t::text AS row FROM ??.?? AS t', [schema, table]);
    for (const { row } of rows) {
      const lower = row.toLowerCase();
      if (needles.some((needle) => lower.includes(needle.toLowerCase()))) hits.push({ table: `${schema}.${table}`, row });
    }
  }
  return hits;
}

describeWithKafka('DELETE /api/patients/{id} erases the patient from every store', () => {
  let app: TestApp;
  let relay: OutboxRelay;
  let stateTopic: string;

  beforeAll(async () => {
    app = await startTestApp();
    const topic = `patient-events-test-${randomBytes(5).toString('hex')}`;
    stateTopic = `${topic}-state`;
    await createFastCompactingTopic(stateTopic);
    relay = startRelay(app.database.url, topic, {}, KAFKA_BROKERS, stateTopic);
  });
  afterAll(async () => {
    await relay.stop();
    await app.close();
  });

  it('leaves only the id (and audit rows) behind: no name, email or KVNR in any table, the outbox, the idempotency store or the compacted topic', async () => {
    const tag = randomBytes(6).toString('hex');
    const firstName = `Ottilie${tag}`;
    const lastName = `Erasurewitz${tag}`;
    const renamed = `Vergessen${tag}`;
    const email = `ottilie.${tag}@erasure.example.org`;
    const kvnr = `Q${String(randomInt(0, 1e9)).padStart(9, '0')}`;
    const needles = [firstName, lastName, renamed, email, kvnr];
    const key = randomUUID();

    const body = fullPatientInput({ firstName, lastName, email, insuranceNumber: kvnr });
    const created = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    const id: string = created.body.id;
    await app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ lastName: renamed }).expect(200);

    // Both states are on the bus (through the real broker) before the delete.
    const published = await waitUntil('the create and the update are on the state topic', async () => {
      const mine = (await readTopic(stateTopic, { timeoutMs: 60_000 })).filter((r) => r.key === id);
      return mine.length === 2 ? mine : undefined;
    }, 90_000, 500);
    expect(published.map((r) => r.value).join('')).toContain(kvnr);
    // Before the delete every store holds the patient: the search below can find it.
    expect((await rowsContaining(app, needles)).map((h) => h.table)).toEqual(expect.arrayContaining(['public.patients', 'public.outbox']));

    await app.api.delete(`/api/patients/${id}`).expect(204);
    await app.api.get(`/api/patients/${id}`).expect(404);
    await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(410);

    // The deletion is delivered (a tombstone on the state topic), then the relay erases its outbox rows too.
    await waitUntil('the outbox holds nothing of the patient', async () => {
      const [row] = await app.database.db('outbox').where({ aggregate_id: id }).count<{ count: string }[]>({ count: '*' });
      return Number(row!.count) === 0 ? true : undefined;
    }, 60_000);

    // The database: no row anywhere with the name, the email or the KVNR.
    expect(await rowsContaining(app, needles)).toEqual([]);
    // What is left of the patient is its id: the idempotency key (its hash and the id, fingerprint erased), and audit rows.
    const withId = await rowsContaining(app, [id]);
    for (const hit of withId) expect(hit.table).toMatch(/^public\.(idempotency_keys|.*audit.*)$/);
    expect(await app.database.db('idempotency_keys').where({ patient_id: id }).select('request_hash')).toEqual([{ request_hash: null }]);

    // A record after the tombstone closes its segment; then the broker's cleaner compacts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const marker = await app.api.post('/api/patients').send({ firstName: 'Segment', lastName: 'Closer' }).expect(201);
    const erased = await waitUntil('the compacted topic holds nothing of the patient but its key', async () => {
      const records = await readTopic(stateTopic, { timeoutMs: 60_000 });
      const leaks = records.filter((r) => r.value !== null && needles.some((needle) => r.value!.includes(needle)));
      return leaks.length === 0 && records.some((r) => r.key === marker.body.id) ? records : undefined;
    }, 180_000, 3_000);
    const ofPatient: TopicRecord[] = erased.filter((r) => r.key === id);
    // Only the tombstone may be left (until delete.retention.ms), and it holds nothing but the key.
    expect(ofPatient.every((r) => r.value === null)).toBe(true);
  });
});
