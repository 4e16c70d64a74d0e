import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('GET /api/patients/{id}', () => {
  it('returns the patient with every field of the contract', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const res = await app.api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(res.body).toEqual(created.body);
    expect(Object.keys(res.body)).toHaveLength(47);
  });

  it('returns 404 as a problem for an unknown id', async () => {
    const id = '3f1c1f9e-8a59-4a53-9c6e-0d0d0d0d0d0d';
    const res = await app.api.get(`/api/patients/${id}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: `No patient with id ${id}.`,
      instance: `/api/patients/${id}`,
    });
  });

  it('returns 400 for a malformed id', async () => {
    const res = await app.api.get('/api/patients/not-a-uuid').expect(400);
    expect(res.body.errors).toEqual([{ field: 'path.id', message: 'must match format "uuid"' }]);
  });

  it('returns 404 for a path that is not in the contract and 405 for a method that is not', async () => {
    await app.api.get('/api/doctors').expect(404);
    const res = await app.api.patch('/api/patients').send({}).expect(405);
    expect(res.body.status).toBe(405);
  });
});
