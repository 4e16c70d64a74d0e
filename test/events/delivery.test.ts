import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, startRelay, uniqueTopic, type ConsumedEvent } from '../support/kafka';
import { HEALTH_FIELDS } from '../support/openapi-spec';
import { fullPatientInput } from '../support/patients';
import type { OutboxRelay } from '../../src/events/relay';

function ofPatient(events: ConsumedEvent[], id: string): ConsumedEvent[] {
  return events.filter((e) => e.key === id);
}

describeWithKafka('patient events on the real broker', () => {
  let app: TestApp;
  let topic: string;
  let relay: OutboxRelay;
  let collector: EventCollector;

  beforeAll(async () => {
    app = await startTestApp();
    topic = uniqueTopic();
    relay = startRelay(app.database.url, topic);
    collector = new EventCollector(topic);
  });
  afterAll(async () => {
    await collector.close();
    await relay.stop();
    await app.close();
  });

  it('publishes exactly one event per REST write, keyed by the patient, valid against asyncapi.yaml', async () => {
    const created = await app.api.post('/api/patients').send(fullPatientInput()).expect(201);
    const id: string = created.body.id;
    const replaced = await app.api.put(`/api/patients/${id}`).send({ ...fullPatientInput(), status: 'in_therapy' }).expect(200);
    await app.api.delete(`/api/patients/${id}`).expect(204);

    const events = ofPatient(await collector.waitFor((all) => ofPatient(all, id).length >= 3), id);
    // Give a duplicate the chance to show up before asserting "exactly".
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ofPatient(collector.events, id)).toHaveLength(3);

    expect(events.map((e) => e.event.type)).toEqual(['patient.created', 'patient.updated', 'patient.deleted']);
    for (const e of events) {
      expect(e.problems).toEqual([]);
      expect(e.key).toBe(id);
      expect(e.event.subject).toBe(id);
      expect(e.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
    }
    expect(new Set(events.map((e) => e.partition)).size).toBe(1);

    const publicFields = (patient: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(patient).filter(([field]) => !HEALTH_FIELDS.includes(field)));
    expect(events[0]!.event.data).toEqual(publicFields(created.body));
    expect(events[1]!.event.data).toEqual(publicFields(replaced.body));
    expect(events[2]!.event.data).toEqual({ id });
    for (const e of events) for (const field of HEALTH_FIELDS) expect(e.value).not.toContain(`"${field}"`);
  });

  it('publishes no event for a write whose transaction rolled back', async () => {
    await app.database.db.raw(`
      CREATE FUNCTION fail_after_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'late failure'; END $$;
      CREATE TRIGGER fail_after_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_after_outbox();`);
    try {
      await app.api.post('/api/patients').send({ firstName: 'Never', lastName: 'Published' }).expect(500);
    } finally {
      await app.database.db.raw('DROP TRIGGER fail_after_outbox ON outbox; DROP FUNCTION fail_after_outbox()');
    }
    const marker = await app.api.post('/api/patients').send({ firstName: 'Marker', lastName: 'After' }).expect(201);
    await collector.waitFor((all) => ofPatient(all, marker.body.id).length === 1);
    expect(collector.events.some((e) => e.event.data.lastName === 'Published')).toBe(false);
  });

  it('redelivers an event sent but not marked (a crash between send and mark) with the same id and bytes', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Twice', lastName: 'Sent' }).expect(201);
    const id: string = created.body.id;
    await collector.waitFor((all) => ofPatient(all, id).length === 1);
    // What a relay that died after Kafka acknowledged but before its UPDATE leaves behind.
    await app.database.db('outbox').where({ aggregate_id: id }).update({ published_at: null });

    const events = ofPatient(await collector.waitFor((all) => ofPatient(all, id).length === 2), id);
    expect(events[1]!.event.id).toBe(events[0]!.event.id);
    expect(events[1]!.value).toBe(events[0]!.value);
  });
});
