import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/app';
import { startTestApp, type TestApp, authorizedAgent } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function countWhere(table: string, column: string, value: string): Promise<number> {
  const rows = await app.database.db(table).where(column, value).count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]!.count);
}

describe('POST /api/patients with Idempotency-Key', () => {
  it('answers a retry with the patient the first request created, as it is now, without a second patient or event', async () => {
    const key = randomUUID();
    const body = fullPatientInput({ lastName: `Idem-${key}` });
    const first = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The patient changes after the first response: the key keeps no copy, the retry reads the patient.
    const patched = await app.api.patch(`/api/patients/${first.body.id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Changed' }).expect(200);

    const retry = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(patched.body);
    expect(retry.headers.etag).toBe('"2"');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await countWhere('patients', 'last_name', `Idem-${key}`)).toBe(1);
    const events = await app.database.db('outbox').where({ aggregate_id: first.body.id }).orderBy('position').pluck('event_type');
    expect(events).toEqual(['patient.created', 'patient.updated']);
  });

  it('treats the same body with its properties in another order as the same request', async () => {
    const key = randomUUID();
    const first = await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'A', lastName: 'Order' }).expect(201);
    const retry = await app.api.post('/api/patients').set('Idempotency-Key', key).send({ lastName: 'Order', firstName: 'A' }).expect(201);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('rejects the same key with a different body (422) and creates nothing', async () => {
    const key = randomUUID();
    await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'First', lastName: 'Body' }).expect(201);
    const res = await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Other', lastName: 'Body' }).expect(422);
    expect(res.body).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(await countWhere('patients', 'first_name', 'Other')).toBe(0);
  });

  it('creates one patient and one event for concurrent requests with the same key', async () => {
    const key = randomUUID();
    const body = { firstName: 'Concurrent', lastName: `Key-${key}` };
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.api.post('/api/patients').set('Idempotency-Key', key).send(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await countWhere('patients', 'last_name', `Key-${key}`)).toBe(1);
    expect(await countWhere('outbox', 'aggregate_id', responses[0]!.body.id)).toBe(1);
  });

  it('does not remember a key whose request failed', async () => {
    const key = randomUUID();
    await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Bad', lastName: 'Date', dateOfBirth: '2999-01-01' }).expect(400);
    await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Good', lastName: 'Date' }).expect(201);
  });

  it('forgets keys after their lifetime: the same key then creates a new patient', async () => {
    const shortLived = await authorizedAgent(createApp({ ...(await appDependencies(app.database.db)), idempotencyKeyTtlSeconds: 1 }));
    const key = randomUUID();
    const first = await shortLived.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Short', lastName: 'Lived' }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await shortLived.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Short', lastName: 'Lived' }).expect(201);
    expect(later.body.id).not.toBe(first.body.id);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps neither the key nor the body in clear, and no copy of the patient', async () => {
    const key = `client-key-${randomUUID()}`;
    const body = fullPatientInput({ lastName: `Stored-${key}` });
    const created = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    const rows = await app.database.db.raw<{ rows: { row: string }[] }>('SELECT k::text AS row FROM idempotency_keys k');
    const mine = rows.rows.map((r) => r.row).filter((row) => row.includes(created.body.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toContain(key);
    expect(mine[0]).not.toContain(body.lastName);
    expect(mine[0]).not.toContain(body.email);
    const columns = await app.database.db('information_schema.columns').where({ table_name: 'idempotency_keys' }).orderBy('column_name').pluck('column_name');
    expect(columns).toEqual(['created_at', 'expires_at', 'key', 'patient_id', 'request_hash']);
  });

  it('answers a replay of a key whose patient was deleted with 410, naming no patient, and creates nothing', async () => {
    const key = randomUUID();
    const body = fullPatientInput({ lastName: `Gone-${key}` });
    const created = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    await app.api.delete(`/api/patients/${created.body.id}`).expect(204);

    const replay = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(410);
    expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(replay.body).toMatchObject({ status: 410, type: '/problems/patient-deleted', title: 'Gone' });
    expect(JSON.stringify(replay.body)).not.toContain(created.body.id);
    expect(JSON.stringify(replay.body)).not.toContain(body.lastName);
    expect(replay.headers.location).toBeUndefined();
    // Another body under the same key: also 410 (the fingerprint is gone), and no new patient either way.
    await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Other', lastName: `Gone-${key}` }).expect(410);
    expect(await countWhere('patients', 'last_name', body.lastName)).toBe(0);
    // The key keeps only the id of the deleted patient.
    const row = await app.database.db('idempotency_keys').where({ patient_id: created.body.id }).first();
    expect(row).toMatchObject({ request_hash: null, patient_id: created.body.id });
  });

  it('answers 410 for a deleted patient also to concurrent replays', async () => {
    const key = randomUUID();
    const body = { firstName: 'Race', lastName: `Deleted-${key}` };
    const created = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    const [deleted, ...replays] = await Promise.all([
      app.api.delete(`/api/patients/${created.body.id}`),
      ...Array.from({ length: 4 }, () => app.api.post('/api/patients').set('Idempotency-Key', key).send(body)),
    ]);
    expect(deleted.status).toBe(204);
    // Each replay ran before the delete committed (the patient, 201) or after it (410): never a new patient.
    for (const replay of replays) {
      expect([201, 410]).toContain(replay.status);
      if (replay.status === 201) expect(replay.body.id).toBe(created.body.id);
    }
    await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(410);
    expect(await countWhere('patients', 'last_name', body.lastName)).toBe(0);
  });

  it('rejects an empty or overlong key', async () => {
    await app.api.post('/api/patients').set('Idempotency-Key', 'x'.repeat(256)).send({ firstName: 'A', lastName: 'B' }).expect(400);
  });
});
