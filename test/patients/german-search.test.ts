import { startTestApp, type TestApp } from '../support/app';

/**
 * The folding rules of openapi.yaml's listPatients description, one test each, and German name
 * order. Each patient has a tag in its first name that the assertions look for.
 */

let app: TestApp;

const patients = [
  { firstName: 'Dieter', lastName: 'Müller', city: 'Köln', email: 'd.m@example.org', dateOfBirth: '1970-03-04', insuranceNumber: 'A123456789' },
  { firstName: 'Hans', lastName: 'Mueller', city: 'Koeln', email: 'hans@example.org' },
  { firstName: 'Ina', lastName: 'Muller', city: 'Bonn', email: 'ina@example.org' },
  { firstName: 'Erika', lastName: 'Mustermann', city: 'Berlin' },
  { firstName: 'Ayla', lastName: 'Özdemir', city: 'München', email: 'ayla@example.org' },
  { firstName: 'Zora', lastName: 'Zimmermann', city: 'Hamburg' },
  { firstName: 'Anna', lastName: 'Schröder', city: 'Düsseldorf', email: 'anna.s@example.org', dateOfBirth: '1991-12-24' },
  { firstName: 'Anton', lastName: 'Schmidt', city: 'Leipzig' },
  { firstName: 'Gisela', lastName: 'Groß', city: 'Essen' },
  { firstName: 'Gustav', lastName: 'Gross', city: 'Essen' },
  { firstName: 'José', lastName: 'García', city: 'Bremen' },
  { firstName: 'Łukasz', lastName: 'Wiśniewski', city: 'Görlitz' },
  { firstName: 'Elif', lastName: 'Şahin', city: 'Kiel' },
  { firstName: 'Zoe', lastName: 'Adler', city: 'Kiel' },
];

beforeAll(async () => {
  app = await startTestApp();
  for (const patient of patients) await app.api.post('/api/patients').query({ allowDuplicate: true }).send(patient).expect(201);
});
afterAll(() => app.close());

async function firstNames(query: Record<string, string>): Promise<string[]> {
  const res = await app.api.get('/api/patients').query({ limit: '100', ...query }).expect(200);
  return (res.body.data as { firstName: string }[]).map((p) => p.firstName).sort();
}

describe('GET /api/patients: folding rules of search and city', () => {
  it('ignores case', async () => {
    expect(await firstNames({ search: 'MÜLLER' })).toEqual(await firstNames({ search: 'müller' }));
    expect(await firstNames({ search: 'ERIKA' })).toEqual(['Erika']);
  });

  it('finds Müller by mueller, muller and Müller (umlauts in both spellings)', async () => {
    expect(await firstNames({ search: 'Müller' })).toEqual(['Dieter', 'Hans', 'Ina']);
    expect(await firstNames({ search: 'mueller' })).toEqual(['Dieter', 'Hans']);
    expect(await firstNames({ search: 'muller' })).toEqual(['Dieter', 'Ina']);
    expect(await firstNames({ search: 'oezdemir' })).toEqual(['Ayla']);
    expect(await firstNames({ search: 'ozdemir' })).toEqual(['Ayla']);
  });

  it('finds a name spelled out in the record (Mueller) by the umlaut, not by the bare vowel', async () => {
    expect(await firstNames({ search: 'Müller' })).toContain('Hans');
    expect(await firstNames({ search: 'muller' })).not.toContain('Hans');
  });

  it('treats ß as ss in both directions', async () => {
    expect(await firstNames({ search: 'gross' })).toEqual(['Gisela', 'Gustav']);
    expect(await firstNames({ search: 'Groß' })).toEqual(['Gisela', 'Gustav']);
  });

  it('drops other diacritics', async () => {
    expect(await firstNames({ search: 'jose garcia' })).toEqual(['José']);
    expect(await firstNames({ search: 'lukasz wisniewski' })).toEqual(['Łukasz']);
    expect(await firstNames({ search: 'sahin' })).toEqual(['Elif']);
  });

  it('does not widen spelled-out vowels: zoe finds Zoe, not Zora', async () => {
    expect(await firstNames({ search: 'zoe' })).toEqual(['Zoe']);
  });

  it('folds the city the same way: koeln, koln, KÖLN and Köln find Köln', async () => {
    expect(await firstNames({ city: 'koeln' })).toEqual(['Dieter', 'Hans']);
    expect(await firstNames({ city: 'koln' })).toEqual(['Dieter']);
    expect(await firstNames({ city: 'KÖLN' })).toEqual(['Dieter', 'Hans']);
    expect(await firstNames({ city: 'Köln' })).toEqual(['Dieter', 'Hans']);
    expect(await firstNames({ city: 'goerlitz' })).toEqual(['Łukasz']);
    expect(await firstNames({ city: 'dusseldorf' })).toEqual(['Anna']);
  });
});

