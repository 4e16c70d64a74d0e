import { randomUUID } from 'node:crypto';
import { EventContractError } from '../../src/events/event-contract';
import pg from 'pg';
import { Outbox, OUTBOX_CHANNEL, OUTBOX_TABLE, type OutboxRow } from '../../src/events/outbox';
import { startTestApp, type TestApp } from '../support/app';
import { eventContract } from '../support/app-dependencies';
import { HEALTH_FIELDS } from '../support/openapi-spec';
import { fullPatientInput } from '../support/patients';

/** The outbox half of event delivery, without a broker: what the transaction writes. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A row as knex reads it: the json payload parsed. */
type StoredRow = Omit<OutboxRow, 'payload'> & { payload: Record<string, unknown> & { data: Record<string, unknown> } };

async function outboxFor(id: string): Promise<StoredRow[]> {
  return app.database.db(OUTBOX_TABLE).where({ aggregate_id: id }).orderBy('position');
}

describe('the outbox', () => {
  it('holds one event per committed write, in order, with the patient minus its health data', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const id: string = created.body.id;
    const replaced = await app.api.put(`/api/patients/${id}`).send({ ...fullPatientInput(), city: 'Potsdam' }).expect(200);
    await app.api.delete(`/api/patients/${id}`).expect(204);

    const rows = await outboxFor(id);
    expect(rows.map((r) => r.event_type)).toEqual(['patient.created', 'patient.updated', 'patient.deleted']);
    expect(rows.every((r) => r.published_at === null)).toBe(true);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(3);

    const [createdEvent, updatedEvent, deletedEvent] = rows.map((r) => r.payload);
    expect(createdEvent).toMatchObject({ specversion: '1.0', type: 'patient.created', subject: id, source: '/patient-service', datacontenttype: 'application/json' });
    expect(createdEvent!.id).toBe(rows[0]!.event_id);
    const { diagnosis, currentComplaints, therapyGoals, psychotherapyExperience, ...publicFields } = created.body;
    expect([diagnosis, currentComplaints, therapyGoals, psychotherapyExperience]).toEqual(['F32.1', 'sleeplessness', 'sleep through', false]);
    expect(createdEvent!.data).toEqual(
      Object.fromEntries(Object.entries(publicFields).filter(([k]) => !HEALTH_FIELDS.includes(k))),
    );
    expect(updatedEvent!.data).toMatchObject({ city: 'Potsdam', updatedAt: replaced.body.updatedAt });
    expect(deletedEvent!.data).toEqual({ id });
    for (const event of [createdEvent, updatedEvent]) {
      for (const field of HEALTH_FIELDS) expect(event!.data).not.toHaveProperty(field);
    }
  });

  it('describes a create exactly as it was stored, defaults included, in the same statement', async () => {
    // The service builds the patient (id, timestamps, defaults) before the insert and writes the
    // event with it: what it built must be what PostgreSQL stored.
    const created = await app.api
      .post('/api/patients')
      .send({ firstName: 'Mini', lastName: 'Mal', timeAvailability: { tuesday: [{ from: '09:00', to: '12:00' }], monday: [] } })
      .expect(201);
    const stored = await app.api.get(`/api/patients/${created.body.id}`).expect(200);
    expect(stored.body).toEqual(created.body);
    expect(stored.body).toMatchObject({ status: 'open', contractsSigned: false, preferredTherapistGender: 'any', excludedTherapistIds: [], version: 1 });
    const [row] = await outboxFor(created.body.id);
    const publicFields = Object.fromEntries(Object.entries(stored.body as Record<string, unknown>).filter(([k]) => !HEALTH_FIELDS.includes(k)));
    expect(row!.payload.data).toEqual(publicFields);
    expect(row!.payload.time).toBe(stored.body.createdAt);
  });

  it('writes no event when the request fails validation or the patient does not exist', async () => {
    const before = await app.database.db('outbox').count<{ count: string }[]>({ count: '*' });
    await app.api.post('/api/patients').send({ firstName: 'A' }).expect(400);
    await app.api.put(`/api/patients/${randomUUID()}`).send({ firstName: 'A', lastName: 'B' }).expect(404);
    await app.api.delete(`/api/patients/${randomUUID()}`).expect(404);
    const after = await app.database.db('outbox').count<{ count: string }[]>({ count: '*' });
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  it('describes a replace and a patch exactly as they were stored (left-out fields back to their defaults)', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput({ status: 'open', searchStartedOn: null })).expect(201);
    expect(created.body).toMatchObject({ contractsSigned: true, city: 'Berlin' });
    const id: string = created.body.id;
    const replaced = await app.api.put(`/api/patients/${id}`).send({ firstName: 'Nur', lastName: 'Name' }).expect(200);
    expect(replaced.body).toMatchObject({ version: 2, status: 'open', contractsSigned: false, city: null, excludedTherapistIds: [], createdAt: created.body.createdAt });
    const patched = await app.api
      .patch(`/api/patients/${id}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ city: 'Kassel', locationAvailability: { maxTravelMinutes: 30 } })
      .expect(200);
    const stored = await app.api.get(`/api/patients/${id}`).expect(200);
    expect(stored.body).toEqual(patched.body);
    const [, updatedByPut, updatedByPatch] = await outboxFor(id);
    const publicOf = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !HEALTH_FIELDS.includes(k)));
    expect(updatedByPut!.payload.data).toEqual(publicOf(replaced.body));
    expect(updatedByPatch!.payload.data).toEqual(publicOf(stored.body));
    expect(updatedByPatch!.payload.time).toBe(stored.body.updatedAt);
  });

  it('rolls the change back when its event cannot be stored: create, replace, patch and delete', async () => {
    const kept = await app.api.post('/api/patients').send({ firstName: 'Kept', lastName: 'Asis' }).expect(201);
    const id: string = kept.body.id;
    await app.database.db.raw(`
      CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox full'; END $$;
      CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_outbox();`);
    try {
      await app.api.post('/api/patients').send({ firstName: 'Rolled', lastName: 'Back' }).expect(500);
      await app.api.put(`/api/patients/${id}`).send({ firstName: 'Changed', lastName: 'Asis' }).expect(500);
      await app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Kassel' }).expect(500);
      await app.api.delete(`/api/patients/${id}`).expect(500);
    } finally {
      await app.database.db.raw('DROP TRIGGER fail_outbox ON outbox; DROP FUNCTION fail_outbox()');
    }
    const listed = await app.api.get('/api/patients?search=Rolled').expect(200);
    expect(listed.body.total).toBe(0);
    const stored = await app.api.get(`/api/patients/${id}`).expect(200);
    expect(stored.body).toEqual(kept.body);
    expect((await outboxFor(id)).map((row) => row.event_type)).toEqual(['patient.created']);
  });

  it('refuses to make an outbox row of an event that breaks asyncapi.yaml (health data in a deleted event)', async () => {
    const outbox = new Outbox(await eventContract());
    const id = randomUUID();
    const leaky = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/patient-service',
      type: 'patient.deleted',
      subject: id,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { id, diagnosis: 'F32.1' },
    } as const;
    expect(() => outbox.row(leaky as never)).toThrow(EventContractError);
    expect(outbox.row({ ...leaky, data: { id } }).aggregate_id).toBe(id);
  });

  it('notifies the channel the relay listens on when a write commits (the migration names it)', async () => {
    const listener = new pg.Client({ connectionString: app.database.url });
    await listener.connect();
    try {
      const notified = new Promise<string>((resolve) => listener.on('notification', (message) => resolve(message.channel)));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      await app.api.post('/api/patients').send({ firstName: 'Note', lastName: 'Fied' }).expect(201);
      await expect(notified).resolves.toBe(OUTBOX_CHANNEL);
    } finally {
      await listener.end();
    }
  });
});
