import type { Knex } from 'knex';
import { builder, runStatement, type PoolClient, type PooledConnection, type StatementResult } from './pool-client';

/** PostgreSQL's isolation levels a transaction may ask for (the default is read committed). */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/**
 * Runs `work` in a transaction: BEGIN, its statements, COMMIT; ROLLBACK when it throws (the
 * error is rethrown). A connection whose ROLLBACK failed is discarded by the pool, never reused
 * mid-transaction.
 *
 * Why not knex's `db.transaction()`: it builds a knex instance per transaction (its methods
 * redefined on a new object, a client, a transactor) and runs BEGIN/COMMIT through its query
 * pipeline: measured 95-158 µs of CPU per transaction against 67-78 µs for BEGIN, one statement
 * and COMMIT sent straight (scratch, four concurrent loops, after warm-up); every write has one.
 * Its statements are reported to knex's query events as the pool's are, so the database
 * availability (src/db/availability.ts) sees them.
 */
export async function inTransaction<T>(db: Knex, work: (trx: Transaction) => Promise<T>, options: { isolationLevel?: IsolationLevel } = {}): Promise<T> {
  const client = db.client as PoolClient;
  const connection = await client.acquireConnection();
  const trx = new Transaction(client, connection);
  try {
    await trx.send(options.isolationLevel ? `BEGIN ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}` : 'BEGIN');
    let result: T;
    try {
      result = await work(trx);
    } catch (error) {
      trx.completed = true;
      await trx.send('ROLLBACK').catch(() => dispose(connection));
      throw error;
    }
    trx.completed = true;
    // A COMMIT that failed may not have reached the server: the connection's state is unknown.
    await trx.send('COMMIT').catch((error: unknown) => {
      dispose(connection);
      throw error;
    });
    return result;
  } finally {
    trx.completed = true;
    await client.releaseConnection(connection);
  }
}

/**
 * A transaction on one pooled connection: the service's statements run through it (compiled
 * statements through {@link Transaction.query}, the few others through {@link Transaction.raw}).
 * Opened and ended only by {@link inTransaction}.
 */
export class Transaction {
  /** Set by inTransaction when it commits or rolls back (inTransaction's, not its callers'). */
  completed = false;

  constructor(
    private readonly client: PoolClient,
    private readonly connection: PooledConnection,
  ) {}

  /** True once it committed or rolled back: a statement then is refused, never run outside it. */
  isCompleted(): boolean {
    return this.completed;
  }

  /** One statement with `$n` placeholders; `name` makes it a named prepared statement. */
  query(text: string, values: readonly unknown[], name?: string): Promise<StatementResult> {
    if (this.completed) return Promise.reject(new Error(`statement ${name ?? text} on a finished transaction`));
    return this.send(text, values, name);
  }

  /** One statement with knex's `?` placeholders, answered as pg answers (rows, rowCount). */
  async raw<Row = unknown>(sql: string, bindings: readonly unknown[] = []): Promise<{ rows: Row[]; rowCount: number | null }> {
    const native = builder.raw(sql, bindings as Knex.RawBinding[]).toSQL().toNative();
    return (await this.query(native.sql, native.bindings)) as { rows: Row[]; rowCount: number | null };
  }

  /** Sends a statement whether or not the transaction is over: inTransaction's BEGIN, COMMIT and ROLLBACK. */
  send(text: string, values: readonly unknown[] = [], name?: string): Promise<StatementResult> {
    return runStatement(this.client, this.connection, text, values, name);
  }
}

/**
 * knex's own mark of a broken connection: the pool destroys it instead of handing it out again
 * (and logs the reason: a fixed text, never a server message that might quote a value).
 */
function dispose(connection: PooledConnection): void {
  connection.__knex__disposed ??= 'a transaction on it ended in an unknown state';
}
