import knex from 'knex';
import { templateDatabase } from './database-url';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __postgres__?: { remove(): Promise<void> } };
  if (holder.__postgres__) {
    await holder.__postgres__.remove();
    return;
  }
  // An external server (DATABASE_URL): leave it as we found it.
  const admin = knex({ client: 'pg', connection: process.env.TEST_ADMIN_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${templateDatabase()} WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}
