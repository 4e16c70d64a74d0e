import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import type { OutboxRelay } from '../../src/events/relay';
import { startTestApp, type TestApp } from '../support/app';
import { eventContract } from '../support/app-dependencies';
import { describeWithKafka, KAFKA_BROKERS, readTopic, startRelay, stateTopicOf, TEST_TOPIC_SETTINGS, type TopicRecord } from '../support/kafka';
import { HEALTH_FIELDS } from '../support/openapi-spec';
import { fullPatientInput } from '../support/patients';

// Topic creation, consumer groups and a loaded shared broker: more than jest's 30 s.
jest.setTimeout(120_000);

const kafka = new Kafka({ clientId: 'patient-service-test-admin', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });

function freshTopic(): string {
  return `patient-events-test-${randomBytes(5).toString('hex')}`;
}

async function waitUntil(what: string, predicate: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function pendingEvents(app: TestApp): Promise<number> {
  const rows = await app.database.db('outbox').whereNull('published_at').count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]!.count);
}

async function topicConfig(topic: string, names: string[]): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
    return Object.fromEntries(resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]));
  } finally {
    await admin.disconnect();
  }
}

/** What a consumer that reads the state topic from the beginning knows: the latest record per key, tombstones removing it. */
function currentView(records: TopicRecord[]): Map<string, Record<string, unknown>> {
  const view = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    if (record.value === null) view.delete(record.key);
    else view.set(record.key, (JSON.parse(record.value) as { data: Record<string, unknown> }).data);
  }
  return view;
}

function withoutHealthData(patient: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patient).filter(([field]) => !HEALTH_FIELDS.includes(field)));
}

describeWithKafka('the compacted state topic (patient-state) on the real broker', () => {
  let app: TestApp;
  let relay: OutboxRelay | undefined;

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await app.close();
  });

  it('is created with the stream topic when the relay starts, with their configuration, so a consumer can subscribe before the first event', async () => {
    const topic = freshTopic();
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(topic);
    } finally {
      await admin.disconnect();
    }
    relay = startRelay(app.database.url, topic);
    await waitUntil('the relay connected', () => relay!.stats().producerConnected);

    expect(await topicConfig(topic, ['cleanup.policy', 'retention.ms', 'segment.ms'])).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': String(TEST_TOPIC_SETTINGS.eventsRetentionMs),
      'segment.ms': String(TEST_TOPIC_SETTINGS.segmentMs),
    });
    expect(await topicConfig(stateTopicOf(topic), ['cleanup.policy', 'delete.retention.ms', 'max.compaction.lag.ms', 'segment.ms'])).toEqual({
      'cleanup.policy': 'compact',
      'delete.retention.ms': String(TEST_TOPIC_SETTINGS.tombstoneRetentionMs),
      'max.compaction.lag.ms': String(TEST_TOPIC_SETTINGS.maxCompactionLagMs),
      'segment.ms': String(TEST_TOPIC_SETTINGS.segmentMs),
    });
    const offsets = await (async () => {
      const a = kafka.admin();
      await a.connect();
      try {
        return await a.fetchTopicOffsets(stateTopicOf(topic));
      } finally {
        await a.disconnect();
      }
    })();
    expect(offsets).toHaveLength(TEST_TOPIC_SETTINGS.partitions);

    // Subscribe to both before anything was published: no UNKNOWN_TOPIC_OR_PARTITION, and the first event arrives.
    const consumer = kafka.consumer({ groupId: `test-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 50 });
    const seen: { topic: string; key: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic, stateTopicOf(topic)], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ topic: from, message }) => {
          seen.push({ topic: from, key: message.key?.toString('utf8') ?? '' });
          return Promise.resolve();
        },
      });
      const created = await app.api.post('/api/patients').send({ firstName: 'First', lastName: 'Event' }).expect(201);
      await waitUntil('the first event arrived on both topics', () => seen.filter((s) => s.key === created.body.id).length === 2);
      expect(seen.map((s) => s.topic).sort()).toEqual([topic, stateTopicOf(topic)].sort());
    } finally {
      await consumer.disconnect();
    }
  });

  it('lets a new consumer rebuild the current patients by reading it from the beginning (tombstones remove the deleted)', async () => {
    const topic = freshTopic();
    relay = startRelay(app.database.url, topic);
    const kept = await app.api.post('/api/patients').send(fullPatientInput({ lastName: 'Kept' })).expect(201);
    const changed = await app.api.post('/api/patients').send(fullPatientInput({ lastName: 'Before' })).expect(201);
    const gone = await app.api.post('/api/patients').send(fullPatientInput({ lastName: 'Gone' })).expect(201);
    await app.api.patch(`/api/patients/${changed.body.id}`).set('Content-Type', 'application/merge-patch+json').send({ lastName: 'After' }).expect(200);
    await app.api.delete(`/api/patients/${gone.body.id}`).expect(204);
    await waitUntil('the outbox is published', async () => (await pendingEvents(app)) === 0);

    const records = await readTopic(stateTopicOf(topic));
    const view = currentView(records);
    const { body: page } = await app.api.get('/api/patients?limit=100').expect(200);
    const current = new Map<string, Record<string, unknown>>((page.data as Record<string, unknown>[]).map((p) => [p.id as string, withoutHealthData(p)]));
    expect(current.size).toBe(2);
    expect(view).toEqual(current);
    expect(view.get(changed.body.id)?.lastName).toBe('After');
    expect(view.has(kept.body.id)).toBe(true);
    expect(view.has(gone.body.id)).toBe(false);

    // Every value is a valid event of the contract, without health data; a deletion is a bare tombstone.
    const contract = await eventContract();
    for (const record of records.filter((r) => r.value !== null)) {
      expect(contract.problems(JSON.parse(record.value!))).toEqual([]);
      for (const field of HEALTH_FIELDS) expect(record.value).not.toContain(`"${field}"`);
      expect(record.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
    }
    const ofGone = records.filter((r) => r.key === gone.body.id);
    expect(ofGone.map((r) => r.value === null)).toEqual([false, true]);
    expect(ofGone[1]!.headers).toEqual({});
    expect(new Set(ofGone.map((r) => r.partition)).size).toBe(1);
  });

  it('delivers a deleted patient\'s pending events first, in order on both topics, then erases them from the outbox', async () => {
    const topic = freshTopic();
    // No relay yet: the create and the update are still pending when the patient is deleted.
    const created = await app.api.post('/api/patients').send(fullPatientInput({ lastName: 'Pending' })).expect(201);
    const id: string = created.body.id;
    await app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Later' }).expect(200);
    await app.api.delete(`/api/patients/${id}`).expect(204);
    expect(await app.database.db('outbox').where({ aggregate_id: id }).orderBy('position').pluck('event_type')).toEqual(['patient.created', 'patient.updated', 'patient.deleted']);

    relay = startRelay(app.database.url, topic);
    await waitUntil('the outbox holds nothing of the patient', async () => Number((await app.database.db('outbox').where({ aggregate_id: id }).count<{ count: string }[]>({ count: '*' }))[0]!.count) === 0);

    const stream = (await readTopic(topic)).filter((r) => r.key === id);
    expect(stream.map((r) => (JSON.parse(r.value!) as { type: string }).type)).toEqual(['patient.created', 'patient.updated', 'patient.deleted']);
    const state = (await readTopic(stateTopicOf(topic))).filter((r) => r.key === id);
    expect(state.map((r) => (r.value === null ? 'tombstone' : (JSON.parse(r.value) as { type: string }).type))).toEqual(['patient.created', 'patient.updated', 'tombstone']);
  });
});
