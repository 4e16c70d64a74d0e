import supertest from 'supertest';
import { createApp, type AppDependencies } from '../../src/app';
import { createTestDatabase, type TestDatabase } from './database';
import { appDependencies } from './app-dependencies';

export interface TestApp {
  api: supertest.Agent;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app, in process, on a database of its own, with response validation on.
 * `extra` replaces dependencies (a capturing logger, health checks with a relay) and gets the
 * database first.
 */
export async function startTestApp(extra: (database: TestDatabase) => Partial<AppDependencies> = () => ({})): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = createApp({ ...(await appDependencies(database.db)), ...extra(database) });
  return { api: supertest.agent(app), database, close: () => database.drop() };
}
