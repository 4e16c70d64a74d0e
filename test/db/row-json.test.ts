import pg from 'pg';
import { RAW_TEXT, rowJsonWriter, type RawField, type RawRow } from '../../src/db/row-json';
import { installTypeParsers } from '../../src/db/type-parsers';
import { createTestDatabase, type TestDatabase } from '../support/database';

// src/db/row-json.ts: a row written from PostgreSQL's text is, byte for byte, what
// JSON.stringify of the row as the driver's installed parsers build it gives: for every type the
// patients table has and a few it has not, with the values that JSON escapes or writes its own way.

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  installTypeParsers();
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`CREATE TYPE row_json_mood AS ENUM ('calm', 'tense "quoted"', 'ümlaut')`);
  await client.query(`CREATE TABLE row_json_values (
    n int, label text, name varchar(80), code char(5), id uuid, day date, at timestamptz,
    small smallint, big bigint, flag boolean, mood row_json_mood, tags text[], doc jsonb, plain json, amount numeric, ratio float8)`);
  const texts = ['', 'plain', 'quote " and backslash \\', 'line\nbreak\ttab\r', '\u0001\u001f\u007f control', 'Müller Özdemir Straße', 'é ñ 漢字 😀', '\u2028\u2029 separators', '</script>', '{"looks":"like json"}', 'trailing space '];
  const rows: unknown[][] = [];
  for (const [i, text] of texts.entries()) {
    rows.push([
      i - 5,
      text,
      text.slice(0, 80),
      text.slice(0, 5),
      `${String(i).padStart(8, "0")}-0000-4000-8000-00000000000${i % 10}`,
      i % 2 === 0 ? '2026-02-28' : '1950-12-31',
      ['2026-12-01T23:59:59.999999Z', '1999-01-01T00:00:00Z', '2024-02-29T12:00:00.5Z', '1970-01-01T00:00:00.123Z', '1900-03-15T12:00:00Z'][i % 5],
      -32768 + i,
      i % 2 === 0 ? '9007199254740993' : '-42',
      i % 2 === 0,
      ['calm', 'tense "quoted"', 'ümlaut'][i % 3],
      i % 3 === 0 ? [] : [text, 'two words', 'NULL', '', '{braces}', 'a,b'],
      JSON.stringify({ text, number: i === 1 ? 1.0 : 1e-7, nested: { list: [1, 'zwei', null, true], empty: {} }, ünicode: '😀' }),
      i % 2 === 0 ? '{"b": 1,   "a": [2, 3]}' : '"just a string"',
      i % 2 === 0 ? '1.50' : '-0.000000001',
      i % 2 === 0 ? 'NaN' : '1e-300',
    ]);
  }
  rows.push(Array.from({ length: 16 }, (_, i) => (i === 0 ? 99 : null)));
  for (const row of rows) await client.query(`INSERT INTO row_json_values VALUES (${row.map((_, i) => `$${i + 1}`).join(', ')})`, row);
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

/** The rows of `sql` as the driver builds them, and as row-json writes them (same session). */
async function bothWays(sql: string): Promise<{ objects: Record<string, unknown>[]; raw: { fields: RawField[]; rows: RawRow[] } }> {
  const objects = (await client.query(sql)).rows as Record<string, unknown>[];
  const raw = await client.query({ text: sql, ...RAW_TEXT } as unknown as pg.QueryConfig);
  return { objects, raw: { fields: raw.fields, rows: raw.rows } };
}

describe('rowJsonWriter', () => {
  it.each(['UTC', 'Europe/Berlin'])('writes every value as JSON.stringify of the parsed row does (session time zone %s)', async (timeZone) => {
    await client.query(`SET TIME ZONE '${timeZone}'`);
    const { objects, raw } = await bothWays('select * from row_json_values order by n');
    expect(raw.rows).toHaveLength(12);
    const write = rowJsonWriter(raw.fields, `all ${timeZone}`, () => true);
    raw.rows.forEach((row, i) => {
      expect(write(row)).toBe(JSON.stringify(objects[i]));
    });
    // And the text is JSON that reads back as the row.
    expect(JSON.parse(write(raw.rows[1]!))).toEqual(objects[1]);
  });

  it('writes only the fields it is told to, in the result order, and nothing it was not told', async () => {
    await client.query(`SET TIME ZONE 'UTC'`);
    const { objects, raw } = await bothWays('select label, n as __hidden, flag, at, tags from row_json_values order by n');
    const write = rowJsonWriter(raw.fields, 'some', (name) => !name.startsWith('__'));
    raw.rows.forEach((row, i) => {
      const { __hidden: hidden, ...visible } = objects[i]!;
      expect(hidden).toEqual(expect.any(Number));
      expect(write(row)).toBe(JSON.stringify(visible));
      expect(write(row)).not.toContain('__hidden');
    });
    expect(rowJsonWriter(raw.fields, 'none', () => false)(raw.rows[0]!)).toBe('{}');
  });

  it('builds a writer per result shape: the same inclusion name over other columns writes those', async () => {
    const first = await bothWays('select n, label from row_json_values order by n limit 1');
    const second = await bothWays('select label, n, flag from row_json_values order by n limit 1');
    expect(rowJsonWriter(first.raw.fields, 'shape', () => true)(first.raw.rows[0]!)).toBe(JSON.stringify(first.objects[0]));
    expect(rowJsonWriter(second.raw.fields, 'shape', () => true)(second.raw.rows[0]!)).toBe(JSON.stringify(second.objects[0]));
  });
});
