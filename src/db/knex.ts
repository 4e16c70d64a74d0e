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
   * transaction may sit idle (`idle_in_transaction_session_timeout`); a client-side read timeout,
   * {@link QUERY_TIMEOUT_MARGIN_MS} later, covers a server that does not answer at all (frozen, or
   * its host gone): see giveUpOnSilentServer. 0: no limit (migrations, which may rewrite a table).
   */
  statementTimeoutMs: number;
  /** Longest a query waits for a pooled connection, opening one included (default 2 s). */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  logger?: Logger;
}

/** What afterCreate sees of a pooled connection: a pg.Client and its socket. */
type PooledClient = pg.Client & {
  connection?: { stream?: { destroy(): void } };
  __knex__disposed?: unknown;
  /** The callbacks of this connection's statements that are still waiting for the server, by call number. */
  __waiting?: Map<number, QueryCallback>;
};
type QueryCallback = (error: Error | null, result?: unknown) => void;
type Query = (config: unknown, values?: unknown, callback?: QueryCallback) => unknown;

/** The message pg's own `query_timeout` uses too (the relay's connection has that one): one entry in connection-errors.ts. */
const READ_TIMEOUT_MESSAGE = 'Query read timeout';

/** A statement's read timeout ran out: fail it, and give the connection up (see {@link giveUpOnSilentServer}). */
function onSilentServer(connection: PooledClient, call: number): void {
  const callback = connection.__waiting?.get(call);
  if (callback === undefined) return;
  connection.__waiting!.delete(call);
  const error = new Error(READ_TIMEOUT_MESSAGE);
  connection.__knex__disposed = error;
  connection.connection?.stream?.destroy();
  callback(error);
}

/**
 * The client-side read timeout of every statement on `connection`: a server that takes TCP but
 * never answers (frozen, or its host gone) fails the statement after `readTimeoutMs`, and the
 * connection is given up (its socket closed), so what is queued on it fails at once instead of
 * queueing behind the unanswered statement (the ROLLBACK of the failed transaction, say), and the
 * pool opens a fresh one when the server is back.
 *
 * Not pg's own `query_timeout`, whose timer's closure holds the query: with it, `/health/ready`
 * under 32 connections kept 22 % of the young objects alive through a scavenge and promoted
 * 1.4-1.6 MB per scavenge; with this one 9 % and 0.13-0.19 MB (README, Performance; why a closure
 * makes that difference is not established). This timer holds only the connection and a call
 * number; the callback waits in a map on the connection.
 *
 * Covers the forms the service uses: `(config, callback)` (knex), `(config)` returning a promise
 * (the compiled statements) and `(text, values[, callback])`. A Submittable (a cursor or a
 * stream, with a `submit` method; none is used today) passes through untimed: it reports on its
 * own events, not through a callback.
 */
function giveUpOnSilentServer(connection: PooledClient, readTimeoutMs: number): void {
  const query = connection.query.bind(connection) as Query;
  const waiting = new Map<number, QueryCallback>();
  connection.__waiting = waiting;
  let calls = 0;
  const timed = (config: unknown, values: unknown, callback: QueryCallback): void => {
    const call = ++calls;
    waiting.set(call, callback);
    const timer = setTimeout(onSilentServer, readTimeoutMs, connection, call);
    const answered: QueryCallback = (error, result) => {
      clearTimeout(timer);
      // Already failed by the read timeout: what pg reports after that (the closed socket) is not news.
      if (!waiting.delete(call)) return;
      callback(error, result);
    };
    try {
      if (values === undefined) query(config, answered);
      else query(config, values, answered);
    } catch (error) {
      // pg refused the call synchronously (no config, say): nothing is waiting for the server.
      clearTimeout(timer);
      waiting.delete(call);
      throw error;
    }
  };
  (connection as { query: unknown }).query = (config: unknown, values?: unknown, callback?: QueryCallback) => {
    if (typeof (config as { submit?: unknown } | null)?.submit === 'function') return query(config, values, callback);
    if (typeof values === 'function') return timed(config, undefined, values as QueryCallback);
    if (typeof callback === 'function') return timed(config, values, callback);
    return new Promise((resolve, reject) => timed(config, values, (error, result) => (error ? reject(error) : resolve(result))));
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
      }),
    },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (connection: PooledClient, done: (error: Error | null, connection: PooledClient) => void) => {
        if (statementTimeoutMs > 0) giveUpOnSilentServer(connection, statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS);
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
