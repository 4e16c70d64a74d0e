import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

/** A new user starts the service and reads its log: it must say where the docs are. */
let database: TestDatabase;
let service: ServiceProcess | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await service?.kill('SIGTERM');
  await database.drop();
});

describe('the startup log', () => {
  it('names the URLs of the API docs (REST and events), which answer', async () => {
    service = await startServiceProcess({ DATABASE_URL: database.url }, 90_000);
    const port = new URL(service.baseUrl).port;
    const line = service
      .output()
      .split('\n')
      .find((l) => l.includes('API docs on'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ docs: `http://localhost:${port}/docs`, eventDocs: `http://localhost:${port}/docs/events` });
    for (const page of ['/docs', '/docs/events']) expect((await fetch(`${service.baseUrl}${page}`)).status).toBe(200);
  }, 120_000);
});
