import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The pooled connections' client-side read timeout (src/db/knex.ts) wraps pg's `query`: every
 * form of call still reaches PostgreSQL with its values and answers once, and nothing stays
 * waiting. (That a silent server fails the statement in time: test/faults/frozen-database.test.ts.)
 */

type Connection = pg.Client & { __waiting?: Map<number, unknown> };

let database: TestDatabase;
let connection: Connection;
beforeAll(async () => {
  database = await createTestDatabase();
  connection = (await (database.db.client as { acquireConnection(): Promise<Connection> }).acquireConnection());
});
afterAll(async () => {
  await (database.db.client as { releaseConnection(c: unknown): Promise<unknown> }).releaseConnection(connection);
  await database.drop();
});

const n = (result: unknown): unknown => (result as pg.QueryResult<{ n: number }>).rows[0]?.n;

describe('read timeout of pooled connections', () => {
  it('is installed on the pool’s connections', () => {
    expect(connection.__waiting).toBeInstanceOf(Map);
  });

  it('runs a config object as a promise, text with values as a promise, and both with a callback, each once and with its values', async () => {
    expect(n(await connection.query({ text: 'SELECT $1::int AS n', values: [7] }))).toBe(7);
    expect(n(await connection.query('SELECT $1::int AS n', [8]))).toBe(8);
    const calls: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      (connection.query as unknown as (text: string, values: unknown[], cb: (e: Error | null, r?: unknown) => void) => void)('SELECT $1::int AS n', [9], (error, result) => {
        if (error) reject(error);
        calls.push(n(result));
        setTimeout(resolve, 50);
      }),
    );
    await new Promise<void>((resolve, reject) =>
      (connection.query as unknown as (config: object, cb: (e: Error | null, r?: unknown) => void) => void)({ text: 'SELECT 10 AS n' }, (error, result) => {
        if (error) reject(error);
        calls.push(n(result));
        setTimeout(resolve, 50);
      }),
    );
    expect(calls).toEqual([9, 10]);
    expect(connection.__waiting!.size).toBe(0);
  });

  it('passes an error of the statement to its caller once and keeps nothing waiting', async () => {
    await expect(connection.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    expect(connection.__waiting!.size).toBe(0);
    expect(n(await connection.query('SELECT 11 AS n'))).toBe(11);
  });

  it('keeps nothing waiting when pg refuses a call synchronously: thrown with a callback, rejected without', async () => {
    expect(() => (connection.query as unknown as (config: unknown, cb: () => void) => unknown)(null, () => undefined)).toThrow(/null or undefined query/);
    expect(connection.__waiting!.size).toBe(0);
    await expect((connection.query as unknown as (config: unknown) => Promise<unknown>)(null)).rejects.toThrow(/null or undefined query/);
    expect(connection.__waiting!.size).toBe(0);
  });

  it('hands a Submittable (pg.Query, as cursors and streams are) to pg untouched: it is returned and reports on its own events', async () => {
    const submittable = new pg.Query('SELECT 12 AS n');
    const rows: unknown[] = [];
    submittable.on('row', (row: { n: number }) => rows.push(row.n));
    const ended = new Promise((resolve) => submittable.on('end', resolve));
    expect(connection.query(submittable as unknown as string)).toBe(submittable);
    expect(connection.__waiting!.size).toBe(0);
    await ended;
    expect(rows).toEqual([12]);
  });
});
