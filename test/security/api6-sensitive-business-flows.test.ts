import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { RateLimits } from '../../src/rate-limit/limiter';
import { startTestApp, type TestApp } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { fullPatientInput } from '../support/patients';
import { bearer } from '../support/tokens';

// OWASP API6:2023 Unrestricted Access to Sensitive Business Flows: harvesting every patient
// (with diagnosis) through the list. Two brakes: a page holds at most 100 patients (the
// contract's `limit` maximum), and every page is paid for from the caller's budget.

const PATIENTS = 250;
const LIST_COST = 5;

let seeder: TestApp;
let rateLimits: RateLimits;
let harvesterApi: ReturnType<typeof supertest>;

beforeAll(async () => {
  seeder = await startTestApp();
  for (let i = 0; i < PATIENTS; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, PATIENTS - i) }, (_, j) => seeder.api.post('/api/patients').send(fullPatientInput({ lastName: `Harvest${i + j}` })).expect(201)),
    );
  }
  // Budget for exactly two pages.
  rateLimits = new RateLimits({ points: 2 * LIST_COST, windowSeconds: 60, logger: createLogger('silent') });
  harvesterApi = supertest(createApp({ ...(await appDependencies(seeder.database.db)), rateLimits }));
}, 60_000);
afterAll(async () => {
  rateLimits.close();
  await seeder.close();
});

describe('API6 bulk harvesting through the list', () => {
  it('refuses a page larger than 100 patients', async () => {
    const response = await seeder.api.get('/api/patients').query({ limit: 101 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'query.limit' })]);
  });

  it('stops a caller paging through every patient once its budget is spent, with 429 and when to come back', async () => {
    const harvester = await bearer({ clientId: `harvester-${randomUUID()}` });
    const harvested = new Set<string>();
    let refused: supertest.Response | undefined;
    for (let offset = 0; offset < PATIENTS && !refused; offset += 100) {
      const page = await harvesterApi.get('/api/patients').query({ limit: 100, offset }).set('Authorization', harvester);
      if (page.status === 429) refused = page;
      else (page.body as { data: { id: string }[] }).data.forEach((patient) => harvested.add(patient.id));
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(harvested.size).toBe(200);
    expect(harvested.size).toBeLessThan(PATIENTS);
  });

  it('gives a caller using small pages no more: each page costs the same', async () => {
    const harvester = await bearer({ clientId: `harvester-${randomUUID()}` });
    const statuses = [];
    for (let page = 0; page < 3; page += 1) statuses.push((await harvesterApi.get('/api/patients').query({ limit: 10, offset: page * 10 }).set('Authorization', harvester)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
