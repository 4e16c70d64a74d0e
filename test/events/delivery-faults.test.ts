import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { startTestApp, type TestApp, authorizedAgent } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { describeWithKafka, EventCollector, KAFKA_BROKERS, OwnBroker, startRelay, uniqueTopic, type ConsumedEvent } from '../support/kafka';
import { freePort } from '../support/postgres-server';
import { startServiceProcess } from '../support/service-process';

function byKey(events: ConsumedEvent[]): Map<string, ConsumedEvent[]> {
  const map = new Map<string, ConsumedEvent[]>();
  for (const e of events) map.set(e.key, [...(map.get(e.key) ?? []), e]);
  return map;
}

/** Drops redeliveries (same event id), as a consumer does. */
function distinct(events: ConsumedEvent[]): ConsumedEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.event.id) && seen.add(e.event.id));
}

async function outboxIds(app: TestApp): Promise<string[]> {
  const rows: { event_id: string }[] = await app.database.db('outbox').select('event_id').orderBy('position');
  return rows.map((r) => r.event_id);
}

describeWithKafka('event delivery under faults', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(() => app.close());

  it('loses nothing when Kafka is killed while patients are written, and keeps per-patient order', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-service-kafka-fault-'));
    const broker = new OwnBroker(await freePort(), dataDir);
    await broker.start();
    const topic = uniqueTopic();
    const relay = startRelay(app.database.url, topic, {}, broker.brokers);
    try {
      // Topic up and one event through before the crash.
      const warmup = new EventCollector(topic, broker.brokers);
      const first = await app.api.post('/api/patients').send({ firstName: 'Before', lastName: 'Crash' }).expect(201);
      await warmup.waitFor((all) => all.some((e) => e.key === first.body.id));
      await warmup.close();

      await broker.stop(true);
      const N = 30;
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const created = await app.api.post('/api/patients').send({ firstName: `Down${i}`, lastName: 'v0' }).expect(201);
        ids.push(created.body.id);
        await app.api.put(`/api/patients/${created.body.id}`).send({ firstName: `Down${i}`, lastName: 'v1' }).expect(200);
      }
      const pending = await app.database.db('outbox').whereNull('published_at').count<{ count: string }[]>({ count: '*' });
      expect(Number(pending[0]!.count)).toBe(2 * N);

      await broker.start();
      const collector = new EventCollector(topic, broker.brokers);
      try {
        const events = await collector.waitFor((all) => new Set(all.map((e) => e.event.id)).size >= 1 + 2 * N, 60_000);
        expect(events.every((e) => e.problems.length === 0)).toBe(true);
        const perPatient = byKey(distinct(events));
        for (const id of ids) {
          expect(perPatient.get(id)!.map((e) => `${e.event.type}:${String(e.event.data.lastName)}`)).toEqual(['patient.created:v0', 'patient.updated:v1']);
        }
        expect(new Set(events.map((e) => e.event.id))).toEqual(new Set(await outboxIds(app)));
      } finally {
        await collector.close();
      }
    } finally {
      await relay.stop();
      await broker.stop().catch(() => undefined);
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('delivers what a killed service committed but had not published, once it runs again with a broker', async () => {
    const topic = uniqueTopic();
    // First life: no broker configured, so every event stays in the outbox; then SIGKILL.
    const first = await startServiceProcess({ DATABASE_URL: app.database.url, KAFKA_TOPIC: topic });
    expect(first.output()).toContain('KAFKA_BROKERS is not set: events are kept in the outbox');
    const api = supertest.agent(first.baseUrl).set('Authorization', await first.authorization());
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await api.post('/api/patients').send({ firstName: `Killed${i}`, lastName: 'Service' }).expect(201)).body.id);
    await first.kill('SIGKILL');
    expect(await app.database.db('outbox').whereNull('published_at').pluck('aggregate_id')).toEqual(ids);

    // Second life, with the broker: the backlog goes out, in order.
    const second = await startServiceProcess({ DATABASE_URL: app.database.url, KAFKA_TOPIC: topic, KAFKA_BROKERS: KAFKA_BROKERS.join(',') });
    const collector = new EventCollector(topic);
    try {
      const events = await collector.waitForCount(10);
      expect(events.map((e) => e.key)).toEqual(expect.arrayContaining(ids));
      expect(events.map((e) => e.event.id).sort()).toEqual((await outboxIds(app)).sort());
    } finally {
      await collector.close();
      await second.kill('SIGTERM');
    }
  }, 120_000);

  it('loses nothing when the service is killed mid-stream; redeliveries carry the same id and bytes', async () => {
    const topic = uniqueTopic();
    const env = { DATABASE_URL: app.database.url, KAFKA_TOPIC: topic, KAFKA_BROKERS: KAFKA_BROKERS.join(','), OUTBOX_POLL_INTERVAL_MS: '100' };
    const first = await startServiceProcess(env);
    const api = supertest.agent(first.baseUrl).set('Authorization', await first.authorization());
    let i = 0;
    const writer = async (): Promise<void> => {
      for (;;) {
        const res = await api.post('/api/patients').send({ firstName: `Stream${i++}`, lastName: 'Crash' }).catch(() => undefined);
        if (!res || res.status !== 201) return; // the process is gone
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    // Kill it mid-stream, once a fair number of writes have committed (however loaded the machine).
    const deadline = Date.now() + 30_000;
    while ((await outboxIds(app)).length < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.kill('SIGKILL');
    await writers;

    const second = await startServiceProcess(env);
    const collector = new EventCollector(topic);
    try {
      const committed = await outboxIds(app);
      expect(committed.length).toBeGreaterThanOrEqual(20);
      const events = await collector.waitFor((all) => new Set(all.map((e) => e.event.id)).size >= committed.length, 60_000);
      expect(new Set(events.map((e) => e.event.id))).toEqual(new Set(committed));
      const valueById = new Map<string, string>();
      for (const e of events) {
        expect(valueById.get(e.event.id) ?? e.value).toBe(e.value);
        valueById.set(e.event.id, e.value);
      }
    } finally {
      await collector.close();
      await second.kill('SIGTERM');
    }
  }, 120_000);

  it('keeps per-patient order when two instances write the same patients and leadership changes hands', async () => {
    const topic = uniqueTopic();
    const other = await authorizedAgent(createApp(await appDependencies(app.database.db)));
    const relays = [startRelay(app.database.url, topic), startRelay(app.database.url, topic)];
    const collector = new EventCollector(topic);
    try {
      const patients = await Promise.all(
        Array.from({ length: 8 }, async (_, p) => (await app.api.post('/api/patients').send({ firstName: `Shared${p}`, lastName: 'v0' }).expect(201)).body.id as string),
      );
      await Promise.all(
        patients.map(async (id, p) => {
          for (let v = 1; v <= 10; v++) {
            const instance = (v + p) % 2 === 0 ? app.api : other;
            await instance.put(`/api/patients/${id}`).send({ firstName: `Shared${p}`, lastName: `v${v}` }).expect(200);
            // Halfway, the current leader goes away; the other instance takes over.
            if (p === 0 && v === 5) {
              const leader = relays.findIndex((relay) => relay.stats().leader);
              expect(leader).toBeGreaterThanOrEqual(0);
              await relays.splice(leader, 1)[0]!.stop();
            }
          }
        }),
      );
      const events = await collector.waitFor((all) => new Set(all.map((e) => e.event.id)).size >= patients.length * 11, 60_000);
      const perPatient = byKey(distinct(events));
      for (const id of patients) {
        expect(perPatient.get(id)!.map((e) => e.event.data.lastName)).toEqual(Array.from({ length: 11 }, (_, v) => `v${v}`));
      }
    } finally {
      await collector.close();
      for (const relay of relays) await relay.stop();
    }
  }, 120_000);
});
