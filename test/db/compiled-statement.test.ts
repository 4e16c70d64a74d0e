import { compileStatement } from '../../src/db/compiled-statement';
import { inTransaction, type Transaction } from '../../src/db/transaction';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { queryEventsDuring } from '../support/query-events';

/** Statements built once by knex and run as named prepared statements, on the pool or in a transaction. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const BY_NAME = compileStatement<{ last: string; first: string }>('test-patients-by-name', (sql, slot) =>
  sql('patients').select('first_name as firstName', 'city').where({ last_name: slot('last'), first_name: slot('first') }).orderBy('city').limit(5),
);

describe('compileStatement', () => {
  it('binds each slot where knex put its placeholder and keeps the constants it built', () => {
    expect(BY_NAME.text).toBe('select "first_name" as "firstName", "city" from "patients" where "last_name" = $1 and "first_name" = $2 order by "city" asc limit $3');
    expect(BY_NAME.bind({ first: 'Ada', last: 'Lovelace' })).toEqual(['Lovelace', 'Ada', 5]);
    expect(BY_NAME.call({ first: 'Ada', last: 'Lovelace' })).toEqual({ name: 'test-patients-by-name', text: BY_NAME.text, values: ['Lovelace', 'Ada', 5] });
  });

  it('prepares a named statement on the connection it runs on', async () => {
    await inTransaction(database.db, async (trx) => {
      await BY_NAME.rows(trx, { last: 'Nobody', first: 'Nobody' });
      const { rows } = await trx.raw<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE name = ?', ['test-patients-by-name']);
      expect(rows.map((row) => row.statement)).toEqual([BY_NAME.text]);
    });
  });

  it('runs on the pool, again and again on the same connections (prepared once each)', async () => {
    await database.db('patients').insert([
      { first_name: 'Ada', last_name: 'Compiled', city: 'Bonn' },
      { first_name: 'Ada', last_name: 'Compiled', city: 'Aachen' },
      { first_name: 'Bea', last_name: 'Compiled', city: 'Celle' },
    ]);
    for (let round = 0; round < 3; round += 1) {
      const rows = await Promise.all([1, 2, 3].map(() => BY_NAME.rows(database.db, { last: 'Compiled', first: 'Ada' })));
      for (const result of rows) expect(result).toEqual([{ firstName: 'Ada', city: 'Aachen' }, { firstName: 'Ada', city: 'Bonn' }]);
    }
    expect(await BY_NAME.rows(database.db, { last: 'Compiled', first: 'Nobody' })).toEqual([]);
  });

  it("runs in a transaction on the transaction's own connection: it sees its uncommitted rows, the pool does not", async () => {
    const outcome = inTransaction(database.db, async (trx) => {
      await trx.raw(`INSERT INTO patients (first_name, last_name, city) VALUES ('Tx', 'Uncommitted', 'Essen')`);
      expect(await BY_NAME.rows(trx, { last: 'Uncommitted', first: 'Tx' })).toEqual([{ firstName: 'Tx', city: 'Essen' }]);
      expect(await BY_NAME.rows(database.db, { last: 'Uncommitted', first: 'Tx' })).toEqual([]);
      throw new Error('roll back');
    });
    await expect(outcome).rejects.toThrow('roll back');
    expect(await BY_NAME.rows(database.db, { last: 'Uncommitted', first: 'Tx' })).toEqual([]);
  });

  it('binds integer slots (limit, offset) and runs unnamed statements (planned per call)', async () => {
    const page = compileStatement<{ last: string; limit: number; offset: number }>(undefined, (sql, slot) =>
      sql('patients').select('city').where({ last_name: slot('last') }).orderBy('city').limit(slot.int('limit')).offset(slot.int('offset')),
    );
    expect(page.text).toBe('select "city" from "patients" where "last_name" = $1 order by "city" asc limit $2 offset $3');
    expect(page.bind({ last: 'Compiled', limit: 2, offset: 1 })).toEqual(['Compiled', 2, 1]);
    expect(await page.rows(database.db, { last: 'Compiled', limit: 2, offset: 1 })).toEqual([{ city: 'Bonn' }, { city: 'Celle' }]);
    expect(await page.rows(database.db, { last: 'Compiled', limit: 1, offset: 0 })).toEqual([{ city: 'Aachen' }]);
  });

  it('gives the connection back to the pool when the statement fails', async () => {
    const broken = compileStatement<{ id: string }>('test-broken', (sql, slot) => sql('patients').select('id').where({ id: slot('id') }));
    for (let i = 0; i < 20; i += 1) {
      await expect(broken.rows(database.db, { id: 'not-a-uuid' })).rejects.toThrow(/invalid input syntax for type uuid/);
    }
    expect(await BY_NAME.rows(database.db, { last: 'Compiled', first: 'Bea' })).toEqual([{ firstName: 'Bea', city: 'Celle' }]);
  });

  it('refuses to run on a finished transaction (its connection is back in the pool, outside any transaction)', async () => {
    let finished: Transaction | undefined;
    await inTransaction(database.db, (trx) => {
      finished = trx;
      return Promise.resolve();
    });
    await expect(BY_NAME.rows(finished!, { last: 'Compiled', first: 'Ada' })).rejects.toThrow(/finished transaction/);
  });

  it("fails with PostgreSQL's own error, without knex's copy of the SQL and its bound values in the message", async () => {
    const broken = compileStatement<{ id: string }>('test-broken-values', (sql, slot) => sql('patients').select('id').where({ id: slot('id') }));
    const error = (await broken.rows(database.db, { id: 'Erika Mustermann' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/invalid input syntax for type uuid/);
    expect((error as Error & { code?: string }).code).toBe('22P02');
    // knex.raw prefixed "select ... where id = $1 - " and the values; the logger drops database
    // messages anyway (they can quote a value, as this one does).
    expect(error.message).not.toMatch(/select|patients/);
  });

  it("reports each run as knex's query events (what the database availability follows), on the pool and in a transaction", async () => {
    const { responses, errors } = await queryEventsDuring(database.db, async () => {
      await BY_NAME.rows(database.db, { last: 'Compiled', first: 'Ada' });
      await inTransaction(database.db, (trx) => BY_NAME.rows(trx, { last: 'Compiled', first: 'Bea' }));
      const broken = compileStatement<{ id: string }>('test-broken-events', (sql, slot) => sql('patients').select('id').where({ id: slot('id') }));
      await expect(broken.rows(database.db, { id: 'x' })).rejects.toThrow();
    });
    expect(responses.filter((sql) => sql === BY_NAME.text)).toHaveLength(2);
    expect(errors).toEqual([expect.stringContaining('select "id" from "patients"')]);
  });
});
