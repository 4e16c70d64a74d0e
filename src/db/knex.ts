import knex from 'knex';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';
import { installTypeParsers, SESSION_OPTIONS } from './type-parsers';

export type { Knex };

/** How much longer than the statement timeout the client waits for an answer before it gives the connection up. */
export const QUERY_TIMEOUT_MARGIN_MS = 500;

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  /**
   * Longest a statement may run (PostgreSQL `statement_timeout`, lock waits included) and a
   * transaction may sit idle (`idle_in_transaction_session_timeout`); pg's client-side
   * `query_timeout`, {@link QUERY_TIMEOUT_MARGIN_MS} later, covers a server that does not answer
   * at all (frozen, or its host gone). 0: no limit (migrations, which may rewrite a table).
   */
  statementTimeoutMs: number;
  /** Longest a query waits for a pooled connection, opening one included (default 2 s). */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  logger?: Logger;
}

/** What afterCreate sees of a pooled connection: a pg.Client and its socket. */
type PooledClient = pg.Client & { connection?: { stream?: { destroy(): void } }; __knex__disposed?: unknown };
type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * pg's `query_timeout` fails the query but keeps the connection: the next statement on it (the
 * ROLLBACK of the failed transaction) then queues behind the unanswered one and hangs as long as
 * the server does. A connection whose server stopped answering is of no use: close its socket,
 * so what is queued on it fails at once and the pool opens a fresh one when the server is back.
 */
function dropConnectionOnReadTimeout(connection: PooledClient): void {
  const query = connection.query.bind(connection) as (config: unknown, callback?: QueryCallback) => unknown;
  (connection as { query: unknown }).query = (config: unknown, callback?: QueryCallback) => {
    if (typeof callback !== 'function') return query(config, callback);
    return query(config, (error, result) => {
      if (error?.message === 'Query read timeout') {
        connection.__knex__disposed = error;
        connection.connection?.stream?.destroy();
      }
      callback(error, result);
    });
  };
}

export function createKnex({ url, poolMax, statementTimeoutMs, acquireTimeoutMs = 2_000, logger }: DatabaseOptions): Knex {
  installTypeParsers();
  return knex({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: 'patient-service',
      // A server that accepts TCP but never answers the startup (frozen) fails the connect in time.
      connectionTimeoutMillis: acquireTimeoutMs,
      // A peer that vanished (host down, network cut) is noticed by the kernel, not only by a timeout.
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
      // Startup parameters: set once per pooled connection, no extra round trip per query.
      options: SESSION_OPTIONS,
      ...(statementTimeoutMs > 0 && {
        statement_timeout: statementTimeoutMs,
        idle_in_transaction_session_timeout: statementTimeoutMs,
        query_timeout: statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
      }),
    },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (connection: PooledClient, done: (error: Error | null, connection: PooledClient) => void) => {
        if (statementTimeoutMs > 0) dropConnectionOnReadTimeout(connection);
        done(null, connection);
      },
    },
    // A request waits at most this long for a pooled connection before it fails with 503.
    acquireConnectionTimeout: acquireTimeoutMs,
    log: {
      // knex's messages are about connections and deprecations, never about row values.
      warn: (message: unknown) => logger?.warn({ source: 'knex' }, String(message)),
      error: (message: unknown) => logger?.error({ source: 'knex' }, String(message)),
      deprecate: (message: unknown) => logger?.warn({ source: 'knex' }, String(message)),
      debug: (message: unknown) => logger?.debug({ source: 'knex' }, String(message)),
    },
  });
}
