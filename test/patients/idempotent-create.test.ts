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
  it('returns the original response to a retry, without a second patient or event', async () => {
    const key = randomUUID();
    const body = fullPatientInput({ lastName: `Idem-${key}` });
    const first = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The patient changes after the first response: the retry still gets the original response.
    await app.api.patch(`/api/patients/${first.body.id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Changed' }).expect(200);

    const retry = await app.api.post('/api/patients').set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
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

  it('rejects an empty or overlong key', async () => {
    await app.api.post('/api/patients').set('Idempotency-Key', 'x'.repeat(256)).send({ firstName: 'A', lastName: 'B' }).expect(400);
  });
});
