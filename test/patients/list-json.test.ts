import supertest from 'supertest';
import { createApp } from '../../src/app';
import { HEALTH_READ_SCOPE, HEALTH_WRITE_SCOPE } from '../../src/auth/caller';
import type { PatientInput } from '../../src/patients/api-types';
import { HEALTH_FIELDS } from '../../src/patients/health-data';
import { appDependencies } from '../support/app-dependencies';
import { startTestApp, type TestApp } from '../support/app';
import { ALL_SCOPES, testToken } from '../support/tokens';

// The list as production sends it (VALIDATE_RESPONSES=false: no validator wrapping res.json):
// compact JSON with the contract's fields in order, each row byte for byte what the patient's own
// GET sends, for a caller with the health scopes and for one without, with values JSON escapes.
// (That the body goes out in one write is test/http/json-response.test.ts's.)

let app: TestApp;
let production: supertest.Agent;
let withoutHealth: string;
const ids: string[] = [];

const awkward: Partial<PatientInput>[] = [
  { firstName: 'Zoë "Zo"', lastName: 'Müller-Lüdenscheidt', city: 'Köln', diagnosis: 'F32.1', previousTreatments: 'Klinik \\ "quoted" </script>', currentComplaints: 'Zeile eins\nZeile zwei\ttab', excludedTherapistIds: ['a,b', '{x}', 'NULL'] },
  { firstName: 'Ærøskøbing', lastName: 'Özdemir', email: 'oez@example.org', timeAvailability: { monday: [{ from: '08:00', to: '10:30' }] }, therapyGoals: 'ünicode 😀 \u2028 separators', openToGroupTherapy: true },
  { firstName: 'Ba', lastName: 'Schröder', status: 'searching', searchStartedOn: '2026-02-28', dateOfBirth: '1950-12-31', insuranceNumber: 'A123456780' },
];

beforeAll(async () => {
  app = await startTestApp();
  production = supertest.agent(createApp({ ...(await appDependencies(app.database.db)), validateResponses: false })).set('Authorization', `Bearer ${await testToken()}`);
  withoutHealth = `Bearer ${await testToken({ scopes: ALL_SCOPES.filter((scope) => scope !== HEALTH_READ_SCOPE && scope !== HEALTH_WRITE_SCOPE) })}`;
  for (const input of awkward) {
    const res = await app.api.post('/api/patients').send({ firstName: 'x', lastName: 'y', ...input });
    expect([res.status, res.status === 201 ? null : res.body]).toEqual([201, null]);
    ids.push(res.body.id);
  }
});
afterAll(() => app.close());

/** The rows of a list's JSON text, each as its own text (the page's JSON is compact, so they are JSON.stringify of the parsed rows). */
function rowTexts(text: string): string[] {
  return (JSON.parse(text) as { data: unknown[] }).data.map((row) => JSON.stringify(row));
}

describe('a list page as production sends it', () => {
  it.each([
    ['newest first', ''],
    ['a search by name order', '?search=mueller%20zo&sort=lastName'],
    ['a status filter', '?status=searching&status=open&sort=createdAt'],
  ])('%s: compact JSON whose every row is the patient as its GET sends it', async (_, query) => {
    const res = await production.get(`/api/patients${query}`).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.text).toBe(JSON.stringify(JSON.parse(res.text)));
    const rows = rowTexts(res.text);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const { id } = JSON.parse(row) as { id: string };
      expect(row).toBe((await production.get(`/api/patients/${id}`).expect(200)).text);
    }
    // The same page as the validated app sends it, and the fields the contract's PatientPage has, in its order.
    const validated = await app.api.get(`/api/patients${query}`).expect(200);
    expect(rowTexts(validated.text)).toEqual(rows);
    const { next, prev, ...page } = JSON.parse(res.text) as Record<string, unknown>;
    expect(Object.keys(page)).toEqual(['data', 'total', 'totalEstimated', 'limit', 'offset']);
    expect([next, prev].every((cursor) => cursor === undefined || typeof cursor === 'string')).toBe(true);
  });

  it('without the health scopes: no health field in any row, each row the GET of the same caller', async () => {
    const res = await production.get('/api/patients?sort=createdAt').set('Authorization', withoutHealth).expect(200);
    const rows = rowTexts(res.text);
    expect(rows).toHaveLength(awkward.length);
    for (const [i, row] of rows.entries()) {
      const fields = Object.keys(JSON.parse(row) as object);
      expect(fields.filter((field) => (HEALTH_FIELDS as string[]).includes(field))).toEqual([]);
      expect(fields).toContain('firstName');
      expect(row).toBe((await production.get(`/api/patients/${ids[i]}`).set('Authorization', withoutHealth).expect(200)).text);
    }
    expect(res.text).not.toContain('F32.1');
  });

  it('a second page by cursor, and HEAD with the headers of its GET and no body', async () => {
    const first = await production.get('/api/patients?limit=2&sort=createdAt').expect(200);
    const { next } = JSON.parse(first.text) as { next: string };
    const second = await production.get(`/api/patients?limit=2&sort=createdAt&cursor=${encodeURIComponent(next)}`).expect(200);
    expect((JSON.parse(second.text) as { data: { id: string }[] }).data.map((row) => row.id)).toEqual([ids[2]]);
    const head = await production.head('/api/patients?limit=2&sort=createdAt').expect(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-type']).toBe(first.headers['content-type']);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
  });
});
