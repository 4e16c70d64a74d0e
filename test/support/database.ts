import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { loadConfig } from '../../src/config';
import { createKnex, type Knex } from '../../src/db/knex';
import { templateDatabase, withDatabase } from './database-url';

/**
 * The tests' pools run with wider bounds than production's defaults (DB_STATEMENT_TIMEOUT_MS and
 * DB_ACQUIRE_TIMEOUT_MS, 2 s each): on the shared 2-core machine the event loop of a jest worker
 * stalls for seconds (compiling the validators of a new app), and a client-side timer that fires
 * late counts the stall as an unanswered query. test/faults/frozen-database.test.ts proves the
 * production bounds, on a pool of its own.
 */
export const TEST_STATEMENT_TIMEOUT_MS = Math.max(5_000, loadConfig({}).dbStatementTimeoutMs);
export const TEST_ACQUIRE_TIMEOUT_MS = Math.max(5_000, loadConfig({}).dbAcquireTimeoutMs);
/** What the service runs with unless told otherwise. */
export const PRODUCTION_DEFAULTS = { statementTimeoutMs: loadConfig({}).dbStatementTimeoutMs, acquireTimeoutMs: loadConfig({}).dbAcquireTimeoutMs };

export interface TestDatabase {
  db: Knex;
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests with `npm test`.');
  return url;
}

async function withAdmin<T>(work: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = knex({ client: 'pg', connection: adminUrl(), pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** A fresh, migrated database of this test file's own, on the run's real PostgreSQL. */
export async function createTestDatabase({ statementTimeoutMs = TEST_STATEMENT_TIMEOUT_MS }: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const name = `patient_service_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.raw(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`));
  const url = withDatabase(adminUrl(), name);
  const db = createKnex({ url, poolMax: 10, statementTimeoutMs, acquireTimeoutMs: TEST_ACQUIRE_TIMEOUT_MS });
  return {
    db,
    url,
    name,
    async drop() {
      await db.destroy();
      await withAdmin((admin) => admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
