import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('POST /api/patients', () => {
  it('creates a patient with every field and returns 201, Location and the stored patient', async () => {
    const input = fullPatientInput();
    const res = await app.api.post('/api/patients').send(input).expect(201);

    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.location).toBe(`/api/patients/${res.body.id}`);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toMatchObject(input);
    expect(res.body.createdAt).toBe(res.body.updatedAt);

    const stored = await app.api.get(`/api/patients/${res.body.id}`).expect(200);
    expect(stored.body).toEqual(res.body);
  });

  it('fills the contract defaults and nulls for fields left out', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Max', lastName: 'Muster' }).expect(201);
    expect(res.body).toMatchObject({
      status: 'open',
      contractsSigned: false,
      consultationAttended: false,
      openToGroupTherapy: false,
      openToDigitalHealthApps: false,
      preferredTherapistGender: 'any',
      excludedTherapistIds: [],
      email: null,
      diagnosis: null,
      timeAvailability: null,
    });
  });

  it('keeps umlauts and other non-ASCII text intact', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Jürgen', lastName: 'Öztürk-Weiß' }).expect(201);
    const stored = await app.api.get(`/api/patients/${res.body.id}`).expect(200);
    expect(stored.body).toMatchObject({ firstName: 'Jürgen', lastName: 'Öztürk-Weiß' });
  });

  it('returns 400 listing every offending field, with allowed values for enums', async () => {
    const res = await app.api
      .post('/api/patients')
      .send({ lastName: 5, status: 'waiting', postalCode: '1011', insuranceNumber: 'a123', email: 'no-mail', limitless: true })
      .expect(400);

    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/validation-error', status: 400, title: 'Invalid request' });
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.firstName',
        'body.lastName',
        'body.status',
        'body.postalCode',
        'body.insuranceNumber',
        'body.email',
        'body.limitless',
      ]),
    );
    const status = res.body.errors.find((e: { field: string }) => e.field === 'body.status');
    expect(status.allowedValues).toEqual(['open', 'searching', 'in_therapy', 'therapy_completed', 'search_aborted', 'therapy_aborted']);
  });

  it('rejects read-only fields', async () => {
    const res = await app.api
      .post('/api/patients')
      .send({ firstName: 'A', lastName: 'B', id: '00000000-0000-4000-8000-000000000000', createdAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.id', 'body.createdAt']));
  });

  it('rejects a date of birth in the future and a time slot that ends before it starts', async () => {
    const res = await app.api
      .post('/api/patients')
      .send({ firstName: 'A', lastName: 'B', dateOfBirth: `${new Date().getUTCFullYear() + 1}-01-01`, timeAvailability: { tuesday: [{ from: '12:00', to: '09:00' }] } })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'body.dateOfBirth', message: 'must not be in the future' },
      { field: 'body.timeAvailability.tuesday[0]', message: 'from must be before to' },
    ]);
  });

  it('rejects impossible dates, bad times and strings over their maximum length', async () => {
    const res = await app.api
      .post('/api/patients')
      .send({ firstName: 'x'.repeat(101), lastName: 'B', dateOfBirth: '2023-02-30', timeAvailability: { monday: [{ from: '24:00', to: '25:00' }] } })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.firstName', 'body.dateOfBirth', 'body.timeAvailability.monday[0].from', 'body.timeAvailability.monday[0].to']),
    );
  });

  it('rejects duplicate excluded therapist ids', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'A', lastName: 'B', excludedTherapistIds: ['t1', 't1'] }).expect(400);
    expect(res.body.errors[0].field).toBe('body.excludedTherapistIds');
  });

  it('returns 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await app.api.post('/api/patients').set('Content-Type', 'application/json').send('{"firstName":').expect(400);
    expect(malformed.body).toMatchObject({ type: '/problems/malformed-json', status: 400 });

    const text = await app.api.post('/api/patients').set('Content-Type', 'text/plain').send('firstName=A').expect(415);
    expect(text.body).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });

  it('stores nothing when the request is invalid', async () => {
    const before = await app.database.db('patients').count<{ count: string }[]>({ count: '*' });
    await app.api.post('/api/patients').send({ firstName: 'A', lastName: 'B', status: 'bogus' }).expect(400);
    const after = await app.database.db('patients').count<{ count: string }[]>({ count: '*' });
    expect(after[0]!.count).toBe(before[0]!.count);
  });
});
