import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';

// patches/pg+*.patch: pg's Result builds the empty row of a result shape once and keeps it
// (it rebuilt it for every query: most of addFields' cost). The first two tests fail without the
// patch (the empty row is shared); the others guard what must stay as it was: rows, array rows,
// a parser set between two queries of one shape, shapes that must not mix.

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

type Internal = pg.QueryResult & { _prebuiltEmptyResultObject: object };

describe("pg's Result with the patch", () => {
  it('shares the empty row of one shape between queries, and builds another for another shape', async () => {
    const first = (await client.query('select 1 as a, $1::text as b', ['x'])) as Internal;
    const second = (await client.query('select 2 as a, $1::text as b', ['y'])) as Internal;
    const other = (await client.query('select 3 as b, 4 as a')) as Internal;
    expect(second._prebuiltEmptyResultObject).toBe(first._prebuiltEmptyResultObject);
    expect(other._prebuiltEmptyResultObject).not.toBe(first._prebuiltEmptyResultObject);
    expect(first.rows).toEqual([{ a: 1, b: 'x' }]);
    expect(second.rows).toEqual([{ a: 2, b: 'y' }]);
    expect(Object.keys(other.rows[0] as object)).toEqual(['b', 'a']);
    // The shared empty row stays empty: rows are copies of it.
    expect(Object.values(first._prebuiltEmptyResultObject)).toEqual([null, null]);
  });

  it('hands out rows of their own: changing one changes neither the shared empty row nor the next rows', async () => {
    const first = (await client.query('select 1 as c, 2 as d')) as Internal;
    const row = first.rows[0] as Record<string, unknown>;
    row.c = 'changed';
    row.extra = true;
    const second = (await client.query('select 3 as c, 4 as d')) as Internal;
    expect(second._prebuiltEmptyResultObject).toBe(first._prebuiltEmptyResultObject);
    expect(first._prebuiltEmptyResultObject).toEqual({ c: null, d: null });
    expect(second.rows).toEqual([{ c: 3, d: 4 }]);
  });

  it('reads rows as arrays as before', async () => {
    const { rows } = await client.query({ text: 'select 1 as c, $1::text as d', values: ['x'], rowMode: 'array' });
    expect(rows).toEqual([[1, 'x']]);
  });

  it('keeps rows of many rows, nulls and repeated column names as pg made them', async () => {
    const { rows } = await client.query('select g as n, case when g % 2 = 0 then null else g::text end as t, g as n from generate_series(1, 5) as g');
    expect(rows).toEqual([1, 2, 3, 4, 5].map((g) => ({ n: g, t: g % 2 === 0 ? null : String(g) })));
  });

  it('applies a type parser set between two queries of the same shape', async () => {
    const own = new pg.Client({ connectionString: database.url });
    await own.connect();
    try {
      const read = 'select 41::int4 as answer';
      expect((await own.query(read)).rows).toEqual([{ answer: 41 }]);
      own.setTypeParser(pg.types.builtins.INT4, (text: string) => `int4 ${text}`);
      expect((await own.query(read)).rows).toEqual([{ answer: 'int4 41' }]);
    } finally {
      await own.end();
    }
  });
});
