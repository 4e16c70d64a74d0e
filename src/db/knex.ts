import knex from 'knex';
import type { Knex } from 'knex';
import pg from 'pg';

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
}

export function createKnex({ url, poolMax }: DatabaseOptions): Knex {
  installTypeParsers();
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'patient-service' },
    pool: { min: 0, max: poolMax },
    // A request waits at most this long for a pooled connection before it fails with 503.
    acquireConnectionTimeout: 5_000,
  });
}
