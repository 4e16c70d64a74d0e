import supertest from 'supertest';
import { createApp } from '../../src/app';
import { createTestDatabase, type TestDatabase } from './database';
import { appDependencies } from './app-dependencies';

export interface TestApp {
  api: supertest.Agent;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app, in process, on a database of its own, with response validation on. */
export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = createApp(await appDependencies(database.db));
  return { api: supertest.agent(app), database, close: () => database.drop() };
}
