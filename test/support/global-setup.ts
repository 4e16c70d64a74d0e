import knex from 'knex';
import { migrateToLatest } from '../../src/db/migrate';
import { startThrowAwayPostgres } from './postgres-server';
import { templateDatabase, withDatabase } from './database-url';

/**
 * Starts one real PostgreSQL for the whole run (unless DATABASE_URL points at one) and builds a
 * migrated template database; each test file clones it into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const server = await startThrowAwayPostgres();
    (globalThis as { __postgres__?: { remove(): Promise<void> } }).__postgres__ = server;
    adminUrl = server.url;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = `patient_service_test_template_${process.pid}`;
  const TEMPLATE_DATABASE = templateDatabase();

  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.destroy();
  }
  const template = knex({ client: 'pg', connection: withDatabase(adminUrl, TEMPLATE_DATABASE), pool: { min: 0, max: 1 } });
  try {
    await migrateToLatest(template);
  } finally {
    await template.destroy();
  }
}
