import type { Knex } from 'knex';
import { COMPILED, MIGRATIONS_DIR } from '../paths';

/** Migrations are .ts in the repository and .js in the build. */
export const migrationConfig: Knex.MigratorConfig = {
  directory: MIGRATIONS_DIR,
  loadExtensions: [COMPILED ? '.js' : '.ts'],
  tableName: 'knex_migrations',
};

/** Applies every pending migration; returns the names of those applied now. */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

/** True when every migration in `migrations/` has been applied. */
export async function isMigrated(db: Knex): Promise<boolean> {
  const [, pending] = (await db.migrate.list(migrationConfig)) as [unknown[], unknown[]];
  return pending.length === 0;
}
