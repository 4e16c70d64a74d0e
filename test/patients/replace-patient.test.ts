import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('PUT /api/patients/{id}', () => {
  it('replaces the writable fields and resets those left out to their defaults', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput({ status: 'open' })).expect(201);
    const res = await app.api.put(`/api/patients/${created.body.id}`).send({ firstName: 'Erika', lastName: 'Neu', city: 'Potsdam' }).expect(200);

    expect(res.body).toMatchObject({
      id: created.body.id,
      createdAt: created.body.createdAt,
      firstName: 'Erika',
      lastName: 'Neu',
      city: 'Potsdam',
      status: 'open',
      contractsSigned: false,
      preferredTherapistGender: 'any',
      excludedTherapistIds: [],
      diagnosis: null,
      timeAvailability: null,
      email: null,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    const stored = await app.api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(stored.body).toEqual(res.body);
  });

  it('treats an explicit null like a field left out', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const res = await app.api.put(`/api/patients/${created.body.id}`).send({ ...fullPatientInput(), email: null, diagnosis: null }).expect(200);
    expect(res.body).toMatchObject({ email: null, diagnosis: null, city: 'Berlin' });
  });

  it('returns 404 for an unknown id and creates nothing', async () => {
    const id = '0b5a8a5e-0000-4000-8000-000000000001';
    await app.api.put(`/api/patients/${id}`).send({ firstName: 'A', lastName: 'B' }).expect(404);
    await app.api.get(`/api/patients/${id}`).expect(404);
  });

  it('requires first and last name and leaves the patient unchanged on invalid input', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const res = await app.api.put(`/api/patients/${created.body.id}`).send({ firstName: 'Only' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.lastName']);
    const stored = await app.api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(stored.body).toEqual(created.body);
  });

  it('lets exactly one of two concurrent replacements be the final state, never a mix', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const a = { ...fullPatientInput(), firstName: 'Alpha', city: 'Aachen', diagnosis: 'F41.0' };
    const b = { ...fullPatientInput(), firstName: 'Beta', city: 'Bremen', diagnosis: 'F43.2' };
    const [ra, rb] = await Promise.all([
      app.api.put(`/api/patients/${created.body.id}`).send(a),
      app.api.put(`/api/patients/${created.body.id}`).send(b),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const stored = (await app.api.get(`/api/patients/${created.body.id}`).expect(200)).body;
    const winner = stored.firstName === 'Alpha' ? a : b;
    expect(stored).toMatchObject({ firstName: winner.firstName, city: winner.city, diagnosis: winner.diagnosis, version: 3 });
  });
});

describe('DELETE /api/patients/{id}', () => {
  it('deletes the patient: 204, then 404 on read and on a second delete', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const res = await app.api.delete(`/api/patients/${created.body.id}`).expect(204);
    expect(res.text).toBe('');
    await app.api.get(`/api/patients/${created.body.id}`).expect(404);
    await app.api.delete(`/api/patients/${created.body.id}`).expect(404);
  });

  it('returns 400 for a malformed id', async () => {
    await app.api.delete('/api/patients/123').expect(400);
  });

  it('deletes exactly once when two deletes race', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const statuses = await Promise.all([1, 2].map(() => app.api.delete(`/api/patients/${created.body.id}`).then((r) => r.status)));
    expect(statuses.sort()).toEqual([204, 404]);
  });
});

describe('concurrent creates', () => {
  it('creates every patient of 20 parallel requests exactly once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.api.post('/api/patients').send({ firstName: `Parallel${i}`, lastName: 'Concurrency' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(20);
    const listed = await app.api.get('/api/patients?search=Concurrency&limit=100').expect(200);
    expect(listed.body.total).toBe(20);
  });
});
