import knex from 'knex';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';

export type { Knex };

/**
 * The API speaks ISO strings for dates and instants (that is what the generated types say), so
 * the driver hands them over as strings instead of JS Date objects:
 * `date` stays `YYYY-MM-DD`, `timestamptz` becomes an ISO 8601 UTC instant.
 */
function installTypeParsers(): void {
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
}

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  /**
   * Longest a statement may run (PostgreSQL `statement_timeout`, lock waits included) and a
   * transaction may sit idle (`idle_in_transaction_session_timeout`); pg's client-side
   * `query_timeout`, a second later, covers a server that does not answer at all. 0: no limit
   * (migrations, which may rewrite a table).
   */
  statementTimeoutMs: number;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  logger?: Logger;
}

export function createKnex({ url, poolMax, statementTimeoutMs, logger }: DatabaseOptions): Knex {
  installTypeParsers();
  return knex({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: 'patient-service',
      // Startup parameters: set once per pooled connection, no extra round trip per query.
      ...(statementTimeoutMs > 0 && {
        statement_timeout: statementTimeoutMs,
        idle_in_transaction_session_timeout: statementTimeoutMs,
        query_timeout: statementTimeoutMs + 1_000,
      }),
    },
    pool: { min: 0, max: poolMax },
    // A request waits at most this long for a pooled connection before it fails with 503.
    acquireConnectionTimeout: 5_000,
    log: {
      // knex's messages are about connections and deprecations, never about row values.
      warn: (message: unknown) => logger?.warn({ source: 'knex' }, String(message)),
      error: (message: unknown) => logger?.error({ source: 'knex' }, String(message)),
      deprecate: (message: unknown) => logger?.warn({ source: 'knex' }, String(message)),
      debug: (message: unknown) => logger?.debug({ source: 'knex' }, String(message)),
    },
  });
}
