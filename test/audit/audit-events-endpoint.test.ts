import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { bearer } from '../support/tokens';

let app: TestApp;
let auditor: string;
let patientId: string;

beforeAll(async () => {
  app = await startTestApp();
  auditor = await bearer({ scopes: ['patients.audit.read'], subject: 'dpo-1', clientId: 'dpo-console' });
  patientId = (await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann' }).expect(201)).body.id;
  // 1 create + 6 reads + 1 patch: 8 events.
  for (let i = 0; i < 6; i++) await app.api.get(`/api/patients/${patientId}`).expect(200);
  await app.api.patch(`/api/patients/${patientId}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Bonn' }).expect(200);
  // The first request builds the validator: slow on a loaded machine.
}, 90_000);
afterAll(() => app.close());

interface Page {
  data: { id: string; operation: string; patientId: string; agent: { subject: string } }[];
  limit: number;
  nextCursor: string | null;
}

async function page(query: string, token = auditor): Promise<Page> {
  return (await app.api.get(`/api/patients/${patientId}/audit-events${query}`).set('Authorization', token).expect(200)).body as Page;
}

describe('GET /api/patients/{id}/audit-events', () => {
  it('pages through the events newest first by cursor, without gaps or repeats, while the reads themselves are recorded', async () => {
    const first = await page('?limit=3');
    expect(first.limit).toBe(3);
    expect(first.data).toHaveLength(3);
    expect(first.data[0]!.operation).toBe('patch');
    const second = await page(`?limit=3&cursor=${first.nextCursor}`);
    const third = await page(`?limit=3&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const all = [...first.data, ...second.data, ...third.data];
    // The 8 events before the first page was read: the audit-reads come after them and are not in these pages.
    expect(all.map((event) => event.operation)).toEqual(['patch', 'read', 'read', 'read', 'read', 'read', 'read', 'create']);
    const ids = all.map((event) => Number(event.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(8);
    expect(all.every((event) => event.patientId === patientId)).toBe(true);
  });

  it('records each read of the audit, with the auditor as agent and the audit group', async () => {
    await page('?limit=1');
    const latest = await page('?limit=1');
    expect(latest.data[0]).toMatchObject({ operation: 'audit-read', action: 'R', outcome: 'success', agent: { subject: 'dpo-1', clientId: 'dpo-console' }, fieldGroups: ['audit'] });
  });

  it('defaults to 20 a page', async () => {
    expect((await page('')).limit).toBe(20);
  });

  it('needs patients.audit.read: 403 without it (even with every other scope), and that refusal is audited', async () => {
    const others = await bearer({ scopes: ['patients.read', 'patients.write', 'patients.health.read', 'patients.health.write'], subject: 'curious-1' });
    const res = await app.api.get(`/api/patients/${patientId}/audit-events`).set('Authorization', others).expect(403);
    expect(res.body).toMatchObject({ status: 403, requiredScopes: ['patients.audit.read'] });
    expect(res.headers['www-authenticate']).toContain('scope="patients.audit.read"');
    const latest = await page('?limit=2');
    expect(latest.data.map((event) => [event.operation, event.agent.subject])).toContainEqual(['audit-read', 'curious-1']);
  });

  it('401 without a token', async () => {
    await app.api.get(`/api/patients/${patientId}/audit-events`).set('Authorization', '').expect(401);
  });

  it('refuses a malformed cursor or limit with 400', async () => {
    for (const query of ['?cursor=abc', '?cursor=0', '?cursor=-1', '?limit=0', '?limit=101', '?cursor=1234567890123456789']) {
      const res = await app.api.get(`/api/patients/${patientId}/audit-events${query}`).set('Authorization', auditor).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('still answers after the patient was deleted, with the delete in it', async () => {
    const { body } = await app.api.post('/api/patients').send({ firstName: 'Max', lastName: 'Muster' }).expect(201);
    await app.api.delete(`/api/patients/${body.id}`).expect(204);
    await app.api.get(`/api/patients/${body.id}`).expect(404);
    const res = await app.api.get(`/api/patients/${body.id}/audit-events`).set('Authorization', auditor).expect(200);
    expect((res.body as Page).data.map((event) => event.operation)).toEqual(['read', 'delete', 'create']);
  });

  it('gives an empty page for an id nothing was recorded for', async () => {
    const res = await app.api.get(`/api/patients/${randomUUID()}/audit-events`).set('Authorization', auditor).expect(200);
    expect(res.body).toEqual({ data: [], limit: 20, nextCursor: null });
  });
});
