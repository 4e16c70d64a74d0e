import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function createPatient(): Promise<{ id: string; version: number }> {
  const res = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
  return res.body;
}

async function outboxCount(id: string): Promise<number> {
  const rows = await app.database.db('outbox').where({ aggregate_id: id }).count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]!.count);
}

describe('versions and entity tags', () => {
  it('starts at version 1, adds 1 per write, and returns it as a strong ETag', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    expect(created.body.version).toBe(1);
    expect(created.headers.etag).toBe('"1"');

    const got = await app.api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(got.headers.etag).toBe('"1"');

    const put = await app.api.put(`/api/patients/${created.body.id}`).send(fullPatientInput()).expect(200);
    expect(put.body.version).toBe(2);
    expect(put.headers.etag).toBe('"2"');
    const patched = await app.api.patch(`/api/patients/${created.body.id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Kiel' }).expect(200);
    expect(patched.body.version).toBe(3);
    expect(patched.headers.etag).toBe('"3"');
  });

  it('answers If-None-Match with 304 while the version is current, and 200 once it changed', async () => {
    const { id } = await createPatient();
    const notModified = await app.api.get(`/api/patients/${id}`).set('If-None-Match', '"1"').expect(304);
    expect(notModified.headers.etag).toBe('"1"');
    expect(notModified.text).toBe('');
    await app.api.get(`/api/patients/${id}`).set('If-None-Match', 'W/"1"').expect(304);
    await app.api.get(`/api/patients/${id}`).set('If-None-Match', '*').expect(304);
    await app.api.put(`/api/patients/${id}`).send(fullPatientInput()).expect(200);
    const changed = await app.api.get(`/api/patients/${id}`).set('If-None-Match', '"1"').expect(200);
    expect(changed.body.version).toBe(2);
  });
});

describe('conditional writes (If-Match)', () => {
  it.each([
    ['PUT', (id: string) => app.api.put(`/api/patients/${id}`).send(fullPatientInput({ city: 'Stale' }))],
    ['PATCH', (id: string) => app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Stale' })],
    ['DELETE', (id: string) => app.api.delete(`/api/patients/${id}`)],
  ])('%s with a stale version gets 412 naming the current version, and changes nothing', async (_method, send) => {
    const { id } = await createPatient();
    await app.api.put(`/api/patients/${id}`).send(fullPatientInput()).expect(200);
    const before = (await app.api.get(`/api/patients/${id}`).expect(200)).body;
    const events = await outboxCount(id);

    const res = await send(id).set('If-Match', '"1"').expect(412);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 412, type: '/problems/precondition-failed', currentVersion: 2 });

    expect((await app.api.get(`/api/patients/${id}`).expect(200)).body).toEqual(before);
    expect(await outboxCount(id)).toBe(events);
  });

  it('writes when If-Match names the current version (or *), and rejects weak tags', async () => {
    const { id } = await createPatient();
    await app.api.put(`/api/patients/${id}`).set('If-Match', '"7", "1"').send(fullPatientInput()).expect(200);
    await app.api.patch(`/api/patients/${id}`).set('If-Match', '*').set('Content-Type', 'application/merge-patch+json').send({ city: 'Any' }).expect(200);
    await app.api.patch(`/api/patients/${id}`).set('If-Match', 'W/"3"').set('Content-Type', 'application/merge-patch+json').send({ city: 'Weak' }).expect(412);
    await app.api.delete(`/api/patients/${id}`).set('If-Match', '"3"').expect(204);
  });

  it('keeps working without If-Match (last writer wins)', async () => {
    const { id } = await createPatient();
    await app.api.put(`/api/patients/${id}`).send(fullPatientInput({ city: 'One' })).expect(200);
    const res = await app.api.put(`/api/patients/${id}`).send(fullPatientInput({ city: 'Two' })).expect(200);
    expect(res.body).toMatchObject({ city: 'Two', version: 3 });
  });

  it('lets exactly one of two concurrent updates of the same version win; the other gets 412 and no event', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await createPatient();
      const [a, b] = await Promise.all([
        app.api.put(`/api/patients/${id}`).set('If-Match', '"1"').send(fullPatientInput({ city: 'Alpha' })),
        app.api.patch(`/api/patients/${id}`).set('If-Match', '"1"').set('Content-Type', 'application/merge-patch+json').send({ city: 'Beta' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const loser = a.status === 412 ? a : b;
      const winner = a.status === 200 ? a : b;
      expect(loser.body.currentVersion).toBe(2);
      const stored = (await app.api.get(`/api/patients/${id}`).expect(200)).body;
      expect(stored).toMatchObject({ version: 2, city: winner.body.city });
      expect(await outboxCount(id)).toBe(2);
    }
  });

  it('returns 404, not 412, for an unknown patient', async () => {
    await app.api.put('/api/patients/8a0e3f60-1111-4000-8000-000000000000').set('If-Match', '"1"').send(fullPatientInput()).expect(404);
  });
});
