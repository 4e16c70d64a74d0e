import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { fullPatientInput } from '../support/patients';
import { bearer } from '../support/tokens';
import { auditRowsOf, auditRowsOfRequest, type StoredAuditRow } from './audit-rows';

let app: TestApp;
/** The intake app: every scope. */
let intake: string;
/** A case worker: read and write, no health data. */
let caseWorker: string;
/** The matching service: read only. */
let matching: string;

beforeAll(async () => {
  app = await startTestApp();
  intake = await bearer({ subject: 'user-intake-1', clientId: 'intake-app' });
  caseWorker = await bearer({ scopes: ['patients.read', 'patients.write'], subject: 'user-case-7', clientId: 'case-app' });
  matching = await bearer({ scopes: ['patients.read'], subject: 'service-account-matching', clientId: 'matching-service' });
  // The first request builds the validator: slow on a loaded machine.
  await app.api.get('/api/patients?limit=1').set('Authorization', intake).expect(200);
}, 90_000);
afterAll(() => app.close());

const patchType = 'application/merge-patch+json';

function requestId(): string {
  return `audit-test-${randomUUID()}`;
}

async function createPatient(overrides: Parameters<typeof fullPatientInput>[0] = {}): Promise<{ id: string; version: number }> {
  const res = await app.api.post('/api/patients').set('Authorization', intake).send(fullPatientInput(overrides)).expect(201);
  return { id: res.body.id, version: res.body.version };
}

