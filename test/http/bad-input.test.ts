import { startTestApp, type TestApp } from '../support/app';

// Input the probe of issue 13 found: values that passed the contract and then failed in the
// database (500) or were silently changed on the way in.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const DATE_FIELDS = ['dateOfBirth', 'searchStartedOn', 'firstTherapyPlaceOn', 'workingTherapyPlaceOn', 'lastContactOn', 'complaintsSince'] as const;

describe('implausible dates', () => {
  it.each(DATE_FIELDS)('refuses %s in year 0000 (PostgreSQL has no year 0), before 1900 and after 2199 with a 400 naming the field', async (field) => {
    for (const value of ['0000-01-01', '1899-12-31', '2200-01-01']) {
      const res = await app.api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace', [field]: value });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: `body.${field}` })]));
    }
  });

  it('accepts the bounds (1900-01-01; 2199-12-31 where the future is allowed)', async () => {
    await app.api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1900-01-01', complaintsSince: '1900-01-01', lastContactOn: '2199-12-31' }).expect(201);
  });

  it('refuses 0000-01-01 in PUT and PATCH as well', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Lovelace' }).expect(201);
    await app.api.patch(`/api/patients/${created.body.id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ dateOfBirth: '0000-01-01' })).expect(400);
    await app.api.put(`/api/patients/${created.body.id}`).send({ firstName: 'Ada', lastName: 'Lovelace', complaintsSince: '0000-01-01' }).expect(400);
  });
});

describe('a value the database cannot store', () => {
  // Real data exceptions of PostgreSQL, raised inside the insert by a test-only trigger (the
  // contract keeps such values out, so only a database narrower than the contract produces them).
  it.each([
    ['22001', 'string too long', 'DECLARE short varchar(3); BEGIN short := NEW.last_name; RETURN NEW; END'],
    ['22008', 'datetime field overflow', 'BEGIN PERFORM make_date(0, 1, 1); RETURN NEW; END'],
    ['22P02', 'invalid text representation', 'BEGIN PERFORM NEW.last_name::integer; RETURN NEW; END'],
  ])('turns SQLSTATE %s (%s) into a 400 problem, never a 500, without echoing the database message', async (_code, _name, body) => {
    await app.database.db.raw(`
      CREATE FUNCTION fail_with_data_error() RETURNS trigger LANGUAGE plpgsql AS $$ ${body} $$;
      CREATE TRIGGER fail_with_data_error BEFORE INSERT ON patients FOR EACH ROW EXECUTE FUNCTION fail_with_data_error();`);
    try {
      const res = await app.api.post('/api/patients').send({ firstName: 'Ada', lastName: 'Secretname' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: '/problems/validation-error', status: 400, errors: [{ field: 'request', message: 'holds a value that cannot be stored (out of range or malformed)' }] });
      expect(res.text).not.toMatch(/Secretname|integer|too long|field value|insert into|"22[0-9A-Z]{3}/i);
    } finally {
      await app.database.db.raw('DROP TRIGGER fail_with_data_error ON patients; DROP FUNCTION fail_with_data_error()');
    }
  });
});

// The bytes as they are: superagent would otherwise serialise a Buffer as JSON.
const raw = (body: unknown): string => body as string;

describe('invalid UTF-8 in a JSON body', () => {
  it('is refused with a 400 problem instead of being stored with U+FFFD', async () => {
    // {"firstName":"A<0xC3 0x28>","lastName":"B"}: 0xC3 starts a two-byte sequence that 0x28 does not continue.
    const body = Buffer.concat([Buffer.from('{"firstName":"A'), Buffer.from([0xc3, 0x28]), Buffer.from('","lastName":"Invalidbytes"}')]);
    const res = await app.api.post('/api/patients').set('Content-Type', 'application/json').serialize(raw).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400, detail: 'The request body is not valid UTF-8.' });
    const stored = await app.database.db('patients').where({ last_name: 'Invalidbytes' }).count<{ count: string }[]>({ count: '*' });
    expect(Number(stored[0]!.count)).toBe(0);
  });

  it('still accepts valid multi-byte UTF-8', async () => {
    const res = await app.api.post('/api/patients').set('Content-Type', 'application/json').serialize(raw).send(Buffer.from('{"firstName":"Jürgen","lastName":"Groß"}'));
    expect(res.status).toBe(201);
    expect(res.body.firstName).toBe('Jürgen');
  });
});
