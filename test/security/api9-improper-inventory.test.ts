import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';
import { openapiSpec } from '../support/openapi-spec';

// OWASP API9:2023 Improper Inventory Management: what answers is exactly what openapi.yaml
// documents. An undocumented path or method gets a 404/405 problem, and every documented
// operation answers with one of its documented statuses.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];
interface Operation {
  responses: Record<string, unknown>;
}
const paths = (openapiSpec as unknown as { paths: Record<string, Partial<Record<Method, Operation>>> }).paths;

let app: TestApp;
let id: string;
beforeAll(async () => {
  app = await startTestApp();
  id = (await app.api.post('/api/patients').send(fullPatientInput()).expect(201)).body.id;
});
afterAll(() => app.close());

describe('API9 only documented routes answer', () => {
  it.each([
    ['get', `/api/patients/{id}/history`],
    ['get', '/admin'],
    ['get', '/api/v1/patients'],
    ['get', '/api/admin/patients'],
    ['get', '/debug'],
    ['get', '/api'],
    ['post', '/api/patients/{id}'],
  ])('%s %s is not there: a 404 or 405 problem', async (method, path) => {
    const res = await app.api[method as 'get' | 'post'](path.replace('{id}', id));
    expect([404, 405]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(res.status);
  });

  it.each(['TRACE', 'PATCH', 'DELETE', 'OPTIONS'])('%s /api/patients (not documented there) is a 405 problem naming the allowed methods', async (method) => {
    const res = await app.api[method.toLowerCase() as 'trace' | 'patch' | 'delete' | 'options']('/api/patients');
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.allow).toMatch(/GET/);
    expect(res.headers.allow).toMatch(/POST/);
  });

  it('TRACE on a patient echoes nothing back', async () => {
    const res = await app.api.trace(`/api/patients/${id}`).set('X-Secret-Header', 'do-not-echo');
    expect(res.status).toBe(405);
    expect(JSON.stringify(res.headers) + res.text).not.toContain('do-not-echo');
  });
});

describe('API9 every documented operation answers', () => {
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, documented: Object.keys(item[method]!.responses) })),
  );

  it('finds the operations of openapi.yaml', () => {
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(
      expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /api/patients', 'POST /api/patients', 'GET /api/patients/{id}', 'PUT /api/patients/{id}', 'PATCH /api/patients/{id}', 'DELETE /api/patients/{id}']),
    );
  });

  // DELETE last: the others need the patient.
  const ordered = [...operations].sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
  it.each(ordered.map((o) => [o.method.toUpperCase(), o.path, o]))('%s %s answers with a documented status', async (_m, _p, { path, method, documented }) => {
    const url = path.replace('{id}', id);
    const current = await app.api.get(`/api/patients/${id}`).expect(200);
    let request = app.api[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (method === 'put' || method === 'patch' || method === 'delete') request = request.set('If-Match', current.headers.etag!);
    if (method === 'post' || method === 'put') request = request.send(fullPatientInput());
    if (method === 'patch') request = request.set('Content-Type', 'application/merge-patch+json').send({ firstName: 'Geändert' });
    const res = await request;
    expect(res.status).toBeLessThan(300);
    expect(documented).toContain(String(res.status));
  });
});
