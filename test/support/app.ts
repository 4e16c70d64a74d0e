import supertest from 'supertest';
import { createApp, type AppDependencies } from '../../src/app';
import { Metrics } from '../../src/metrics/metrics';
import { createMetricsApp } from '../../src/metrics/metrics-app';
import { createTestDatabase, type TestDatabase } from './database';
import { appDependencies } from './app-dependencies';
import { bearer } from './tokens';

export interface TestApp {
  api: supertest.Agent;
  /** The metrics port's app (METRICS_PORT), counting the requests of `api`. */
  metrics: supertest.Agent;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A supertest agent whose every request carries a token with all scopes; the access tests make their own. */
export async function authorizedAgent(app: Parameters<typeof supertest.agent>[0]): Promise<supertest.Agent> {
  return supertest.agent(app).set('Authorization', await bearer());
}

/**
 * The real app, in process, on a database of its own, with response validation on; `api`
 * sends a token with every scope.
 * `metrics` scrapes what `api` counted, as the metrics port does.
 * `extra` replaces dependencies (a capturing logger, health checks with a relay) and gets the
 * database first.
 */
export async function startTestApp(extra: (database: TestDatabase) => Partial<AppDependencies> = () => ({})): Promise<TestApp> {
  const database = await createTestDatabase();
  const dependencies = { ...(await appDependencies(database.db)), ...extra(database) };
  const metrics = dependencies.metrics ?? new Metrics({ db: database.db, relay: dependencies.health?.relay });
  const app = createApp({ ...dependencies, metrics });
  return { api: await authorizedAgent(app), metrics: supertest.agent(createMetricsApp(metrics)), database, close: () => database.drop() };
}
