import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { RateLimits, type RateLimitOptions } from '../../src/rate-limit/limiter';
import { rateLimitRedis, redisReady } from '../../src/rate-limit/redis-client';
import { createLogger } from '../../src/logger';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { captureLogs } from '../support/log-capture';
import { openapiSpec } from '../support/openapi-spec';
import { describeWithRedis, REDIS_URL } from '../support/redis';
import { startServiceProcess } from '../support/service-process';
import { bearer } from '../support/tokens';

// OWASP API4:2023 Unrestricted Resource Consumption.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const silent = createLogger('silent');
const opened: RateLimits[] = [];
afterAll(() => opened.forEach((limits) => limits.close()));

function limits(options: Partial<RateLimitOptions> & { points: number }): RateLimits {
  const created = new RateLimits({ windowSeconds: 60, logger: silent, ...options });
  opened.push(created);
  return created;
}

async function appWith(rateLimits: RateLimits): Promise<ReturnType<typeof supertest>> {
  return supertest(createApp({ ...(await appDependencies(database.db)), rateLimits }));
}

/** A caller of its own: its token's client_id is new to every limiter. */
async function newCaller(): Promise<string> {
  return bearer({ clientId: `client-${randomUUID()}`, subject: `sub-${randomUUID()}` });
}

const aPatient = (): string => `/api/patients/${randomUUID()}`;
const remaining = (header: string | undefined): number => Number(/;r=(\d+)/.exec(header ?? '')?.[1]);

