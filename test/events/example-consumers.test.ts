import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { runSearchingPatients, type RunResult } from '../../sdk/examples/searching-patients';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, KAFKA_BROKERS, startRelay, uniqueTopic } from '../support/kafka';
import { describeWithPython, PYTHON, PYTHON_CLIENT, pythonEnv } from '../support/python';
import type { OutboxRelay } from '../../src/events/relay';

const run = promisify(execFile);

/**
 * The example consumers of both SDKs (sdk/examples/searching-patients.ts,
 * clients/python/examples/searching_patients.py) read a topic the service's relay published to,
 * with redeliveries and tombstones in it, and must end with exactly the patients the REST list
 * returns in status `searching`.
 */
describeWithKafka('the example consumers: a local view of the patients in search of a place', () => {
  let app: TestApp;
  let relay: OutboxRelay;
  let topic: string;
  let searching: string[];
  let redelivered: number;
  // One event per write made here (the outbox forgets a deleted patient's rows, so it cannot be counted there).
  let events = 0;

  async function allPublished(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [{ count }] = (await app.database.db('outbox').whereNull('published_at').count({ count: '*' })) as [{ count: string }];
      if (Number(count) === 0) return;
      if (Date.now() > deadline) throw new Error(`${count} events not published after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function create(lastName: string, status: string): Promise<string> {
    const res = await app.api.post('/api/patients').send({ firstName: 'Erika', lastName, status }).expect(201);
    events += 1;
    return res.body.id as string;
  }

  beforeAll(async () => {
    app = await startTestApp();
    topic = uniqueTopic();
    const kafka = new Kafka({ clientId: 'example-consumers-test', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    relay = startRelay(app.database.url, topic);

    const a = await create('Anfang', 'open');
    const b = await create('Geloescht', 'searching');
    const c = await create('Gefunden', 'searching');
    await create('Offen', 'open');
    const e = await create('Ersetzt', 'searching');
    const f = await create('Kurz', 'searching');
    await app.api.patch(`/api/patients/${a}`).set('content-type', 'application/merge-patch+json').send({ status: 'searching' }).expect(200);
    events += 1;
    await app.api.patch(`/api/patients/${c}`).set('content-type', 'application/merge-patch+json').send({ status: 'in_therapy' }).expect(200);
    events += 1;
    await app.api.put(`/api/patients/${e}`).send({ firstName: 'Erika', lastName: 'Ersetzt', status: 'searching', city: 'Berlin' }).expect(200);
    events += 1;
    await app.api.delete(`/api/patients/${b}`).expect(204);
    events += 1;
    await app.api.delete(`/api/patients/${f}`).expect(204);
    events += 1;
    await allPublished();

    // At least once: what a relay that died between send and mark leaves behind. Every event of
    // A, C and E goes out a second time, with its id, after the later ones: duplicates and stale
    // versions for the consumers.
    redelivered = await app.database.db('outbox').whereIn('aggregate_id', [a, c, e]).update({ published_at: null });
    await allPublished();

    // Tombstones as the compacted topic has them: of a deleted patient, and of a searching one
    // (whose deletion the consumer must apply even without its deleted event).
    const producer = kafka.producer();
    await producer.connect();
    const tombstoned = await create('Verdichtet', 'searching');
    await allPublished();
    await producer.send({ topic, messages: [{ key: b, value: null }, { key: tombstoned, value: null }] });
    await producer.disconnect();
    await app.api.delete(`/api/patients/${tombstoned}`).expect(204);
    events += 1;
    await allPublished();

    const list = await app.api.get('/api/patients').query({ status: 'searching', limit: 100 }).expect(200);
    searching = (list.body.data as { id: string }[]).map((p) => p.id).sort();
  }, 180_000);

  afterAll(async () => {
    await relay?.stop();
    await app?.close();
  });

  function expectTheRestView(result: RunResult): void {
    expect(searching).toHaveLength(2); // A (patched into searching) and E (replaced, still searching)
    expect(result.patients).toEqual(searching);
    expect(result.outcomes.duplicate).toBe(redelivered);
    expect(result.outcomes.invalid).toBeUndefined();
    // Every event once and both tombstones, but not the deleted event that followed the
    // tombstone of its patient: that one is stale.
    expect(events).toBe(13);
    expect(result.outcomes.stale).toBe(1);
    expect(result.outcomes.applied).toBe(events - 1 + 2);
  }

  it('the TypeScript example (kafkajs) ends with the patients the REST list returns', async () => {
    const result = await runSearchingPatients({ brokers: KAFKA_BROKERS, topic, groupId: `example-ts-${randomBytes(4).toString('hex')}`, idleMs: 3000, maxMs: 90_000 });
    expectTheRestView(result);
  }, 120_000);

  describeWithPython('with Python', () => {
    it('the Python example (confluent-kafka) ends with the patients the REST list returns', async () => {
      const { stdout } = await run(
        PYTHON,
        [path.join(PYTHON_CLIENT, 'examples', 'searching_patients.py'), '--brokers', KAFKA_BROKERS.join(','), '--topic', topic, '--group', `example-py-${randomUUID().slice(0, 8)}`, '--idle-seconds', '3', '--max-seconds', '90'],
        { env: pythonEnv(), timeout: 110_000 },
      );
      const result = JSON.parse(stdout) as RunResult;
      expectTheRestView(result);
    }, 120_000);
  });
});
