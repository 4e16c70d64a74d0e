import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';
import { bearer } from '../support/tokens';

let app: TestApp;
let exporter: string;

beforeAll(async () => {
  app = await startTestApp();
  exporter = await bearer({ scopes: ['patients.read', 'patients.health.read', 'patients.audit.read'], subject: 'dpo-1', clientId: 'dpo-console' });
  // The first request builds the validator: slow on a loaded machine.
  await app.api.get('/api/patients?limit=1').expect(200);
}, 90_000);
afterAll(() => app.close());

describe('GET /api/patients/{id}/export', () => {
  it('is one document with the whole record (health data included) and every audit event, its own last', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const id: string = created.body.id;
    await app.api.get(`/api/patients/${id}`).expect(200);
    const res = await app.api.get(`/api/patients/${id}/export`).set('Authorization', exporter).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.patientId).toBe(id);
    expect(res.body.patient).toEqual(created.body);
    expect(res.body.patient.diagnosis).toBe('F32.1');
    expect(Date.parse(res.body.exportedAt)).not.toBeNaN();
    expect(res.body.auditEvents.map((event: { operation: string }) => event.operation)).toEqual(['create', 'read', 'export']);
    expect(res.body.auditEvents.at(-1)).toMatchObject({ action: 'R', outcome: 'success', agent: { subject: 'dpo-1', clientId: 'dpo-console' }, patientId: id, fieldGroups: ['profile', 'health', 'audit'] });
  });

  it.each([
    ['patients.read', ['patients.health.read', 'patients.audit.read']],
    ['patients.health.read', ['patients.read', 'patients.audit.read']],
    ['patients.audit.read', ['patients.read', 'patients.health.read']],
  ])('needs %s too: 403 without it', async (missing, scopes) => {
    const { body } = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann' }).expect(201);
    const res = await app.api.get(`/api/patients/${body.id}/export`).set('Authorization', await bearer({ scopes })).expect(403);
    expect(res.body.requiredScopes).toEqual([missing]);
    expect(JSON.stringify(res.body)).not.toContain('Mustermann');
  });

  it('after a delete: the record is null, the audit events are still given', async () => {
    const { body } = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    await app.api.delete(`/api/patients/${body.id}`).expect(204);
    const res = await app.api.get(`/api/patients/${body.id}/export`).set('Authorization', exporter).expect(200);
    expect(res.body.patient).toBeNull();
    expect(res.body.auditEvents.map((event: { operation: string }) => event.operation)).toEqual(['create', 'delete', 'export']);
    expect(res.body.auditEvents.at(-1).fieldGroups).toEqual(['audit']);
    expect(JSON.stringify(res.body)).not.toMatch(/Mustermann|F32/);
  });

  it('404 when nothing is held about the id, and that refusal is audited', async () => {
    const id = randomUUID();
    await app.api.get(`/api/patients/${id}/export`).set('Authorization', exporter).expect(404);
    const trail = await app.api.get(`/api/patients/${id}/audit-events`).set('Authorization', exporter).expect(200);
    expect(trail.body.data).toEqual([expect.objectContaining({ operation: 'export', outcome: 'refused', refusedStatus: 404, agent: { subject: 'dpo-1', clientId: 'dpo-console' } })]);
  });
});
