import { startTestApp, type TestApp } from '../support/app';

/**
 * `phonetic=true` on the list: the search words compared with the name parts by their Kölner
 * Phonetik code (openapi.yaml's "Phonetic search"). Each patient's first name is a tag the
 * assertions look for; the SQL function's own rules are tested in test/db/phonetic-code.test.ts.
 */

let app: TestApp;

// One first name (Kim, code 46) that no search below sounds like, so only the last names are compared.
const patients = [
  ...['Meier', 'Mayer', 'Meyer', 'Maier', 'Mueller', 'Müller', 'Schmidt', 'Schmitt', 'Schmid', 'Fischer', 'Vischer', 'Müller-Lüdenscheidt'].map((lastName) => ({ firstName: 'Kim', lastName })),
  { firstName: 'Hans Peter', lastName: 'Zander' },
  { firstName: 'Anna', lastName: 'Meyr' },
  { firstName: 'Anna', lastName: 'Schmidt' },
  // Found by `maier` as a substring of the email only: not by sound, the email is not coded.
  { firstName: 'Kim', lastName: 'Zimmermann', email: 'maier@example.org' },
];

beforeAll(async () => {
  app = await startTestApp();
  for (const patient of patients) await app.api.post('/api/patients').query({ allowDuplicate: true }).send(patient).expect(201);
});
afterAll(() => app.close());

async function names(query: Record<string, string>): Promise<string[]> {
  const res = await app.api.get('/api/patients').query({ limit: '100', ...query }).expect(200);
  return (res.body.data as { firstName: string; lastName: string }[]).map((p) => `${p.firstName} ${p.lastName}`).sort();
}

describe('GET /api/patients?phonetic=true', () => {
  it('finds Meier, Mayer, Meyer and Maier by Maier, and not Müller', async () => {
    const found = await names({ phonetic: 'true', search: 'Maier' });
    expect(found).toEqual(['Anna Meyr', 'Kim Maier', 'Kim Mayer', 'Kim Meier', 'Kim Meyer']);
    // Without the parameter the same word is a substring: only Maier, and the email.
    expect(await names({ search: 'Maier' })).toEqual(['Kim Maier', 'Kim Zimmermann']);
  });

  it('finds every spelling by every other: Schmidt/Schmitt/Schmid, Müller/Mueller, Fischer/Vischer', async () => {
    const schmidts = ['Anna Schmidt', 'Kim Schmid', 'Kim Schmidt', 'Kim Schmitt'];
    for (const word of ['Schmidt', 'schmitt', 'SCHMID']) expect(await names({ phonetic: 'true', search: word })).toEqual(schmidts);
    const muellers = ['Kim Mueller', 'Kim Müller', 'Kim Müller-Lüdenscheidt'];
    for (const word of ['Müller', 'mueller', 'muller', 'Möller']) expect(await names({ phonetic: 'true', search: word })).toEqual(muellers);
    expect(await names({ phonetic: 'true', search: 'Vischer' })).toEqual(['Kim Fischer', 'Kim Vischer']);
  });

  it('matches a part of a double name or of several first names, and a double name by both its parts', async () => {
    expect(await names({ phonetic: 'true', search: 'Lüdenscheid' })).toEqual(['Kim Müller-Lüdenscheidt']);
    expect(await names({ phonetic: 'true', search: 'Mueller-Luedenscheid' })).toEqual(['Kim Müller-Lüdenscheidt']);
    expect(await names({ phonetic: 'true', search: 'Müller-Schmidt' })).toEqual([]);
    expect(await names({ phonetic: 'true', search: 'Petr' })).toEqual(['Hans Peter Zander']);
    expect(await names({ phonetic: 'true', search: 'Hanns' })).toEqual(['Hans Peter Zander']);
  });

  it('requires every word: Anna Maier finds Anna Meyr, not Anna Schmidt', async () => {
    expect(await names({ phonetic: 'true', search: 'Anna Maier' })).toEqual(['Anna Meyr']);
    expect(await names({ phonetic: 'true', search: 'Ana Schmitt' })).toEqual(['Anna Schmidt']);
  });

  it('matches whole parts only, never the email, and nobody for a search without a letter', async () => {
    expect(await names({ phonetic: 'true', search: 'Mai' })).toEqual([]);
    expect(await names({ phonetic: 'true', search: 'example' })).toEqual([]);
    const none = await app.api.get('/api/patients').query({ phonetic: 'true', search: '1234 -' }).expect(200);
    expect(none.body).toMatchObject({ data: [], total: 0 });
  });

  it('counts the matches in total', async () => {
    const res = await app.api.get('/api/patients').query({ phonetic: 'true', search: 'Meier', limit: '2' }).expect(200);
    // Meier, Mayer, Meyer, Maier and Meyr.
    expect(res.body.total).toBe(5);
    expect(res.body.data).toHaveLength(2);
  });

  it('treats phonetic=false as the default', async () => {
    expect(await names({ phonetic: 'false', search: 'Maier' })).toEqual(await names({ search: 'Maier' }));
    await app.api.get('/api/patients').query({ phonetic: 'false' }).expect(200);
  });
});