describe('API4 rate limits per caller', () => {
  it('answers 429 problem+json with Retry-After and the RateLimit headers once a caller has spent its budget', async () => {
    const api = await appWith(limits({ points: 3 }));
    const caller = await newCaller();
    for (const left of [2, 1, 0]) {
      const response = await api.get(aPatient()).set('Authorization', caller);
      expect(response.status).toBe(404);
      expect(response.headers['ratelimit-policy']).toBe('"per-caller";q=3;w=60');
      expect(remaining(response.headers.ratelimit)).toBe(left);
    }
    const refused = await api.get(aPatient()).set('Authorization', caller);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: '/problems/rate-limited', title: 'Too Many Requests', status: 429 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-policy']).toBe('"per-caller";q=3;w=60');
    expect(refused.headers.ratelimit).toBe(`"per-caller";r=0;t=${retryAfter}`);
  });

  it('keeps other callers unaffected: one budget per client and subject, whatever the token', async () => {
    const api = await appWith(limits({ points: 1 }));
    const clientId = `client-${randomUUID()}`;
    expect((await api.get(aPatient()).set('Authorization', await bearer({ clientId, subject: 'user-a' }))).status).toBe(404);
    // The same caller with a fresh token: the same budget.
    expect((await api.get(aPatient()).set('Authorization', await bearer({ clientId, subject: 'user-a', ttlSeconds: 300 }))).status).toBe(429);
    // Another user of the same app is not held back by user-a.
    expect((await api.get(aPatient()).set('Authorization', await bearer({ clientId, subject: 'user-b' }))).status).toBe(404);
    expect((await api.get(aPatient()).set('Authorization', await newCaller())).status).toBe(404);
  });

  it('lets the caller in again once the window has passed', async () => {
    const api = await appWith(limits({ points: 1, windowSeconds: 1 }));
    const caller = await newCaller();
    expect((await api.get(aPatient()).set('Authorization', caller)).status).toBe(404);
    const refused = await api.get(aPatient()).set('Authorization', caller);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await api.get(aPatient()).set('Authorization', caller)).status).toBe(404);
  });

  it('charges a list more than a read, and a write more than both (the cost of the operation in openapi.yaml)', async () => {
    const api = await appWith(limits({ points: 100 }));
    const read = await api.get(aPatient()).set('Authorization', await newCaller());
    const list = await api.get('/api/patients').set('Authorization', await newCaller());
    // Charged before the body is validated: an invalid write costs what a write costs.
    const write = await api.post('/api/patients').set('Authorization', await newCaller()).send({});
    expect([read.status, list.status, write.status]).toEqual([404, 200, 400]);
    const [readCost, listCost, writeCost] = [read, list, write].map((response) => 100 - remaining(response.headers.ratelimit));
    expect(readCost).toBe(1);
    expect(listCost).toBeGreaterThan(readCost!);
    expect(writeCost).toBeGreaterThan(listCost!);
  });

  it('limits requests refused before authentication by the client address, apart from the callers it lets in', async () => {
    const api = await appWith(limits({ points: 2 }));
    expect((await api.get('/api/patients')).status).toBe(401);
    expect((await api.get('/api/patients').set('Authorization', 'Bearer garbage')).status).toBe(401);
    const refused = await api.get('/api/patients').set('Authorization', 'Bearer garbage');
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('/problems/rate-limited');
    // A verified caller from the same address has its own budget.
    expect((await api.get(aPatient()).set('Authorization', await newCaller())).status).toBe(404);
  });

  it('prices every /api operation and declares its 429 in openapi.yaml', () => {
    const paths = (openapiSpec as unknown as { paths: Record<string, Record<string, { 'x-rate-limit-cost'?: number; responses?: Record<string, unknown> }>> }).paths;
    const operations = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api'))
      .flatMap(([, item]) => Object.entries(item).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)));
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const [, operation] of operations) {
      expect(operation['x-rate-limit-cost']).toEqual(expect.any(Number));
      expect(operation.responses?.['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    }
  });

  it('keeps limiting per instance when Redis does not answer, saying so once', async () => {
    const logs = captureLogs();
    // A port nothing listens on: every command fails at once (no offline queue).
    const redis = rateLimitRedis('redis://127.0.0.1:1', 200);
    try {
      const rateLimits = limits({ points: 2, redis, logger: logs.logger });
      // Charges that find Redis failing at the same moment.
      expect((await Promise.all([1, 2, 3].map(() => rateLimits.charge('client:concurrent', 1)))).map((charge) => charge.allowed)).toEqual([true, true, false]);
      const api = await appWith(rateLimits);
      const caller = await newCaller();
      // All at once: several requests find Redis failing at the same moment.
      const statuses = await Promise.all(Array.from({ length: 4 }, async () => (await api.get(aPatient()).set('Authorization', caller)).status));
      expect(statuses.sort()).toEqual([404, 404, 429, 429]);
      expect(logs.records().filter((line) => /Redis does not answer/.test(String(line.msg)))).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});

describeWithRedis('API4 rate limits shared through Redis', () => {
  it('makes two instances on one Redis share one budget per caller', async () => {
    const clients = [rateLimitRedis(REDIS_URL, 1_000), rateLimitRedis(REDIS_URL, 1_000)];
    try {
      expect(await Promise.all(clients.map((client) => redisReady(client, 5_000)))).toEqual([true, true]);
      const [first, second] = await Promise.all(clients.map(async (redis) => appWith(limits({ points: 4, redis }))));
      const caller = await newCaller();
      const statuses = [];
      for (const api of [first!, second!, first!, second!]) statuses.push((await api.get(aPatient()).set('Authorization', caller)).status);
      expect(statuses).toEqual([404, 404, 404, 404]);
      expect((await second!.get(aPatient()).set('Authorization', caller)).status).toBe(429);
      expect((await first!.get(aPatient()).set('Authorization', caller)).status).toBe(429);
      // Alone, each instance would still have had half its budget left: the count is shared.
      expect((await first!.get(aPatient()).set('Authorization', await newCaller())).status).toBe(404);
    } finally {
      clients.forEach((client) => client.disconnect());
    }
  });

  it('is what the service process does with REDIS_URL: two processes, one budget', async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL, RATE_LIMIT_POINTS: '3' };
    const [first, second] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
    try {
      expect(first.output()).toMatch(/rate limits shared through Redis/);
      const clientId = `client-${randomUUID()}`;
      const get = async (service: typeof first): Promise<number> =>
        (await fetch(`${service.baseUrl}${aPatient()}`, { headers: { authorization: await service.authorization({ scopes: ['patients.read'], clientId }) } })).status;
      expect([await get(first), await get(second), await get(first), await get(second)]).toEqual([404, 404, 404, 429]);
    } finally {
      await Promise.all([first.kill('SIGTERM'), second.kill('SIGTERM')]);
    }
  }, 90_000);
});