async function onlyRowOf(id: string): Promise<StoredAuditRow> {
  const rows = await auditRowsOfRequest(app.database.db, id);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const intakeAgent = { agent_subject: 'user-intake-1', agent_client_id: 'intake-app' };

describe('every access to a patient appends its audit event', () => {
  it('POST: a Create with the caller, the patient and the field groups served', async () => {
    const rid = requestId();
    const res = await app.api.post('/api/patients').set('Authorization', intake).set('X-Request-Id', rid).send(fullPatientInput()).expect(201);
    expect(await onlyRowOf(rid)).toMatchObject({
      action: 'C',
      operation: 'create',
      outcome: 'success',
      refused_status: null,
      ...intakeAgent,
      patient_id: res.body.id,
      query: null,
      field_groups: ['profile', 'health'],
      request_id: rid,
    });
  });

  it('POST without patients.health.read: the profile group only', async () => {
    const rid = requestId();
    const res = await app.api.post('/api/patients').set('Authorization', caseWorker).set('X-Request-Id', rid).send({ firstName: 'Max', lastName: 'Muster' }).expect(201);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'C', agent_subject: 'user-case-7', agent_client_id: 'case-app', patient_id: res.body.id, field_groups: ['profile'] });
  });

  it('POST replayed from its Idempotency-Key: a Read (create-replay), the first request still one Create', async () => {
    const key = randomUUID();
    const first = requestId();
    const replay = requestId();
    const input = fullPatientInput();
    const created = await app.api.post('/api/patients').set('Authorization', intake).set('Idempotency-Key', key).set('X-Request-Id', first).send(input).expect(201);
    await app.api.post('/api/patients').set('Authorization', intake).set('Idempotency-Key', key).set('X-Request-Id', replay).send(input).expect(201);
    expect(await onlyRowOf(first)).toMatchObject({ action: 'C', operation: 'create', patient_id: created.body.id });
    expect(await onlyRowOf(replay)).toMatchObject({ action: 'R', operation: 'create-replay', outcome: 'success', patient_id: created.body.id, ...intakeAgent, field_groups: ['profile', 'health'] });
  });

  it('GET: a Read with the field groups served, with and without health data, and for a 304 too', async () => {
    const { id, version } = await createPatient();
    const [withHealth, withoutHealth, notModified] = [requestId(), requestId(), requestId()];
    await app.api.get(`/api/patients/${id}`).set('Authorization', intake).set('X-Request-Id', withHealth).expect(200);
    await app.api.get(`/api/patients/${id}`).set('Authorization', matching).set('X-Request-Id', withoutHealth).expect(200);
    await app.api.get(`/api/patients/${id}`).set('Authorization', matching).set('If-None-Match', `"${version}"`).set('X-Request-Id', notModified).expect(304);
    expect(await onlyRowOf(withHealth)).toMatchObject({ action: 'R', operation: 'read', outcome: 'success', ...intakeAgent, patient_id: id, field_groups: ['profile', 'health'] });
    expect(await onlyRowOf(withoutHealth)).toMatchObject({ action: 'R', operation: 'read', agent_subject: 'service-account-matching', agent_client_id: 'matching-service', field_groups: ['profile'] });
    expect(await onlyRowOf(notModified)).toMatchObject({ action: 'R', operation: 'read', patient_id: id });
  });

  it('list: audits the patients a page returns, not the one read ahead to see whether more follow, also on a page read backwards', async () => {
    const surname = `Auditpage${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) await createPatient({ lastName: surname, status: 'open' });
    const idsOf = (body: { data: { id: string }[] }) => body.data.map((p) => p.id).sort();
    const first = requestId();
    const page1 = await app.api.get(`/api/patients?search=${surname}&sort=lastName&limit=2`).set('Authorization', matching).set('X-Request-Id', first).expect(200);
    expect(page1.body.data).toHaveLength(2);
    expect((await auditRowsOfRequest(app.database.db, first)).map((row) => row.patient_id).sort()).toEqual(idsOf(page1.body));
    const second = requestId();
    const page2 = await app.api.get(`/api/patients?search=${surname}&sort=lastName&limit=2&cursor=${page1.body.next}`).set('Authorization', matching).set('X-Request-Id', second).expect(200);
    expect((await auditRowsOfRequest(app.database.db, second)).map((row) => row.patient_id).sort()).toEqual(idsOf(page2.body));
    const back = requestId();
    const again = await app.api.get(`/api/patients?search=${surname}&sort=lastName&limit=2&cursor=${page2.body.prev}`).set('Authorization', matching).set('X-Request-Id', back).expect(200);
    expect(idsOf(again.body)).toEqual(idsOf(page1.body));
    expect((await auditRowsOfRequest(app.database.db, back)).map((row) => row.patient_id).sort()).toEqual(idsOf(page1.body));
  });

  it('list: one Execute per patient returned, each with the query shape and no search text, name or postal code', async () => {
    const surname = `Auditlist${randomUUID().slice(0, 8)}`;
    const a = await createPatient({ lastName: surname, status: 'open' });
    const b = await createPatient({ lastName: surname, status: 'open' });
    const rid = requestId();
    const res = await app.api
      .get(`/api/patients?search=${surname}&status=open&postalCode=10115&city=Berlin&sort=lastName&limit=10`)
      .set('Authorization', matching)
      .set('X-Request-Id', rid)
      .expect(200);
    expect(res.body.data).toHaveLength(2);
    const rows = await auditRowsOfRequest(app.database.db, rid);
    expect(rows.map((row) => row.patient_id).sort()).toEqual([a.id, b.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ action: 'E', operation: 'search', outcome: 'success', agent_subject: 'service-account-matching', field_groups: ['profile'] });
      expect(row.query).toEqual({ search: true, status: ['open'], postalCode: true, city: true, sort: 'lastName', limit: 10, offset: 0, total: 'estimate', phonetic: false });
    }
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${surname}|10115|Berlin`, 'i'));
  });

  it('phonetic list: the flag recorded as the boolean it is, the words only as given, and served by audit-events', async () => {
    // Quaxelbrinck sounds like Quaxelbrink (44851764) and is no substring of it: only the phonetic search finds it.
    const { id } = await createPatient({ lastName: 'Quaxelbrink' });
    const rid = requestId();
    const res = await app.api.get('/api/patients?search=Quaxelbrinck&phonetic=true').set('Authorization', matching).set('X-Request-Id', rid).expect(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([id]);
    const row = await onlyRowOf(rid);
    expect(row).toMatchObject({ action: 'E', operation: 'search', patient_id: id });
    expect(row.query).toEqual({ search: true, phonetic: true, sort: '-createdAt', limit: 20, offset: 0, total: 'estimate' });
    expect(JSON.stringify(row)).not.toMatch(/quaxel/i);
    const auditor = await bearer({ scopes: ['patients.audit.read'], subject: 'dpo-1', clientId: 'dpo-console' });
    const events = await app.api.get(`/api/patients/${id}/audit-events`).set('Authorization', auditor).expect(200);
    expect(events.body.data.find((event: { requestId: string }) => event.requestId === rid)?.query).toEqual(row.query);
  });

  it('list that returns nobody: one Execute without a patient', async () => {
    const rid = requestId();
    await app.api.get('/api/patients?search=nobody-is-called-this').set('Authorization', intake).set('X-Request-Id', rid).expect(200);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'E', operation: 'search', patient_id: null, query: { search: true, sort: '-createdAt', limit: 20, offset: 0 }, field_groups: ['profile', 'health'] });
  });

  it('PUT, PATCH and DELETE: Update, Update (patch) and Delete', async () => {
    const { id } = await createPatient();
    const [put, patch, del] = [requestId(), requestId(), requestId()];
    await app.api.put(`/api/patients/${id}`).set('Authorization', caseWorker).set('X-Request-Id', put).send({ firstName: 'Erika', lastName: 'Musterfrau', status: 'searching' }).expect(200);
    await app.api.patch(`/api/patients/${id}`).set('Authorization', intake).set('Content-Type', patchType).set('X-Request-Id', patch).send({ city: 'Bonn' }).expect(200);
    await app.api.delete(`/api/patients/${id}`).set('Authorization', intake).set('X-Request-Id', del).expect(204);
    expect(await onlyRowOf(put)).toMatchObject({ action: 'U', operation: 'update', outcome: 'success', agent_subject: 'user-case-7', patient_id: id, field_groups: ['profile'] });
    expect(await onlyRowOf(patch)).toMatchObject({ action: 'U', operation: 'patch', ...intakeAgent, patient_id: id, field_groups: ['profile', 'health'] });
    expect(await onlyRowOf(del)).toMatchObject({ action: 'D', operation: 'delete', outcome: 'success', ...intakeAgent, patient_id: id, field_groups: [] });
    // The trail outlives the patient: create, put, patch, delete.
    expect((await auditRowsOf(app.database.db, id)).map((row) => row.operation)).toEqual(['create', 'update', 'patch', 'delete']);
  });
});

