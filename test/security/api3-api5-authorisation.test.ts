import { HEALTH_READ_SCOPE, HEALTH_WRITE_SCOPE } from '../../src/auth/caller';
import { contractScopes } from '../../src/auth/contract-scopes';
import { HEALTH_FIELDS } from '../../src/patients/health-data';
import { startTestApp, type TestApp } from '../support/app';
import { bearer } from '../support/tokens';

// OWASP API3:2023 Broken Object Property Level Authorization (health data only with the health
// scopes, no mass assignment) and API5:2023 Broken Function Level Authorization (no write with
// a read token). Access is granted by scope, not per patient (API1: see the README).
let app: TestApp;
let id: string;
let readOnly: string;
let readWrite: string;

const withHealth = { firstName: 'Erika', lastName: 'Mustermann', city: 'Köln', diagnosis: 'F32.1', currentComplaints: 'Schlafstörungen seit Monaten' };

beforeAll(async () => {
  app = await startTestApp();
  id = (await app.api.post('/api/patients').send(withHealth).expect(201)).body.id;
  readOnly = await bearer({ scopes: ['patients.read'], clientId: 'matching-service' });
  readWrite = await bearer({ scopes: ['patients.read', 'patients.write'], clientId: 'communication-service' });
});
afterAll(() => app.close());

const patchType = 'application/merge-patch+json';

function expectNoHealthFields(patient: Record<string, unknown>): void {
  for (const field of HEALTH_FIELDS) expect(patient).not.toHaveProperty(field);
  expect(JSON.stringify(patient)).not.toMatch(/F32|Schlaf/);
}

async function stored(): Promise<Record<string, unknown>> {
  return (await app.api.get(`/api/patients/${id}`).expect(200)).body;
}

describe('API3 property level: health data only with the health scopes', () => {
  it('tests for health scopes that openapi.yaml defines', () => {
    expect(contractScopes()).toEqual(expect.arrayContaining([HEALTH_READ_SCOPE, HEALTH_WRITE_SCOPE]));
  });

  it('serves the whole patient with patients.health.read', async () => {
    expect(await stored()).toMatchObject({ diagnosis: 'F32.1', currentComplaints: withHealth.currentComplaints });
  });

  it('serves a patient without any health field to a token without it (GET, list)', async () => {
    const one = await app.api.get(`/api/patients/${id}`).set('Authorization', readOnly).expect(200);
    expect(one.body).toMatchObject({ id, firstName: 'Erika', city: 'Köln' });
    expectNoHealthFields(one.body);
    const page = await app.api.get('/api/patients?search=muster').set('Authorization', readOnly).expect(200);
    expect(page.body.data).toHaveLength(1);
    expectNoHealthFields(page.body.data[0]);
  });

  it('refuses a create, replace or patch naming a health field without patients.health.write (also null), changing nothing', async () => {
    const before = await stored();
    const create = await app.api.post('/api/patients').set('Authorization', readWrite).send({ firstName: 'Max', lastName: 'Muster', diagnosis: 'F41.1' }).expect(403);
    expect(create.body).toMatchObject({ status: 403, fields: ['diagnosis'], requiredScopes: ['patients.health.write'] });
    expect(create.headers['www-authenticate']).toBe('Bearer realm="patient-service", error="insufficient_scope", scope="patients.health.write"');
    await app.api.put(`/api/patients/${id}`).set('Authorization', readWrite).send({ ...withHealth, diagnosis: null }).expect(403);
    const patch = await app.api.patch(`/api/patients/${id}`).set('Authorization', readWrite).set('Content-Type', patchType).send({ currentComplaints: null, city: 'Bonn' }).expect(403);
    expect(patch.body.fields).toEqual(['currentComplaints']);
    expect(await stored()).toEqual(before);
    const all = await app.api.get('/api/patients').expect(200);
    expect(all.body.total).toBe(1);
  });

  it('lets a PUT without patients.health.write replace the other fields and keep the stored health data', async () => {
    const res = await app.api.put(`/api/patients/${id}`).set('Authorization', readWrite).send({ firstName: 'Erika', lastName: 'Musterfrau', city: 'Bonn' }).expect(200);
    expect(res.body).toMatchObject({ lastName: 'Musterfrau', city: 'Bonn' });
    expectNoHealthFields(res.body);
    expect(await stored()).toMatchObject({ lastName: 'Musterfrau', city: 'Bonn', diagnosis: 'F32.1', currentComplaints: withHealth.currentComplaints });
  });

  it('lets a PATCH without the health scopes change other fields and answers without health data', async () => {
    const res = await app.api.patch(`/api/patients/${id}`).set('Authorization', readWrite).set('Content-Type', patchType).send({ city: 'Köln' }).expect(200);
    expectNoHealthFields(res.body);
    expect(await stored()).toMatchObject({ city: 'Köln', diagnosis: 'F32.1' });
  });

  it('creates a patient without health data for a token without the health scopes', async () => {
    const res = await app.api.post('/api/patients').set('Authorization', readWrite).send({ firstName: 'Max', lastName: 'Muster' }).expect(201);
    expectNoHealthFields(res.body);
    const full = await app.api.get(`/api/patients/${res.body.id}`).expect(200);
    expect(full.body.diagnosis).toBeNull();
    await app.api.delete(`/api/patients/${res.body.id}`).expect(204);
  });

  it('does not let a client set server-side fields (mass assignment)', async () => {
    const res = await app.api.post('/api/patients').send({ firstName: 'Max', lastName: 'Muster', id: '00000000-0000-4000-8000-000000000000', version: 99, createdAt: '2020-01-01T00:00:00Z' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.createdAt', 'body.id', 'body.version']);
  });
});

describe('API5 function level: a read token cannot write', () => {
  it('answers 403 insufficient_scope naming patients.write, and changes nothing', async () => {
    const before = await stored();
    const attempts = [
      app.api.post('/api/patients').send({ firstName: 'A', lastName: 'B' }),
      app.api.put(`/api/patients/${id}`).send({ firstName: 'A', lastName: 'B' }),
      app.api.patch(`/api/patients/${id}`).set('Content-Type', patchType).send({ city: 'Bonn' }),
      app.api.delete(`/api/patients/${id}`),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('Authorization', readOnly).expect(403);
      expect(res.body).toMatchObject({ status: 403, requiredScopes: ['patients.write'] });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="patient-service", error="insufficient_scope", scope="patients.write"');
    }
    expect(await stored()).toEqual(before);
    expect((await app.api.get('/api/patients').expect(200)).body.total).toBe(1);
  });

  it('lets a token without any patient scope do nothing', async () => {
    const none = await bearer({ scopes: [] });
    await app.api.get('/api/patients').set('Authorization', none).expect(403);
    await app.api.get(`/api/patients/${id}`).set('Authorization', none).expect(403);
  });
});
