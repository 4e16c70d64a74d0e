import { startTestApp, type TestApp } from '../support/app';
import { startServiceProcess } from '../support/service-process';
import { createTestDatabase, type TestDatabase } from '../support/database';

// OWASP API8:2023 Security Misconfiguration: a production service cannot start trusting the
// local development issuer (there is no way to run it without token checks) nor without the
// shared key of the list cursors; every response
// carries the headers a browser needs (nosniff, no-store for patient data, HSTS over TLS), CORS
// only for configured origins, errors leak nothing, /metrics is not on the API port.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('API8 security misconfiguration', () => {
  it('refuses to start in production without OIDC_ISSUER, saying why', async () => {
    await expect(startServiceProcess({ DATABASE_URL: database.url, OIDC_ISSUER: '' })).rejects.toThrow(/Refusing to start: OIDC_ISSUER must be set when NODE_ENV=production/);
  }, 120_000);

  it('refuses to start in production without LIST_CURSOR_KEY, or with one that is not a key, saying why and never echoing it', async () => {
    await expect(startServiceProcess({ DATABASE_URL: database.url, LIST_CURSOR_KEY: '' })).rejects.toThrow(/Refusing to start: LIST_CURSOR_KEY must be set when NODE_ENV=production/);
    const refused = await startServiceProcess({ DATABASE_URL: database.url, LIST_CURSOR_KEY: 'Sup3r-Secret-but-short' }).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/LIST_CURSOR_KEY must be 32 random bytes, base64url-encoded/);
    expect(refused).not.toContain('Sup3r-Secret-but-short');
  }, 120_000);

  it('starts in production with an issuer and accepts only its tokens', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url });
    try {
      const ok = await fetch(`${service.baseUrl}/api/patients`, { headers: { authorization: await service.authorization({ scopes: ['patients.read'] }) } });
      expect(ok.status).toBe(200);
      // A token of the same key but the local issuer's name: not this service's issuer.
      const foreign = await fetch(`${service.baseUrl}/api/patients`, { headers: { authorization: await service.authorization({ scopes: ['patients.read'], issuer: 'urn:patient-service:local-issuer' }) } });
      expect(foreign.status).toBe(401);
    } finally {
      await service.kill('SIGTERM');
    }
  }, 120_000);
});

