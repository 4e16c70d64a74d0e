import path from 'node:path';
import { loadConfig } from '../config';
import { embeddedPostgres } from './embedded-postgres';
import { createKnex } from './knex';
import { migrateToLatest } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await embeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort, database: 'patients' });
  await embedded?.start();
  const db = createKnex({ url: config.databaseUrl ?? embedded!.url, poolMax: 1 });
  try {
    const applied = await migrateToLatest(db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
