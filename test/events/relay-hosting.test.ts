import fs from 'node:fs';
import supertest from 'supertest';
import { RELAY_LEASE_TABLE } from '../../src/events/relay-lease';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, KAFKA_BROKERS, uniqueTopic } from '../support/kafka';
import { startServiceProcess } from '../support/service-process';

// The service as `npm start` runs it, with the relay on its thread (the default) and on the main
// thread (OUTBOX_RELAY_THREAD=false): the same delivery, probes, metrics, log lines and shutdown.
describeWithKafka('where the service runs its outbox relay', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  /** The names of the process's threads (a worker thread is named after its Worker's `name`). */
  const threadNames = (pid: number): string[] => fs.readdirSync(`/proc/${pid}/task`).map((task) => fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim());

  for (const [label, relayThread, logged, threaded] of [
    ['on a thread of its own (default)', undefined, 'from a thread of its own', true],
    ['on the main thread (OUTBOX_RELAY_THREAD=false)', 'false', 'on the main thread (OUTBOX_RELAY_THREAD=false)', false],
  ] as const) {
    it(`${label}: delivers, reports it in /health/ready and /metrics, logs whole lines, releases the lease on SIGTERM`, async () => {
      const topic = uniqueTopic();
      const service = await startServiceProcess({ DATABASE_URL: app.database.url, KAFKA_TOPIC: topic, KAFKA_BROKERS: KAFKA_BROKERS.join(','), OUTBOX_RELAY_THREAD: relayThread });
      const collector = new EventCollector(topic);
      try {
        const api = supertest.agent(service.baseUrl).set('Authorization', await service.authorization());
        const id = (await api.post('/api/patients').send({ firstName: 'Hosted', lastName: 'Relay' }).expect(201)).body.id as string;
        await collector.waitFor((all) => all.some((e) => e.key === id));
        expect(threadNames(service.pid).includes('outbox-relay')).toBe(threaded);

        // The counters reach the probe (from the thread's shared cells, or the relay itself).
        let kafka: Record<string, unknown> = {};
        for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
          kafka = ((await supertest(service.baseUrl).get('/health/ready')).body as { checks: { kafka: Record<string, unknown> } }).checks.kafka;
          if ((kafka.published as number) >= 1) break;
        }
        expect(kafka).toMatchObject({ status: 'up', leader: true, producerConnected: true, published: 1, failedAttempts: 0, lastError: null });
        const metrics = await (await fetch(`${service.metricsUrl}/metrics`)).text();
        expect(metrics).toMatch(/^outbox_events_published_total 1$/m);

        const lines = service.output().split('\n').filter((line) => line.startsWith('{'));
        const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(parsed.find((line) => typeof line.msg === 'string' && line.msg.startsWith('relaying events to Kafka topics'))?.msg).toContain(logged);
        expect(parsed.find((line) => line.msg === 'this instance now publishes the outbox')).toMatchObject({ service: 'patient-service', component: 'outbox-relay' });
      } finally {
        await collector.close();
        expect(await service.kill('SIGTERM')).toBe(0);
      }
      const lease = await app.database.db(RELAY_LEASE_TABLE).select(app.database.db.raw('expires_at <= now() AS free')).first();
      expect(lease).toEqual({ free: true });
    }, 120_000);
  }
});
