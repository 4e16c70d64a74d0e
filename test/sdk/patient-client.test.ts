import { randomUUID } from 'node:crypto';
import { createPatientClient, hasHealthData, isProblem, type Patient, type PatientClient, type PatientPage, type PatientRecord, type Problem } from '@patient-service/sdk';
import { startTestServer, type TestServer } from '../support/http-server';
import { fullPatientInput } from '../support/patients';
import { testToken } from '../support/tokens';

/**
 * Compile-time check that A and B are assignable both ways and A is not `any` (fails `tsc`, not
 * jest). Mutual assignability, not identity: openapi-fetch maps bodies through `Readable<>`.
 */
type Equal<A, B> = 0 extends 1 & A ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertType<T extends true>(_proof?: T): void {}

let server: TestServer;
let client: PatientClient;

beforeAll(async () => {
  server = await startTestServer();
  const token = await testToken();
  // A token function, as an app that refreshes its token would pass it.
  client = createPatientClient({ baseUrl: server.baseUrl, headers: { 'x-request-id': 'sdk-test' }, token: () => token });
});
afterAll(() => server.close());

async function createPatient(lastName: string, status: Patient['status'] = 'open'): Promise<Patient> {
  const { data, error } = await client.POST('/api/patients', { body: { firstName: 'Erika', lastName, status } });
  if (error) throw new Error(`create failed: ${error.title}`);
  if (!hasHealthData(data)) throw new Error('the token has patients.health.read: the patient must come with its health data');
  return data;
}

describe('the SDK (@patient-service/sdk) against the running service', () => {
  it('sends the token: without one the service answers a typed 401', async () => {
    const anonymous = createPatientClient({ baseUrl: server.baseUrl });
    const { error, response } = await anonymous.GET('/api/patients');
    expect(response.status).toBe(401);
    expect(isProblem(error)).toBe(true);
    const reader = createPatientClient({ baseUrl: server.baseUrl, token: await testToken({ scopes: ['patients.read'] }) });
    const created = await createPatient('Ohnediagnose');
    const read = await reader.GET('/api/patients/{id}', { params: { path: { id: created.id } } });
    expect(read.data && hasHealthData(read.data)).toBe(false);
  });

  it('creates a patient (201 with Location) and gets it back', async () => {
    const { data, error, response } = await client.POST('/api/patients', { body: fullPatientInput() });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    assertType<Equal<typeof data, PatientRecord | undefined>>();
    expect(response.headers.get('location')).toBe(`/api/patients/${data?.id}`);
    expect(data).toMatchObject({ firstName: 'Erika', lastName: 'Mustermann', status: 'searching', diagnosis: 'F32.1' });

    const got = await client.GET('/api/patients/{id}', { params: { path: { id: data!.id } } });
    expect(got.response.status).toBe(200);
    expect(got.data).toEqual(data);
  });

  it('lists patients with filters, sort and paging (status serialised as repeated parameters)', async () => {
    const tag = `Sdklist${randomUUID().slice(0, 8)}`;
    await createPatient(`${tag}c`, 'open');
    await createPatient(`${tag}a`, 'searching');
    await createPatient(`${tag}b`, 'in_therapy');
    await createPatient(`${tag}d`, 'therapy_completed');

    const { data, error } = await client.GET('/api/patients', {
      params: { query: { search: tag, status: ['open', 'searching', 'in_therapy'], sort: 'lastName', limit: 2 } },
    });

    expect(error).toBeUndefined();
    assertType<Equal<typeof data, PatientPage | undefined>>();
    expect(data?.total).toBe(3);
    expect(data?.limit).toBe(2);
    expect(data?.offset).toBe(0);
    expect(data?.data.map((p) => p.lastName)).toEqual([`${tag}a`, `${tag}b`]);
  });

  it('replaces a patient: sent fields change, left-out fields reset to their defaults', async () => {
    const { data: created } = await client.POST('/api/patients', { body: fullPatientInput({ status: 'open' }) });

    const { data, error } = await client.PUT('/api/patients/{id}', {
      params: { path: { id: created!.id } },
      body: { firstName: 'Erika', lastName: 'Musterfrau', city: 'Potsdam' },
    });

    expect(error).toBeUndefined();
    expect(data).toMatchObject({ id: created!.id, lastName: 'Musterfrau', city: 'Potsdam', diagnosis: null, status: 'open', excludedTherapistIds: [] });
    expect(data!.createdAt).toBe(created!.createdAt);
  });

  it('changes some fields with PATCH (merge patch) guarded by the ETag, and gets a typed 412 when stale', async () => {
    const { data: created, response } = await client.POST('/api/patients', { body: fullPatientInput({ status: 'open' }) });
    const etag = response.headers.get('etag')!;
    expect(etag).toBe('"1"');

    const patched = await client.PATCH('/api/patients/{id}', {
      params: { path: { id: created!.id }, header: { 'If-Match': etag } },
      body: { status: 'searching', email: null },
    });
    expect(patched.error).toBeUndefined();
    expect(patched.data).toMatchObject({ status: 'searching', email: null, city: 'Berlin', version: 2 });

    const stale = await client.PATCH('/api/patients/{id}', {
      params: { path: { id: created!.id }, header: { 'If-Match': etag } },
      body: { city: 'Stale' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ type: '/problems/precondition-failed', currentVersion: 2 });
  });

  it('retries a create safely with an Idempotency-Key', async () => {
    const key = randomUUID();
    const body = fullPatientInput({ lastName: `Retry-${key}` });
    const first = await client.POST('/api/patients', { params: { header: { 'Idempotency-Key': key } }, body });
    const retry = await client.POST('/api/patients', { params: { header: { 'Idempotency-Key': key } }, body });
    expect(retry.data!.id).toBe(first.data!.id);
    expect(retry.response.headers.get('idempotent-replayed')).toBe('true');
  });

  it('deletes a patient (204), after which it is a typed 404 problem', async () => {
    const patient = await createPatient('Loeschbar');

    const deleted = await client.DELETE('/api/patients/{id}', { params: { path: { id: patient.id } } });
    expect(deleted.response.status).toBe(204);
    expect(deleted.error).toBeUndefined();

    const { data, error, response } = await client.GET('/api/patients/{id}', { params: { path: { id: patient.id } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    assertType<Equal<typeof error, Problem | undefined>>();
    expect(error).toEqual<Problem>({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: `No patient with id ${patient.id}.`,
      instance: `/api/patients/${patient.id}`,
    });
  });

  it('returns a typed 400 problem listing every offending field of a body that fits the types but not the contract', async () => {
    const { data, error, response } = await client.POST('/api/patients', {
      body: { firstName: '', lastName: 'Mustermann', postalCode: '1011', insuranceNumber: 'a123' },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    assertType<Equal<typeof error, Problem | undefined>>();
    expect(isProblem(error)).toBe(true);
    expect(error?.status).toBe(400);
    expect(new Set(error?.errors?.map((e) => e.field))).toEqual(new Set(['body.firstName', 'body.insuranceNumber', 'body.postalCode']));
  });

  it('returns a typed 400 problem for an invalid query parameter', async () => {
    const { error, response } = await client.GET('/api/patients', { params: { query: { limit: 1000 } } });

    expect(response.status).toBe(400);
    expect(error?.errors).toEqual([expect.objectContaining({ field: 'query.limit' })]);
  });
});
