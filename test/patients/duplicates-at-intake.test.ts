import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { bearer } from '../support/tokens';

/** POST /api/patients refuses likely duplicates with 409 unless allowDuplicate=true (openapi.yaml, createPatient). */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

let serial = 0;
/** A KVNR no other test uses. */
function kvnr(): string {
  serial += 1;
  return `D${String(Date.now() % 1e5).padStart(5, '0')}${String(serial).padStart(4, '0')}`;
}

async function patientCount(): Promise<number> {
  return Number((await app.database.db('patients').count<{ count: string }[]>({ count: '*' }))[0]!.count);
}

describe('POST /api/patients: duplicates at intake', () => {
  it('refuses the same insurance number with 409 naming the candidate, and stores nothing', async () => {
    const insuranceNumber = kvnr();
    const first = await app.api.post('/api/patients').send({ firstName: 'Karl', lastName: 'Kvnr', insuranceNumber }).expect(201);
    const before = await patientCount();
    const events = Number((await app.database.db('outbox').count<{ count: string }[]>({ count: '*' }))[0]!.count);
    const res = await app.api.post('/api/patients').send({ firstName: 'Carl', lastName: 'Other', insuranceNumber }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/possible-duplicate', status: 409, duplicateCandidates: [{ id: first.body.id, matchedOn: ['insuranceNumber'] }] });
    expect(await patientCount()).toBe(before);
    expect(Number((await app.database.db('outbox').count<{ count: string }[]>({ count: '*' }))[0]!.count)).toBe(events);
  });

  it('matches folded names with the same date of birth: Müller, Mueller and MÜLLER are one name', async () => {
    const dateOfBirth = '1961-07-0' + String(1 + (serial % 9));
    const first = await app.api.post('/api/patients').send({ firstName: 'Jürgen', lastName: 'Müller', dateOfBirth }).expect(201);
    for (const spelling of [{ firstName: 'Juergen', lastName: 'Mueller' }, { firstName: 'JÜRGEN', lastName: 'MÜLLER' }]) {
      const res = await app.api.post('/api/patients').send({ ...spelling, dateOfBirth }).expect(409);
      expect(res.body.duplicateCandidates).toEqual([{ id: first.body.id, matchedOn: ['nameAndDateOfBirth'] }]);
    }
    // Another day of birth, or none at all: another person as far as anyone can tell.
    await app.api.post('/api/patients').send({ firstName: 'Jürgen', lastName: 'Müller', dateOfBirth: '1961-08-01' }).expect(201);
    await app.api.post('/api/patients').send({ firstName: 'Jürgen', lastName: 'Müller' }).expect(201);
  });

  it('matches the same email case-insensitively, and names every rule that matched', async () => {
    const email = `dup-${randomUUID()}@example.org`;
    const insuranceNumber = kvnr();
    const first = await app.api.post('/api/patients').send({ firstName: 'Eva', lastName: 'Mail', email, insuranceNumber }).expect(201);
    const one = await app.api.post('/api/patients').send({ firstName: 'Eve', lastName: 'Other', email: email.toUpperCase() }).expect(409);
    expect(one.body.duplicateCandidates).toEqual([{ id: first.body.id, matchedOn: ['email'] }]);
    const both = await app.api.post('/api/patients').send({ firstName: 'Eve', lastName: 'Other', email, insuranceNumber }).expect(409);
    expect(both.body.duplicateCandidates).toEqual([{ id: first.body.id, matchedOn: ['insuranceNumber', 'email'] }]);
  });

  it('creates the patient anyway with allowDuplicate=true', async () => {
    const insuranceNumber = kvnr();
    await app.api.post('/api/patients').send({ firstName: 'Twin', lastName: 'One', insuranceNumber }).expect(201);
    const second = await app.api.post('/api/patients').query({ allowDuplicate: 'true' }).send({ firstName: 'Twin', lastName: 'One', insuranceNumber }).expect(201);
    const third = await app.api.post('/api/patients').query({ allowDuplicate: 'false' }).send({ firstName: 'Twin', lastName: 'One', insuranceNumber }).expect(409);
    expect(third.body.duplicateCandidates.map((c: { id: string }) => c.id)).toContain(second.body.id);
    await app.api.post('/api/patients').query({ allowDuplicate: 'maybe' }).send({ firstName: 'Twin', lastName: 'One' }).expect(400);
  });

  it('gives no ids, names or health data to a caller without patients.read, and only ids to one with it', async () => {
    const insuranceNumber = kvnr();
    await app.api.post('/api/patients').send({ firstName: 'Hidden', lastName: 'Health', insuranceNumber, diagnosis: 'F32.1', currentComplaints: 'sleeplessness' }).expect(201);
    const writeOnly = await app.api.post('/api/patients').set('Authorization', await bearer({ scopes: ['patients.write'] })).send({ firstName: 'X', lastName: 'Y', insuranceNumber }).expect(409);
    expect(writeOnly.body).not.toHaveProperty('duplicateCandidates');
    const reader = await app.api.post('/api/patients').set('Authorization', await bearer({ scopes: ['patients.write', 'patients.read'] })).send({ firstName: 'X', lastName: 'Y', insuranceNumber }).expect(409);
    expect(Object.keys(reader.body.duplicateCandidates[0] as object).sort()).toEqual(['id', 'matchedOn']);
    for (const body of [writeOnly.body, reader.body]) {
      expect(JSON.stringify(body)).not.toMatch(/Hidden|Health|F32|sleeplessness/);
    }
  });

  it('replays an idempotent create instead of calling it a duplicate of itself; a refused create frees its key', async () => {
    const insuranceNumber = kvnr();
    const key = randomUUID();
    const first = await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Ida', lastName: 'Key', insuranceNumber }).expect(201);
    const replay = await app.api.post('/api/patients').set('Idempotency-Key', key).send({ firstName: 'Ida', lastName: 'Key', insuranceNumber }).expect(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const otherKey = randomUUID();
    await app.api.post('/api/patients').set('Idempotency-Key', otherKey).send({ firstName: 'Ida', lastName: 'Key', insuranceNumber }).expect(409);
    const allowed = await app.api.post('/api/patients').query({ allowDuplicate: 'true' }).set('Idempotency-Key', otherKey).send({ firstName: 'Ida', lastName: 'Key', insuranceNumber }).expect(201);
    expect(allowed.body.id).not.toBe(first.body.id);
  });

  it('lists at most 10 candidates, oldest first', async () => {
    const email = `many-${randomUUID()}@example.org`;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await app.api.post('/api/patients').query({ allowDuplicate: 'true' }).send({ firstName: `N${i}`, lastName: 'Many', email }).expect(201)).body.id);
    const res = await app.api.post('/api/patients').send({ firstName: 'N', lastName: 'Many', email }).expect(409);
    expect(res.body.duplicateCandidates.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 10));
    expect(res.body.detail).toMatch(/^10 patients/);
  });
});