describe('refused attempts are audited too', () => {
  it('GET of an unknown patient: one refused 404 (recorded by the read statement itself, not twice)', async () => {
    const id = randomUUID();
    const rid = requestId();
    await app.api.get(`/api/patients/${id}`).set('Authorization', matching).set('X-Request-Id', rid).expect(404);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'R', operation: 'read', outcome: 'refused', refused_status: 404, patient_id: id, field_groups: [], agent_subject: 'service-account-matching' });
  });

  it('PUT with a stale If-Match: a refused 412 and no Update', async () => {
    const { id } = await createPatient();
    const rid = requestId();
    await app.api.put(`/api/patients/${id}`).set('Authorization', intake).set('If-Match', '"7"').set('X-Request-Id', rid).send(fullPatientInput()).expect(412);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'U', operation: 'update', outcome: 'refused', refused_status: 412, patient_id: id, field_groups: [] });
  });

  it('PATCH with a status change the graph refuses: a refused 409', async () => {
    const { id } = await createPatient({ status: 'open' });
    const rid = requestId();
    await app.api.patch(`/api/patients/${id}`).set('Authorization', intake).set('Content-Type', patchType).set('X-Request-Id', rid).send({ status: 'therapy_completed' }).expect(409);
    expect(await onlyRowOf(rid)).toMatchObject({ operation: 'patch', outcome: 'refused', refused_status: 409, patient_id: id });
  });

  it('DELETE of an unknown patient: a refused 404', async () => {
    const id = randomUUID();
    const rid = requestId();
    await app.api.delete(`/api/patients/${id}`).set('Authorization', intake).set('X-Request-Id', rid).expect(404);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'D', operation: 'delete', refused_status: 404, patient_id: id });
  });

  it('a token without the scope (403): refused, with the verified caller', async () => {
    const { id } = await createPatient();
    const rid = requestId();
    await app.api.delete(`/api/patients/${id}`).set('Authorization', matching).set('X-Request-Id', rid).expect(403);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'D', operation: 'delete', outcome: 'refused', refused_status: 403, agent_subject: 'service-account-matching', agent_client_id: 'matching-service', patient_id: id });
  });

  it('a create naming health data without patients.health.write (403): refused, without a patient', async () => {
    const rid = requestId();
    await app.api.post('/api/patients').set('Authorization', caseWorker).set('X-Request-Id', rid).send({ firstName: 'Max', lastName: 'Muster', diagnosis: 'F41.1' }).expect(403);
    expect(await onlyRowOf(rid)).toMatchObject({ action: 'C', operation: 'create', refused_status: 403, patient_id: null, agent_subject: 'user-case-7' });
  });

  it('no valid token (401) on an existing patient: refused by `anonymous`, once per operation and patient in a window however many bad tokens come', async () => {
    const { id } = await createPatient();
    const rids = [requestId(), requestId(), requestId()];
    for (const rid of rids) await app.api.get(`/api/patients/${id}`).set('Authorization', 'Bearer not-a-token').set('X-Request-Id', rid).expect(401);
    expect(await onlyRowOf(rids[0]!)).toMatchObject({ action: 'R', operation: 'read', outcome: 'refused', refused_status: 401, agent_subject: 'anonymous', agent_client_id: null, patient_id: id });
    expect(await auditRowsOfRequest(app.database.db, rids[1]!)).toEqual([]);
    // Another operation on the same patient is its own attempt.
    const del = requestId();
    await app.api.delete(`/api/patients/${id}`).set('Authorization', 'Bearer not-a-token').set('X-Request-Id', del).expect(401);
    expect(await onlyRowOf(del)).toMatchObject({ operation: 'delete', refused_status: 401, agent_subject: 'anonymous' });
  });

  it('401 with a made-up or malformed id, or on the list: nothing written (a flood of bad tokens cannot grow the table)', async () => {
    const before = await app.database.db('audit_events').count<{ count: string }[]>('* as count');
    await app.api.get(`/api/patients/${randomUUID()}`).set('Authorization', 'Bearer not-a-token').expect(401);
    await app.api.get('/api/patients/not-a-uuid').set('Authorization', 'Bearer not-a-token').expect(401);
    await app.api.get('/api/patients').set('Authorization', 'Bearer not-a-token').expect(401);
    const after = await app.database.db('audit_events').count<{ count: string }[]>('* as count');
    expect(Number(after[0]!.count)).toBe(Number(before[0]!.count));
  });

  it('a malformed request (400) is not an access: nothing written', async () => {
    const { id } = await createPatient();
    const rid = requestId();
    await app.api.put(`/api/patients/${id}`).set('Authorization', intake).set('X-Request-Id', rid).send({ firstName: '' }).expect(400);
    expect(await auditRowsOfRequest(app.database.db, rid)).toEqual([]);
  });
});

