import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function patch(id: string, body: unknown) {
  return app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(body));
}

describe('PATCH /api/patients/{id} (JSON Merge Patch)', () => {
  it('changes only the fields sent and returns the result', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { city: 'Leipzig', contractsSigned: false, excludedTherapistIds: ['t9'] }).expect(200);
    expect(res.body).toEqual({
      ...created,
      city: 'Leipzig',
      contractsSigned: false,
      excludedTherapistIds: ['t9'],
      version: 2,
      updatedAt: res.body.updatedAt,
    });
    expect((await app.api.get(`/api/patients/${created.id}`).expect(200)).body).toEqual(res.body);
  });

  it('clears nullable fields sent as null', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { email: null, diagnosis: null, locationAvailability: null }).expect(200);
    expect(res.body).toMatchObject({ email: null, diagnosis: null, locationAvailability: null, city: 'Berlin' });
  });

  it('merges objects key by key and replaces arrays', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, {
      timeAvailability: { tuesday: [{ from: '09:00', to: '11:00' }], friday: [] },
      locationAvailability: { maxTravelMinutes: 30 },
    }).expect(200);
    expect(res.body.timeAvailability).toEqual({
      monday: [{ from: '08:00', to: '10:30' }],
      tuesday: [{ from: '09:00', to: '11:00' }],
      friday: [],
    });
    expect(res.body.locationAvailability).toEqual({ maxDistanceKm: 12.5, maxTravelMinutes: 30 });
  });

  // RFC 7396: a member sent as null is removed from the target, at every depth; the patch
  // document is not the patient, so its nested members take null where the patient's do not.
  it('removes a weekday of timeAvailability sent as null, keeping the other days', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { timeAvailability: { friday: null } }).expect(200);
    expect(res.body.timeAvailability).toEqual({ monday: [{ from: '08:00', to: '10:30' }] });
    expect((await app.api.get(`/api/patients/${created.id}`).expect(200)).body.timeAvailability).toEqual({ monday: [{ from: '08:00', to: '10:30' }] });
  });

  it('removes a member of locationAvailability sent as null, keeping the other', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { locationAvailability: { maxDistanceKm: null } }).expect(200);
    expect(res.body.locationAvailability).toEqual({ maxTravelMinutes: 45 });
  });

  it('takes null for every member of every nested object of the patient (each listed in the patch schema)', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const everyMemberNull = {
      timeAvailability: Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, null])),
      locationAvailability: { maxDistanceKm: null, maxTravelMinutes: null },
    };
    const res = await patch(created.id, everyMemberNull).expect(200);
    expect(res.body).toMatchObject({ timeAvailability: {}, locationAvailability: {} });
  });

  it('still checks a nested member that is not null (and a null inside a time slot is no removal)', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { timeAvailability: { friday: 'afternoons' }, locationAvailability: { maxDistanceKm: -1 } }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.locationAvailability.maxDistanceKm', 'body.timeAvailability.friday']);
    await patch(created.id, { timeAvailability: { friday: [{ from: null, to: '18:00' }] } }).expect(400);
    await patch(created.id, { timeAvailability: { holiday: null } }).expect(400);
    expect((await app.api.get(`/api/patients/${created.id}`).expect(200)).body).toEqual(created);
  });

  it('refuses null members of nested objects on create and replace (only a patch removes members)', async () => {
    await app.api.post('/api/patients').send(fullPatientInput({ timeAvailability: { friday: null } as never })).expect(400);
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    await app.api.put(`/api/patients/${created.id}`).send(fullPatientInput({ locationAvailability: { maxDistanceKm: null } as never })).expect(400);
  });

  it('refuses to clear a required field or null a field that always has a value, and changes nothing', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { firstName: null, lastName: '', contractsSigned: null, unknownField: 1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.firstName', 'body.lastName', 'body.contractsSigned', 'body.unknownField']),
    );
    expect((await app.api.get(`/api/patients/${created.id}`).expect(200)).body).toEqual(created);
  });

  it('checks the patched patient as a whole (a slot that ends before it starts)', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    const res = await patch(created.id, { timeAvailability: { monday: [{ from: '10:00', to: '09:00' }] } }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'body.timeAvailability.monday[0]', message: 'from must be before to' }]);
  });

  it('accepts only application/merge-patch+json', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    await app.api.patch(`/api/patients/${created.id}`).send({ city: 'Jena' }).expect(415);
  });

  it('returns 404 for an unknown patient', async () => {
    await patch('8a0e3f60-2222-4000-8000-000000000000', { city: 'Nowhere' }).expect(404);
  });

  it('applies concurrent patches of different fields one after the other, losing neither', async () => {
    const created = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body;
    await Promise.all([patch(created.id, { city: 'Ulm' }).expect(200), patch(created.id, { phone: '+49 731 555' }).expect(200)]);
    const stored = (await app.api.get(`/api/patients/${created.id}`).expect(200)).body;
    expect(stored).toMatchObject({ city: 'Ulm', phone: '+49 731 555', version: 3 });
  });
});
