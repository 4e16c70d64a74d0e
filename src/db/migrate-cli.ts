import path from 'node:path';
import { loadConfig } from '../config';
import { embeddedPostgres } from './embedded-postgres';
import { migrateWithoutStatementTimeout } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await embeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort, database: 'patients' });
  await embedded?.start();
  try {
    const applied = await migrateWithoutStatementTimeout(config.databaseUrl ?? embedded!.url);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
