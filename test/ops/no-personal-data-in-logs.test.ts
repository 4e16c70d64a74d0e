import type supertest from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { fullPatientInput } from '../support/patients';

/**
 * Values no log line may ever hold: personal data (names, contact, insurance) and health data
 * (diagnosis, free text). Distinctive, so that finding one anywhere in the output means it leaked.
 */
const PATIENT = fullPatientInput({
  firstName: 'Zebulonia',
  lastName: 'Quixotrova',
  email: 'zebulonia.quixotrova@example.org',
  phone: '+49 30 97531864',
  street: 'Zauberweg 77',
  insuranceNumber: 'Q975318642',
  diagnosis: 'F42.2',
  currentComplaints: 'Xylophonic nightmares every Tuesday',
  reasonForTherapy: 'Ophidiophobia since the zoo visit',
});
const UPDATED = { ...PATIENT, lastName: 'Quixotrova-Mbeki', diagnosis: 'F41.1', therapyGoals: 'Sleep through Wednesdays calmly' };
const INVALID = { ...PATIENT, email: 'zebulonia@@not-an-address', dateOfBirth: '1985-13-45', postalCode: 'Zeb77' };
const BROKEN_ROW_EMAIL = 'quixotrova-stored-but-broken';

const SECRETS = [
  PATIENT.firstName,
  PATIENT.lastName,
  PATIENT.email,
  PATIENT.phone,
  PATIENT.street,
  PATIENT.insuranceNumber,
  PATIENT.diagnosis,
  PATIENT.currentComplaints,
  PATIENT.reasonForTherapy,
  UPDATED.lastName,
  UPDATED.diagnosis,
  UPDATED.therapyGoals,
  INVALID.email,
  INVALID.dateOfBirth,
  INVALID.postalCode,
  BROKEN_ROW_EMAIL,
] as string[];

describe('the log output of a patient’s whole life cycle', () => {
  let app: TestApp;
  let logs: LogCapture;
  let api: supertest.Agent;

  beforeAll(async () => {
    logs = captureLogs('trace');
    app = await startTestApp(() => ({ logger: logs.logger }));
    api = app.api;
  });
  afterAll(() => app.close());

  it('holds one line per request, and no personal or health data, ids, URLs or query strings', async () => {
    const created = await api.post('/api/patients').send(PATIENT).expect(201);
    const id: string = created.body.id;
    await api.get(`/api/patients/${id}`).expect(200);
    await api.get('/api/patients').query({ search: PATIENT.lastName, city: PATIENT.city, sort: 'lastName' }).expect(200);
    await api.put(`/api/patients/${id}`).send(UPDATED).expect(200);
    const invalid = await api.post('/api/patients').send(INVALID).expect(400);
    // Too long a search term: rejected by the contract, with the name in the query.
    await api.get('/api/patients').query({ search: `${PATIENT.lastName} `.repeat(12) }).expect(400);
    await api.get(`/api/${PATIENT.lastName}`).expect(404);
    await api.post('/api/patients').set('content-type', 'application/json').send(`{"lastName": "${PATIENT.lastName}",`).expect(400);
    // A 500 (logged as an error): a stored row the contract forbids, caught by response validation.
    const [row] = await app.database.db('patients').insert({ first_name: PATIENT.firstName, last_name: PATIENT.lastName, email: BROKEN_ROW_EMAIL }).returning('id');
    const brokenId = (row as { id: string }).id;
    const failed = await api.get(`/api/patients/${brokenId}`).expect(500);

    const output = logs.text();
    // Not vacuous: the lines are there, one per request, with what they are for.
    const lines = logs.records().filter((r) => r.msg === 'request finished');
    expect(lines.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/api/patients', 201],
      ['GET', '/api/patients/:id', 200],
      ['GET', '/api/patients', 200],
      ['PUT', '/api/patients/:id', 200],
      ['POST', '/api/patients', 400],
      ['GET', '/api/patients', 400],
      ['GET', 'unmatched', 404],
      // Malformed JSON fails before any route is matched.
      ['POST', 'unmatched', 400],
      ['GET', '/api/patients/:id', 500],
    ]);
    for (const line of lines) {
      expect(line).toEqual({
        level: 'info',
        time: expect.any(String),
        service: 'patient-service',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        method: expect.any(String),
        route: expect.any(String),
        status: expect.any(Number),
        durationMs: expect.any(Number),
        msg: 'request finished',
      });
    }
    // The 500's error line is there too, findable by the request id the client got.
    const errorLine = logs.records().find((r) => r.msg === 'request failed');
    expect(errorLine).toMatchObject({ level: 'error', requestId: failed.headers['x-request-id'], status: 500 });

    const lower = output.toLowerCase();
    for (const secret of SECRETS) expect([secret, lower.includes(secret.toLowerCase())]).toEqual([secret, false]);
    for (const patientId of [id, brokenId]) expect(output).not.toContain(patientId);
    expect(output).not.toMatch(/search=|\?|zebulon|quixotr/i);

    // The 400 names the offending fields but does not echo the values either.
    expect(new Set(invalid.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['body.dateOfBirth', 'body.email', 'body.postalCode']));
    for (const value of [INVALID.email, INVALID.dateOfBirth, INVALID.postalCode]) expect(invalid.text).not.toContain(value);
  });
});
