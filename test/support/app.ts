import supertest from 'supertest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  api: supertest.Agent;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app, in process, on a database of its own, with response validation on. */
export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = createApp({ db: database.db, logger: createLogger(process.env.LOG_LEVEL ?? 'silent'), validateResponses: true });
  return { api: supertest.agent(app), database, close: () => database.drop() };
}
