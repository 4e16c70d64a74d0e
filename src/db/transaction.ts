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
 * pipeline: 81-95 against 53-76 µs of CPU per transaction of one statement in the warm rounds of
 * bench/experiments/transaction-cost.ts; every write has one.
 * Its statements are reported to knex's query events as the pool's are, so the database
 * availability (src/db/availability.ts) sees them.
 */
export function inTransaction<T>(db: Knex, work: (trx: Transaction) => Promise<T>, options: { isolationLevel?: IsolationLevel } = {}): Promise<T> {
  return Transaction.run(db.client as PoolClient, work, options.isolationLevel);
}

/**
 * A transaction on one pooled connection: the service's statements run through it (compiled
 * statements through {@link Transaction.query}, the few others through {@link Transaction.raw}).
 * Opened and ended only by {@link inTransaction}: BEGIN, COMMIT and ROLLBACK are its own.
 */
export class Transaction {
  #completed = false;
  /** Statements sent and not yet answered: COMMIT waits for them, and none of them may have failed. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #failed: unknown;

  private constructor(
    private readonly client: PoolClient,
    private readonly connection: PooledConnection,
  ) {}

  static async run<T>(client: PoolClient, work: (trx: Transaction) => Promise<T>, isolationLevel: IsolationLevel | undefined): Promise<T> {
    const connection = await client.acquireConnection();
    const trx = new Transaction(client, connection);
    try {
      await trx.#send(isolationLevel ? `BEGIN ISOLATION LEVEL ${isolationLevel.toUpperCase()}` : 'BEGIN').catch((error: unknown) => {
        dispose(connection);
        throw error;
      });
      let result: T;
      try {
        result = await work(trx);
        // A statement the work did not wait for: COMMIT only after it, and not if it failed.
        await Promise.allSettled(trx.#inFlight);
        if (trx.#failed !== undefined) throw trx.#failed instanceof Error ? trx.#failed : new Error('a statement of the transaction failed');
      } catch (error) {
        trx.#completed = true;
        await Promise.allSettled(trx.#inFlight);
        await trx.#send('ROLLBACK').catch(() => dispose(connection));
        throw error;
      }
      trx.#completed = true;
      const commit = await trx.#send('COMMIT').catch((error: unknown) => {
        // A COMMIT that failed may not have reached the server: the connection's state is unknown.
        dispose(connection);
        throw error;
      });
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not with an error.
      if (commit.command !== undefined && commit.command !== 'COMMIT') throw new Error(`the transaction was rolled back (the server answered ${commit.command} to COMMIT)`);
      return result;
    } finally {
      trx.#completed = true;
      await client.releaseConnection(connection);
    }
  }

  /** True once it committed or rolled back: a statement then is refused, never run outside it. */
  isCompleted(): boolean {
    return this.#completed;
  }

  /** One statement with `$n` placeholders; `name` makes it a named prepared statement. */
  query(text: string, values: readonly unknown[], name?: string): Promise<StatementResult> {
    if (this.#completed) return Promise.reject(new Error(`statement ${name ?? text} on a finished transaction`));
    const sent = this.#send(text, values, name);
    this.#inFlight.add(sent);
    sent.then(
      () => this.#inFlight.delete(sent),
      (error: unknown) => {
        this.#failed ??= error;
        this.#inFlight.delete(sent);
      },
    );
    return sent;
  }

  /** One statement with knex's `?` placeholders, answered as pg answers (rows, rowCount). */
  async raw<Row = unknown>(sql: string, bindings: readonly unknown[] = []): Promise<{ rows: Row[]; rowCount: number | null }> {
    const native = builder.raw(sql, bindings as Knex.RawBinding[]).toSQL().toNative();
    return (await this.query(native.sql, native.bindings)) as { rows: Row[]; rowCount: number | null };
  }

  #send(text: string, values: readonly unknown[] = [], name?: string): Promise<StatementResult> {
    return runStatement(this.client, this.connection, text, values, name);
  }
}

/**
 * knex's own mark of a broken connection: the pool destroys it instead of handing it out again
 * (and logs the reason: this fixed text, or the connection error knex recorded first).
 */
function dispose(connection: PooledConnection): void {
  connection.__knex__disposed ??= 'a transaction on it ended in an unknown state';
}
