import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { createKnex } from './knex';
import { COMPILED, MIGRATIONS_DIR } from '../file-locations';
import { assertRequiredFeatures } from './required-features';

/** Migrations are .ts in the repository and .js in the build. */
export const migrationConfig: Knex.MigratorConfig = {
  directory: MIGRATIONS_DIR,
  loadExtensions: [COMPILED ? '.js' : '.ts'],
  tableName: 'knex_migrations',
};

/**
 * Applies every pending migration; returns the names of those applied now. Checks first that
 * the server has the extensions and ICU the schema needs (MissingDatabaseFeaturesError).
 */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  await assertRequiredFeatures(db);
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

/**
 * Applies pending migrations on a connection of their own without the request pool's statement
 * timeout (DB_STATEMENT_TIMEOUT_MS): a migration may rewrite a table or wait for a lock longer
 * than any request should.
 */
export async function migrateWithoutStatementTimeout(url: string, logger?: Logger): Promise<string[]> {
  // A database that has just started may be slow to take the first connection.
  const db = createKnex({ url, poolMax: 1, statementTimeoutMs: 0, acquireTimeoutMs: 10_000, logger });
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/**
 * True when every migration in `migrations/` has been applied. Migrations applied that this
 * version does not know (a newer version migrated first, during a rolling deployment) do not
 * count against it: knex's list would throw "migration directory is corrupt" for them.
 */
export async function isMigrated(db: Knex): Promise<boolean> {
  const [, pending] = (await db.migrate.list({ ...migrationConfig, disableMigrationsListValidation: true })) as [unknown[], unknown[]];
  return pending.length === 0;
}