describe('GET /api/patients?phonetic=true with filters, sort and cursors', () => {
  let ids: Map<string, string>;
  // All 858, a code no other patient of this file has.
  const family = ['Schulz', 'Schultz', 'Schulze', 'Schultze', 'Schuls', 'Szulc', 'Sulz', 'Tschulz'];

  beforeAll(async () => {
    ids = new Map();
    for (const [i, lastName] of family.entries()) {
      const res = await app.api
        .post('/api/patients')
        .query({ allowDuplicate: true })
        .send({ firstName: 'Paging', lastName, status: i % 3 === 0 ? 'open' : 'searching' })
        .expect(201);
      ids.set(lastName, res.body.id as string);
    }
  });

  const query = { phonetic: 'true', search: 'Paging Schulz', status: 'searching', sort: 'lastName' };

  it('filters by status and sorts the matches by name in German order', async () => {
    const res = await app.api.get('/api/patients').query({ ...query, limit: '100' }).expect(200);
    const expected = family.filter((_, i) => i % 3 !== 0).sort(new Intl.Collator('de-DE').compare);
    expect((res.body.data as { lastName: string }[]).map((p) => p.lastName)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('pages through the matches by cursor, forwards and back, without gaps or repeats', async () => {
    const all = ((await app.api.get('/api/patients').query({ ...query, limit: '100' }).expect(200)).body.data as { id: string }[]).map((p) => p.id);
    const pages: { data: { id: string }[]; next?: string; prev?: string }[] = [];
    let cursor: string | undefined;
    do {
      const res = await app.api.get('/api/patients').query({ ...query, limit: '2', ...(cursor && { cursor }) }).expect(200);
      pages.push(res.body);
      cursor = res.body.next;
    } while (cursor);
    expect(pages.flatMap((p) => p.data.map((d) => d.id))).toEqual(all);
    expect(pages.length).toBe(Math.ceil(all.length / 2));
    const last = pages[pages.length - 1]!;
    const back = await app.api.get('/api/patients').query({ ...query, limit: '2', cursor: last.prev! }).expect(200);
    expect(back.body.data).toEqual(pages[pages.length - 2]!.data);
  });

  it('refuses a cursor of the same search without phonetic, and the other way round', async () => {
    const plain = { search: 'Paging', sort: 'lastName', limit: '1' };
    const plainNext = (await app.api.get('/api/patients').query(plain).expect(200)).body.next as string;
    const refused = await app.api.get('/api/patients').query({ ...plain, phonetic: 'true', cursor: plainNext }).expect(400);
    expect(refused.body.errors[0].field).toBe('query.cursor');
    const phoneticNext = (await app.api.get('/api/patients').query({ ...plain, phonetic: 'true' }).expect(200)).body.next as string;
    await app.api.get('/api/patients').query({ ...plain, cursor: phoneticNext }).expect(400);
    await app.api.get('/api/patients').query({ ...plain, phonetic: 'true', cursor: phoneticNext }).expect(200);
  });
});

describe('GET /api/patients: bad phonetic requests', () => {
  it('answers phonetic=true without search with a 400 problem naming query.phonetic', async () => {
    const res = await app.api.get('/api/patients').query({ phonetic: 'true', status: 'open' }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'query.phonetic', message: expect.stringContaining('search') }]);
  });

  it('answers phonetic=maybe with a 400 problem naming phonetic', async () => {
    const res = await app.api.get('/api/patients').query({ phonetic: 'maybe', search: 'Maier' }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.phonetic']);
  });
});