describe('nothing lost: no answer without its audit event', () => {
  // A constraint that refuses one request id makes exactly that request's audit insert fail.
  beforeAll(() => app.database.db.raw(`ALTER TABLE audit_events ADD CONSTRAINT refuse_test_request CHECK (request_id <> 'refuse-me')`));
  afterAll(() => app.database.db.raw('ALTER TABLE audit_events DROP CONSTRAINT refuse_test_request'));

  it('GET does not serve the patient when its audit event cannot be stored', async () => {
    const { id } = await createPatient();
    const res = await app.api.get(`/api/patients/${id}`).set('Authorization', intake).set('X-Request-Id', 'refuse-me').expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/Mustermann|F32/);
  });

  it('the list does not serve its page when its audit events cannot be stored', async () => {
    await createPatient();
    const res = await app.api.get('/api/patients').set('Authorization', intake).set('X-Request-Id', 'refuse-me').expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/Mustermann|F32/);
  });

  it('a create whose audit event cannot be stored creates nothing and emits no event', async () => {
    const lastName = `Lost${randomUUID().slice(0, 8)}`;
    await app.api.post('/api/patients').set('Authorization', intake).set('X-Request-Id', 'refuse-me').send({ firstName: 'Erika', lastName }).expect(500);
    expect(await app.database.db('patients').where({ last_name: lastName })).toEqual([]);
    expect(await app.database.db('outbox').whereRaw(`payload::text like ?`, [`%${lastName}%`])).toEqual([]);
  });
});

describe('audit rows hold nothing personal', () => {
  it('after every kind of access, no name, address, email, KVNR or health datum is in any audit row', async () => {
    const distinct = fullPatientInput({ firstName: 'Zacharias', lastName: 'Quellenberg', email: 'zq@example.org', insuranceNumber: 'Q987654321', diagnosis: 'F43.1', currentComplaints: 'Albträume' });
    const created = await app.api.post('/api/patients').set('Authorization', intake).send(distinct).expect(201);
    const id: string = created.body.id;
    await app.api.get(`/api/patients/${id}`).set('Authorization', intake).expect(200);
    await app.api.get('/api/patients?search=Quellenberg&city=Berlin').set('Authorization', intake).expect(200);
    await app.api.patch(`/api/patients/${id}`).set('Authorization', intake).set('Content-Type', patchType).send({ street: 'Geheimweg 9' }).expect(200);
    await app.api.get(`/api/patients/${id}/export`).set('Authorization', intake).expect(200);
    await app.api.delete(`/api/patients/${id}`).set('Authorization', intake).expect(204);
    const all = JSON.stringify(await app.database.db('audit_events').select('*'));
    expect(all).toContain(id);
    expect(all).not.toMatch(/Zacharias|Quellenberg|zq@example|Q987654321|F43|Albtr|Geheimweg|Berlin/);
  });
});
