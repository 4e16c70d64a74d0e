import type { PatientInput } from '../../src/patients/api-types';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;

type Seed = Pick<PatientInput, 'firstName' | 'lastName' | 'email' | 'status' | 'city' | 'postalCode' | 'preferredTherapistGender' | 'searchStartedOn'>;

const seeds: Seed[] = [
  { firstName: 'Anna', lastName: 'Zimmer', email: 'anna@example.org', status: 'open', city: 'Berlin', postalCode: '10115', preferredTherapistGender: 'female', searchStartedOn: '2026-03-01' },
  { firstName: 'Bernd', lastName: 'Yilmaz', email: 'bernd@example.org', status: 'searching', city: 'berlin', postalCode: '10117', preferredTherapistGender: 'male', searchStartedOn: '2026-01-15' },
  { firstName: 'Clara', lastName: 'Xaver', email: 'clara.mueller@example.org', status: 'searching', city: 'Hamburg', postalCode: '20095', preferredTherapistGender: 'any' },
  { firstName: 'Dieter', lastName: 'Müller', email: 'dm@example.org', status: 'in_therapy', city: 'München', postalCode: '80331', preferredTherapistGender: 'any', searchStartedOn: '2025-11-30' },
  { firstName: 'Emil', lastName: 'Weber', status: 'therapy_completed', city: 'Köln', postalCode: '50667', preferredTherapistGender: 'male', searchStartedOn: '2026-02-01' },
  { firstName: 'Fatma', lastName: 'Vogel_%', email: 'fatma@example.org', status: 'search_aborted', city: 'Berlin', postalCode: '10115', preferredTherapistGender: 'female' },
  { firstName: 'Gert', lastName: 'Müller', email: 'gert@example.org', status: 'therapy_aborted', city: 'Bonn', postalCode: '53111', preferredTherapistGender: 'any', searchStartedOn: '2026-01-15' },
];

const ids = new Map<string, string>();

beforeAll(async () => {
  app = await startTestApp();
  for (const seed of seeds) {
    // Sequential: createdAt order is the seed order.
    const res = await app.api.post('/api/patients').send(seed).expect(201);
    ids.set(seed.firstName, res.body.id);
  }
});
afterAll(() => app.close());

async function firstNames(query: string): Promise<string[]> {
  const res = await app.api.get(`/api/patients${query}`).expect(200);
  return res.body.data.map((p: { firstName: string }) => p.firstName);
}

