import pg from 'pg';
import { createKnex } from '../../src/db/knex';
import { isoInstant } from '../../src/db/type-parsers';
import { createTestDatabase, type TestDatabase } from '../support/database';

// src/db/type-parsers.ts: a timestamptz from PostgreSQL becomes exactly what
// `new Date(value).toISOString()` made of it before, in every session time zone and for every
// fraction of a second PostgreSQL prints; the rearranged UTC text is only a shortcut.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** A result or the name of what it threw (Date cannot read some texts, e.g. local mean time offsets such as +00:53:28). */
function outcome(parse: () => string): string {
  try {
    return parse();
  } catch (error) {
    return (error as Error).name;
  }
}

/** PostgreSQL's own text of each instant, in a session of `timeZone`. */
async function textsIn(timeZone: string, instants: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`SET TIME ZONE '${timeZone}'`);
    const { rows } = await client.query<{ text: string }>('select t::text as text from unnest($1::timestamptz[]) as t', [instants]);
    return rows.map((row) => row.text);
  } finally {
    await client.end();
  }
}

describe('the timestamptz parser', () => {
  // Whole seconds, each count of fraction digits, values just below a millisecond boundary
  // (dropped, not rounded), leap day, year ends, far past and future, and random instants.
  const instants = [
    '2026-12-01T20:13:01Z',
    '2026-12-01T20:13:01.5Z',
    '2026-12-01T20:13:01.12Z',
    '2026-12-01T20:13:01.123Z',
    '2026-12-01T20:13:01.1239Z',
    '2026-12-01T20:13:01.12399Z',
    '2026-12-01T20:13:01.999999Z',
    '2024-02-29T23:59:59.999500Z',
    '1999-12-31T23:59:59.000001Z',
    '0999-06-01T12:00:00Z',
    '0044-03-15T12:00:00Z', // V8 reads the text as 2044: the parser keeps doing what Date did
    '0099-01-01T00:00:00Z',
    '1000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999Z',
    ...Array.from({ length: 500 }, () => {
      const ms = Math.floor(Math.random() * 4_102_444_800_000); // 1970 .. 2100
      return `${new Date(ms).toISOString().slice(0, 19)}.${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}Z`;
    }),
  ];

  it.each(['UTC', 'Europe/Berlin', 'America/St_Johns'])('gives what Date gave, in a %s session', async (timeZone) => {
    const texts = await textsIn(timeZone, instants);
    expect(texts).toHaveLength(instants.length);
    for (const text of texts) expect([text, outcome(() => isoInstant(text))]).toEqual([text, outcome(() => new Date(text).toISOString())]);
    // The shortcut is taken where it applies (a UTC session's text) and only there.
    const shortcut = texts.filter((text) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/.test(text));
    if (timeZone === 'UTC') expect(shortcut.length).toBeGreaterThan(500);
    else expect(shortcut).toEqual([]);
  });

  it('keeps what the shortcut does not cover: BC and infinity as Date reads them', async () => {
    const [bc] = await textsIn('UTC', ['0044-03-15T12:00:00Z BC']);
    expect(bc).toMatch(/ BC$/);
    expect(() => isoInstant(bc!)).toThrow(RangeError);
    expect(() => new Date(bc!).toISOString()).toThrow(RangeError);
    expect(() => isoInstant('infinity')).toThrow(RangeError);
  });

  it('is the parser the service reads rows with', async () => {
    // createTestDatabase built the service's knex, which installs the parsers.
    expect(pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ)).toBe(isoInstant);
    const [row] = await database.db.raw<{ rows: { at: string }[] }>(`select '2026-12-01 20:13:01.123999+00'::timestamptz as at`).then((result) => result.rows);
    expect(row!.at).toBe('2026-12-01T20:13:01.123Z');
  });

  it("reads in UTC sessions with ISO dates on a server set otherwise (the service's connections ask for both)", async () => {
    await database.db.raw(`ALTER DATABASE ${database.name} SET timezone TO 'Europe/Berlin'`);
    await database.db.raw(`ALTER DATABASE ${database.name} SET datestyle TO 'German, DMY'`);
    const plain = new pg.Client({ connectionString: database.url });
    await plain.connect();
    const service = createKnex({ url: database.url, poolMax: 1, statementTimeoutMs: 0 });
    try {
      // The database's own setting applies to a connection that does not ask.
      expect((await plain.query<{ TimeZone: string }>('show timezone')).rows[0]!.TimeZone).toBe('Europe/Berlin');
      const read = `select '2026-07-01 12:00:00.5+02'::timestamptz::text as text, '2026-07-01 12:00:00.5+02'::timestamptz as at`;
      // Berlin time in German style: text neither the shortcut nor Date can read.
      expect((await plain.query<{ text: string }>(`select '2026-07-01 12:00:00.5+02'::timestamptz::text as text`)).rows[0]!.text).toBe('01.07.2026 12:00:00.5 CEST');
      await expect(plain.query(read)).rejects.toThrow(RangeError);
      const [row] = await service.raw<{ rows: { text: string; at: string }[] }>(read).then((result) => result.rows);
      expect(row).toEqual({ text: '2026-07-01 10:00:00.5+00', at: '2026-07-01T10:00:00.500Z' });
      const day = `select '2026-07-01'::date as day`;
      expect((await plain.query<{ day: string }>(day)).rows[0]!.day).toBe('01.07.2026');
      expect((await service.raw<{ rows: { day: string }[] }>(day)).rows[0]!.day).toBe('2026-07-01');
    } finally {
      await plain.end();
      await service.destroy();
      await database.db.raw(`ALTER DATABASE ${database.name} RESET timezone`);
      await database.db.raw(`ALTER DATABASE ${database.name} RESET datestyle`);
    }
  });
});
