import { compileStatement } from '../../src/db/compiled-statement';
import { inTransaction } from '../../src/db/transaction';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { queryEventsDuring } from '../support/query-events';

/** inTransaction: the one way the service opens a transaction (src/db/transaction.ts), against a real PostgreSQL. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const READ_ONE = compileStatement<Record<string, never>>('test-transaction-one', (sql) => sql.select(sql.raw('1 AS one')));

const countOf = async (lastName: string): Promise<number> =>
  Number((await database.db.raw<{ rows: { n: string }[] }>('SELECT count(*) AS n FROM patients WHERE last_name = ?', [lastName])).rows[0]!.n);

const backendPid = async (trx: { raw<Row>(sql: string): Promise<{ rows: Row[] }> }): Promise<number> => (await trx.raw<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

describe('inTransaction', () => {
  it("commits what the work wrote and answers the work's result; nobody sees it before the commit", async () => {
    const result = await inTransaction(database.db, async (trx) => {
      const inserted = await trx.raw<{ id: string }>(`INSERT INTO patients (first_name, last_name) VALUES ('Tina', 'Committed') RETURNING id`);
      expect(await countOf('Committed')).toBe(0);
      return inserted.rows[0]!.id;
    });
    expect(result).toMatch(/^[0-9a-f-]{36}$/);
    expect(await countOf('Committed')).toBe(1);
  });

  it('rolls back when the work throws, rethrows its error, and gives the connection back every time', async () => {
    // More rounds than the pool has connections (10): a connection kept would stall the loop.
    for (let round = 0; round < 25; round += 1) {
      const outcome = inTransaction(database.db, async (trx) => {
        await trx.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Rolf', 'Rolledback')`);
        throw new Error(`round ${round}`);
      });
      await expect(outcome).rejects.toThrow(`round ${round}`);
    }
    expect(await countOf('Rolledback')).toBe(0);
    expect(database.db.client.pool.numUsed()).toBe(0);
  });

  it("rolls back a work whose statement failed, with PostgreSQL's error, and the connection serves the next transaction", async () => {
    const outcome = inTransaction(database.db, async (trx) => {
      await trx.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Fritz', 'Failed')`);
      await trx.raw('SELECT id FROM patients WHERE id = ?', ['not-a-uuid']);
    });
    await expect(outcome).rejects.toMatchObject({ code: '22P02' });
    expect(await countOf('Failed')).toBe(0);
    expect(await inTransaction(database.db, async (trx) => (await trx.raw<{ one: number }>('SELECT 1 AS one')).rows)).toEqual([{ one: 1 }]);
  });

  it('runs every statement of the work on one connection, in one transaction', async () => {
    const seen = await inTransaction(database.db, async (trx) => {
      const pids = await Promise.all([backendPid(trx), backendPid(trx), backendPid(trx)]);
      const xids = await Promise.all([1, 2].map(async () => (await trx.raw<{ xid: string }>('SELECT txid_current()::text AS xid')).rows[0]!.xid));
      return { pids: new Set(pids).size, xids: new Set(xids).size };
    });
    expect(seen).toEqual({ pids: 1, xids: 1 });
  });

  it('refuses a statement after the transaction ended, and never runs it outside', async () => {
    let late: Promise<unknown> | undefined;
    await inTransaction(database.db, async (trx) => {
      await trx.raw('SELECT 1');
      // Started while the transaction runs, sent after it ended (a forgotten await).
      late = new Promise((resolve) => setTimeout(resolve, 50)).then(
        () => trx.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Lena', 'Late')`),
      ).then(
        () => 'ran',
        (error: unknown) => error,
      );
    });
    expect(await late).toEqual(expect.objectContaining({ message: expect.stringMatching(/finished transaction/) }));
    expect(await countOf('Late')).toBe(0);
  });

  it('takes the isolation level it is asked for: a repeatable read does not see a commit made after its first statement', async () => {
    const levels = await inTransaction(database.db, async (trx) => (await trx.raw<{ level: string }>("SELECT current_setting('transaction_isolation') AS level")).rows[0]!.level);
    expect(levels).toBe('read committed');
    const seen = await inTransaction(
      database.db,
      async (trx) => {
        const before = (await trx.raw<{ n: number }>(`SELECT count(*) AS n FROM patients WHERE last_name = 'Snapshot'`)).rows[0]!.n;
        await database.db.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Sina', 'Snapshot')`);
        const after = (await trx.raw<{ n: number }>(`SELECT count(*) AS n FROM patients WHERE last_name = 'Snapshot'`)).rows[0]!.n;
        const level = (await trx.raw<{ level: string }>("SELECT current_setting('transaction_isolation') AS level")).rows[0]!.level;
        return { before, after, level };
      },
      { isolationLevel: 'repeatable read' },
    );
    expect(seen).toEqual({ before: 0, after: 0, level: 'repeatable read' });
    expect(await countOf('Snapshot')).toBe(1);
  });

  it('discards a connection that broke inside the transaction (its ROLLBACK fails): the pool hands out only live ones afterwards', async () => {
    let killed = 0;
    const outcome = inTransaction(database.db, async (trx) => {
      killed = await backendPid(trx);
      await database.db.raw('SELECT pg_terminate_backend(?)', [killed]);
      await trx.raw('SELECT 1');
    });
    await expect(outcome).rejects.toThrow();
    for (let round = 0; round < 12; round += 1) {
      const pid = await inTransaction(database.db, (trx) => backendPid(trx));
      expect(pid).not.toBe(killed);
    }
  });

  it('fails when the COMMIT fails (the connection died after the work), and the pool discards that connection', async () => {
    let killed = 0;
    const outcome = inTransaction(database.db, async (trx) => {
      await trx.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Konrad', 'Uncommitted')`);
      killed = await backendPid(trx);
      await database.db.raw('SELECT pg_terminate_backend(?)', [killed]);
      // Give the backend time to go before the COMMIT is sent.
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    await expect(outcome).rejects.toThrow();
    expect(await countOf('Uncommitted')).toBe(0);
    for (let round = 0; round < 12; round += 1) expect(await inTransaction(database.db, (trx) => backendPid(trx))).not.toBe(killed);
  });

  it('waits for a statement the work did not wait for, and rolls back and fails when it failed (PostgreSQL would answer COMMIT with ROLLBACK)', async () => {
    const outcome = inTransaction(database.db, async (trx) => {
      await trx.raw(`INSERT INTO patients (first_name, last_name) VALUES ('Udo', 'Unawaited')`);
      void trx.raw('SELECT pg_sleep(0.05), id FROM patients WHERE id = ?', ['not-a-uuid']).catch(() => undefined);
    });
    await expect(outcome).rejects.toMatchObject({ code: '22P02' });
    expect(await countOf('Unawaited')).toBe(0);
  });

  it('refuses a knex transaction where a statement wants one of inTransaction (nothing would tell it when that one ended)', async () => {
    const trx = await database.db.transaction();
    try {
      await expect(READ_ONE.rows(trx, {})).rejects.toThrow(/inTransaction/);
    } finally {
      await trx.rollback();
    }
  });

  it("reports BEGIN, the work's statements and COMMIT to knex's query events (what the database availability follows)", async () => {
    const { responses, errors } = await queryEventsDuring(database.db, async () => {
      await inTransaction(database.db, (trx) => trx.raw('SELECT ? AS one', [1]));
      await expect(inTransaction(database.db, (trx) => trx.raw('SELECT id FROM patients WHERE id = ?', ['x']))).rejects.toThrow();
    });
    expect(responses).toEqual(['BEGIN', 'SELECT $1 AS one', 'COMMIT', 'BEGIN', 'ROLLBACK']);
    expect(errors).toEqual(['SELECT id FROM patients WHERE id = $1']);
  });
});