describe('API8 headers on every response', () => {
  let app: TestApp;
  let id: string;
  beforeAll(async () => {
    app = await startTestApp();
    id = (await app.api.post('/api/patients').send({ firstName: 'Kopf', lastName: 'Zeile' }).expect(201)).body.id;
  });
  afterAll(() => app.close());

  it('sends nosniff and no-store on /api successes and errors alike', async () => {
    const responses = await Promise.all([
      app.api.get(`/api/patients/${id}`),
      app.api.get('/api/patients').query({ limit: 1 }),
      app.api.get('/api/patients/not-a-uuid'),
      app.api.get(`/api/patients/${id}`).set('Authorization', 'Bearer garbage'),
      app.api.post('/api/patients').set('content-type', 'application/json').send('{"broken":'),
      app.api.get('/api/nowhere'),
      // Routes match case-insensitively: the patient is served, so it must not be cached either.
      app.api.get(`/API/patients/${id}`),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 400, 401, 400, 404, 200]);
    for (const [i, res] of responses.entries()) {
      expect([i, res.headers['x-content-type-options'], res.headers['cache-control']]).toEqual([i, 'nosniff', 'no-store']);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends nosniff outside /api too, and leaves the docs their own caching', async () => {
    for (const path of ['/openapi.yaml', '/health/live', '/nowhere']) {
      const res = await app.api.get(path);
      expect([path, res.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
    }
    expect((await app.api.get('/openapi.yaml').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('sends HSTS only over TLS, and trusts X-Forwarded-Proto only with TRUST_PROXY', async () => {
    const untrusting = await app.api.get(`/api/patients/${id}`).set('X-Forwarded-Proto', 'https').expect(200);
    expect(untrusting.headers['strict-transport-security']).toBeUndefined();
    const behindProxy = await startTestApp(() => ({ trustProxyHops: 1 }));
    try {
      const viaTls = await behindProxy.api.get('/api/patients').set('X-Forwarded-Proto', 'https').expect(200);
      expect(viaTls.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
      const viaPlain = await behindProxy.api.get('/api/patients').set('X-Forwarded-Proto', 'http').expect(200);
      expect(viaPlain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await behindProxy.close();
    }
  });

  it('answers HEAD where GET answers: the GET headers, no body; 401 without a token', async () => {
    const get = await app.api.get(`/api/patients/${id}`).expect(200);
    const head = await app.api.head(`/api/patients/${id}`).expect(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['cache-control']).toBe('no-store');
    expect(head.text ?? '').toBe('');
    await app.api.head('/api/patients').expect(200);
    const anonymous = await app.api.head(`/api/patients/${id}`).unset('Authorization').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('reveals no stack, SQL or table name in a 500', async () => {
    const broken = await startTestApp();
    try {
      await broken.database.db.raw('ALTER TABLE patients RENAME TO patients_moved');
      const res = await broken.api.get('/api/patients').expect(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ type: expect.any(String), title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred.', instance: '/api/patients' });
      expect(res.text).not.toMatch(/patients_moved|relation|select|\bat .*\.ts|node_modules/i);
    } finally {
      await broken.close();
    }
  });
});

describe('API8 CORS allow-list (CORS_ORIGINS)', () => {
  const allowed = 'https://intake.example';
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(() => ({ corsOrigins: [allowed] }));
  });
  afterAll(() => app.close());

  const accessControl = (headers: Record<string, string>): string[] => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

  it('lets an allowed origin read responses, errors included', async () => {
    const ok = await app.api.get('/api/patients').set('Origin', allowed).expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe(allowed);
    expect(ok.headers['access-control-expose-headers']).toMatch(/ETag.*Location.*WWW-Authenticate/);
    expect(ok.headers.vary).toMatch(/Origin/);
    const refused = await app.api.get('/api/patients').unset('Authorization').set('Origin', allowed).expect(401);
    expect(refused.headers['access-control-allow-origin']).toBe(allowed);
  });

  it('sends no Access-Control-* header to another origin or without one', async () => {
    for (const origin of ['https://evil.example', 'null', `${allowed}.evil.example`]) {
      const res = await app.api.get('/api/patients').set('Origin', origin).expect(200);
      expect([origin, accessControl(res.headers)]).toEqual([origin, []]);
    }
    expect(accessControl((await app.api.get('/api/patients').expect(200)).headers)).toEqual([]);
  });

  it('answers a preflight of an allowed origin with the methods and headers of the API', async () => {
    const res = await app.api
      .options('/api/patients/00000000-0000-4000-8000-000000000000').unset('Authorization')
      .set('Origin', allowed)
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization, if-match, content-type')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(allowed);
    expect(res.headers['access-control-allow-methods']!.split(',')).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(res.headers['access-control-allow-headers']!.split(',')).toEqual(expect.arrayContaining(['Authorization', 'If-Match', 'Idempotency-Key', 'Content-Type']));
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('does not answer the preflight of another origin', async () => {
    const res = await app.api.options('/api/patients').unset('Authorization').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'DELETE');
    expect(res.status).not.toBe(204);
    expect(accessControl(res.headers)).toEqual([]);
  });

  it('is off by default: no Access-Control-* header even for a would-be origin', async () => {
    const plain = await startTestApp();
    try {
      const res = await plain.api.get('/api/patients').set('Origin', allowed).expect(200);
      expect(accessControl(res.headers)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('API8 /metrics is not on the API port', () => {
  it('answers /metrics on the API port with a 404 problem, and on METRICS_PORT with the metrics', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url });
    try {
      const onApi = await fetch(`${service.baseUrl}/metrics`);
      expect(onApi.status).toBe(404);
      expect(onApi.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const scraped = await fetch(`${service.metricsUrl}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('http_request_duration_seconds');
      expect((await fetch(`${service.metricsUrl}/api/patients`)).status).toBe(404);
    } finally {
      await service.kill('SIGTERM');
    }
  });

  it('runs without a metrics server with METRICS_PORT=0', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url, METRICS_PORT: '0' });
    try {
      expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
      expect(service.output()).not.toContain('Prometheus metrics on');
    } finally {
      await service.kill('SIGTERM');
    }
  });
});
