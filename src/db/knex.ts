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
  /** Where knex's own warnings go (it prints to the console otherwise). */
  logger?: Logger;
}

export function createKnex({ url, poolMax, logger }: DatabaseOptions): Knex {
  installTypeParsers();
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'patient-service' },
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