describe('GET /api/patients', () => {
  it('returns the first page newest first with the total and the applied limit and offset', async () => {
    const res = await app.api.get('/api/patients').expect(200);
    expect(res.body.total).toBe(seeds.length);
    expect(res.body.limit).toBe(20);
    expect(res.body.offset).toBe(0);
    expect(res.body.data.map((p: { firstName: string }) => p.firstName)).toEqual(seeds.map((s) => s.firstName).reverse());
  });

  it('filters by one status or several', async () => {
    expect(await firstNames('?status=searching&sort=createdAt')).toEqual(['Bernd', 'Clara']);
    expect(await firstNames('?status=open&status=in_therapy&sort=createdAt')).toEqual(['Anna', 'Dieter']);
  });

  it('filters by preferred therapist gender, postal code and city (case-insensitive)', async () => {
    expect(await firstNames('?preferredTherapistGender=female&sort=createdAt')).toEqual(['Anna', 'Fatma']);
    expect(await firstNames('?postalCode=10115&sort=createdAt')).toEqual(['Anna', 'Fatma']);
    expect(await firstNames('?city=BERLIN&sort=createdAt')).toEqual(['Anna', 'Bernd', 'Fatma']);
    expect(await firstNames('?city=m%C3%BCnchen')).toEqual(['Dieter']);
  });

  it('searches first name, last name and email case-insensitively, umlauts included', async () => {
    // Clara through her email clara.mueller@: Müller and mueller are one spelling (german-search.test.ts has each rule).
    expect(await firstNames('?search=MÜLLER&sort=createdAt'.replace('Ü', '%C3%9C'))).toEqual(['Clara', 'Dieter', 'Gert']);
    expect(await firstNames('?search=mueller&sort=createdAt')).toEqual(['Clara', 'Dieter', 'Gert']);
    expect(await firstNames('?search=ANN')).toEqual(['Anna']);
  });

  it('treats LIKE wildcards in the search term literally', async () => {
    expect(await firstNames('?search=_%25')).toEqual(['Fatma']);
    expect(await firstNames('?search=%25')).toEqual(['Fatma']);
  });

  it('combines filters with AND', async () => {
    expect(await firstNames('?city=berlin&status=searching')).toEqual(['Bernd']);
    expect(await firstNames('?city=berlin&status=in_therapy')).toEqual([]);
  });

  it('sorts by last name ascending and descending, ties broken by id', async () => {
    const ascending = await app.api.get('/api/patients?sort=lastName').expect(200);
    const names = ascending.body.data.map((p: { lastName: string; id: string }) => `${p.lastName}/${p.id}`);
    const expected = [...names].sort((a: string, b: string) => {
      const [la, ia] = a.split('/') as [string, string];
      const [lb, ib] = b.split('/') as [string, string];
      return la === lb ? (ia < ib ? -1 : 1) : la < lb ? -1 : 1;
    });
    expect(names).toEqual(expected);
    const descending = await app.api.get('/api/patients?sort=-lastName').expect(200);
    expect(descending.body.data.map((p: { id: string }) => p.id)).toEqual([...ascending.body.data.map((p: { id: string }) => p.id)].reverse());
  });

  it('sorts by search start with empty dates last in both directions, ties broken by id', async () => {
    const [firstTie, secondTie] = ids.get('Bernd')! < ids.get('Gert')! ? ['Bernd', 'Gert'] : ['Gert', 'Bernd'];
    const ascending = await firstNames('?sort=searchStartedOn');
    // Clara was created in searching without a date, so her search started today (after Anna's).
    expect(ascending).toEqual(['Dieter', firstTie, secondTie, 'Emil', 'Anna', 'Clara', 'Fatma']);
    const descending = await firstNames('?sort=-searchStartedOn');
    expect(descending).toEqual(['Clara', 'Anna', 'Emil', secondTie, firstTie, 'Dieter', 'Fatma']);
  });

  it('sorts by creation time in both directions', async () => {
    expect(await firstNames('?sort=createdAt')).toEqual(seeds.map((s) => s.firstName));
    expect(await firstNames('?sort=-createdAt')).toEqual(seeds.map((s) => s.firstName).reverse());
  });

  it('pages through the results without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < seeds.length; offset += 3) {
      const res = await app.api.get(`/api/patients?sort=lastName&limit=3&offset=${offset}`).expect(200);
      expect(res.body).toMatchObject({ total: seeds.length, limit: 3, offset });
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
    }
    expect(seen).toHaveLength(seeds.length);
    expect(new Set(seen).size).toBe(seeds.length);
  });

  it('pages through search results in the requested order, with the total of all matches', async () => {
    const all = (await app.api.get('/api/patients?sort=-lastName&limit=100').expect(200)).body.data as { id: string; email: string | null }[];
    const expected = all.filter((p) => p.email?.includes('example.org')).map((p) => p.id);
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 2) {
      const res = await app.api.get(`/api/patients?search=example.org&sort=-lastName&limit=2&offset=${offset}`).expect(200);
      expect(res.body.total).toBe(expected.length);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
    }
    expect(seen).toEqual(expected);
  });

  it('serves list rows with exactly the fields of the patient read by id, in every list shape (no list-internal column)', async () => {
    const first = await app.api.get('/api/patients?sort=lastName&limit=2').expect(200);
    expect(first.body.next).toEqual(expect.any(String));
    const queries = ['status=searching', 'search=example.org&sort=lastName', 'sort=-searchStartedOn&limit=3', `sort=lastName&limit=2&cursor=${encodeURIComponent(first.body.next as string)}`];
    for (const query of queries) {
      const page = await app.api.get(`/api/patients?${query}`).expect(200);
      const rows = page.body.data as { id: string }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const one = await app.api.get(`/api/patients/${row.id}`).expect(200);
        expect(Object.keys(row).sort()).toEqual(Object.keys(one.body as object).sort());
      }
    }
  });

  it('returns an empty page with the true total past the end', async () => {
    const res = await app.api.get('/api/patients?offset=100&status=searching').expect(200);
    expect(res.body).toEqual({ data: [], total: 2, totalEstimated: false, limit: 20, offset: 100 });
    // A search carries its total in the page's rows; past the end it has to count on its own.
    const matches = (await app.api.get('/api/patients?search=example.org').expect(200)).body.total as number;
    expect(matches).toBeGreaterThan(1);
    const past = await app.api.get(`/api/patients?search=example.org&offset=${matches}`).expect(200);
    expect(past.body).toMatchObject({ data: [], total: matches, totalEstimated: false, limit: 20, offset: matches });
    const last = await app.api.get(`/api/patients?search=example.org&offset=${matches - 1}`).expect(200);
    expect(last.body).toMatchObject({ total: matches, offset: matches - 1 });
    expect(last.body.data).toHaveLength(1);
    expect(Object.keys(last.body.data[0] as object)).not.toContain('__total');
    const none = await app.api.get('/api/patients?search=nobody-has-this-name').expect(200);
    expect(none.body).toEqual({ data: [], total: 0, totalEstimated: false, limit: 20, offset: 0 });
  });

  it('accepts the limits 1 and 100 and rejects 0, 101, negative offsets and unknown parameters', async () => {
    expect((await app.api.get('/api/patients?limit=1').expect(200)).body.data).toHaveLength(1);
    await app.api.get('/api/patients?limit=100').expect(200);
    const res = await app.api.get('/api/patients?limit=0&offset=-1&colour=blue').expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['query.colour']));
    const bounds = await app.api.get('/api/patients?limit=101&offset=-1').expect(400);
    expect(bounds.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['query.limit', 'query.offset']));
    await app.api.get('/api/patients?limit=ten').expect(400);
  });

  it('rejects an unknown status and sort key, naming the allowed values', async () => {
    const res = await app.api.get('/api/patients?status=waiting&sort=age').expect(400);
    const status = res.body.errors.find((e: { field: string }) => e.field.startsWith('query.status'));
    const sort = res.body.errors.find((e: { field: string }) => e.field === 'query.sort');
    expect(status.allowedValues).toContain('searching');
    expect(sort.allowedValues).toEqual(['createdAt', '-createdAt', 'lastName', '-lastName', 'searchStartedOn', '-searchStartedOn', 'updatedAt', '-updatedAt']);
  });
});