describe('GET /api/patients: several words', () => {
  it('requires every word to match a name or the email: "Anna Schr" finds Anna Schröder', async () => {
    expect(await firstNames({ search: 'Anna Schr' })).toEqual(['Anna']);
    expect(await firstNames({ search: 'schroeder anna' })).toEqual(['Anna']);
    expect(await firstNames({ search: 'An Sch' })).toEqual(['Anna', 'Anton']);
    expect(await firstNames({ search: 'Anna Schmidt' })).toEqual([]);
    expect(await firstNames({ search: 'anna.s@example' })).toEqual(['Anna']);
  });

  it('rejects a search without a word and one of more than 5 words', async () => {
    const blank = await app.api.get('/api/patients').query({ search: '   ' }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'query.search', message: 'must contain a word' }]);
    const long = await app.api.get('/api/patients').query({ search: 'a b c d e f' }).expect(400);
    expect(long.body.errors[0].field).toBe('query.search');
  });
});

describe('GET /api/patients: exact filters', () => {
  it('filters by date of birth, insurance number, createdAfter and updatedAfter', async () => {
    expect(await firstNames({ dateOfBirth: '1991-12-24' })).toEqual(['Anna']);
    expect(await firstNames({ insuranceNumber: 'A123456789' })).toEqual(['Dieter']);
    const all = (await app.api.get('/api/patients').query({ sort: 'createdAt', limit: '100' }).expect(200)).body.data as { firstName: string; createdAt: string; updatedAt: string }[];
    const cut = all[all.length - 3]!;
    expect(await firstNames({ createdAfter: cut.createdAt })).toEqual(all.slice(-2).map((p) => p.firstName).sort());
    const changed = (await app.api.patch(`/api/patients/${(await app.api.get('/api/patients').query({ search: 'zimmermann' })).body.data[0].id}`).set('content-type', 'application/merge-patch+json').send({ city: 'Lübeck' }).expect(200)).body as { updatedAt: string };
    expect(await firstNames({ updatedAfter: new Date(Date.parse(changed.updatedAt) - 1).toISOString() })).toEqual(['Zora']);
    expect(await firstNames({ updatedAfter: changed.updatedAt })).toEqual([]);
  });

  it('rejects a malformed date of birth, insurance number and instant', async () => {
    const res = await app.api.get('/api/patients').query({ dateOfBirth: '24.12.1991', insuranceNumber: 'a12', createdAfter: 'yesterday' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.createdAfter', 'query.dateOfBirth', 'query.insuranceNumber']);
  });
});

describe('GET /api/patients: German name order', () => {
  it('sorts Mueller, Muller, Müller, Mustermann, then Özdemir before Zimmermann (ICU de-DE)', async () => {
    const res = await app.api.get('/api/patients').query({ sort: 'lastName', limit: '100' }).expect(200);
    const names = (res.body.data as { lastName: string }[]).map((p) => p.lastName);
    const order = (name: string) => names.indexOf(name);
    expect(order('Mueller')).toBeLessThan(order('Muller'));
    expect(order('Muller')).toBeLessThan(order('Müller'));
    expect(order('Müller')).toBeLessThan(order('Mustermann'));
    expect(order('Özdemir')).toBeLessThan(order('Schmidt'));
    expect(order('Şahin')).toBeLessThan(order('Schmidt'));
    expect(names[names.length - 1]).toBe('Zimmermann');
    expect(names).toEqual([...names].sort(new Intl.Collator('de-DE').compare));
    const descending = await app.api.get('/api/patients').query({ sort: '-lastName', limit: '100' }).expect(200);
    expect((descending.body.data as { lastName: string }[]).map((p) => p.lastName)).toEqual([...names].reverse());
  });
});
