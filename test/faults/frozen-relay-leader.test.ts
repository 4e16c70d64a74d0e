import { createApp } from '../../src/app';
import { kafkaPublisher, type EventPublisher } from '../../src/events/kafka-publisher';
import { topicSpecs } from '../../src/events/kafka-topics';
import { HealthChecks } from '../../src/health/checks';
import { createLogger } from '../../src/logger';
import { authorizedAgent } from '../support/app';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeWithKafka, EventCollector, KAFKA_BROKERS, startRelay, stateTopicOf, TEST_TOPIC_SETTINGS, uniqueTopic } from '../support/kafka';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// Issue 15, defect 4: a frozen relay leader (SIGSTOP) kept its advisory lock, so no instance
// delivered events for as long as it was frozen. Leadership is now a lease that a frozen leader
// loses within OUTBOX_LEASE_MS (5 s) plus a standby's retry (at most half of it), fenced by an
// epoch checked when the rows of a batch are marked published.
jest.setTimeout(300_000);

interface Readiness {
  checks: { kafka: { leader?: boolean; published?: number }; outbox: { pending: number | null; stalled?: boolean } };
}

async function readiness(service: ServiceProcess): Promise<Readiness> {
  return (await (await fetch(`${service.baseUrl}/health/ready`)).json()) as Readiness;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createPatients(service: ServiceProcess, count: number, name: string): Promise<string[]> {
  const authorization = await service.authorization();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${service.baseUrl}/api/patients`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ firstName: `${name}${i}`, lastName: 'Lease' }) });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

describeWithKafka('relay leadership when the leader freezes', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('passes to the other instance within the bound, and the resumed old leader publishes nothing', async () => {
    const topic = uniqueTopic();
    const collector = new EventCollector(topic);
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: KAFKA_BROKERS.join(','), KAFKA_TOPIC: topic, OUTBOX_POLL_INTERVAL_MS: '500' };
    const services: ServiceProcess[] = [];
    let frozen: ServiceProcess | undefined;
    let pid: number | undefined;
    try {
      const first = await startServiceProcess(env, 240_000);
      services.push(first);
      await until('the first instance to lead', async () => ((await readiness(first)).checks.kafka.leader ? true : undefined));
      const second = await startServiceProcess(env, 240_000);
      services.push(second);
      expect((await readiness(second)).checks.kafka.leader).toBe(false);

      const before = await createPatients(first, 10, 'Before');
      await collector.waitFor((events) => before.every((id) => events.some((e) => e.key === id)));
      // The consumer can see an event before the relay has marked it published (and counted it).
      const publishedBefore = await until('the first instance to count its 10 events', async () => {
        const { published } = (await readiness(first)).checks.kafka;
        return published !== undefined && published >= before.length ? published : undefined;
      });

      pid = first.pid;
      process.kill(pid, 'SIGSTOP');
      frozen = first;
      const frozenAt = Date.now();
      const during = await createPatients(second, 30, 'During');
      await collector.waitFor((events) => during.every((id) => events.some((e) => e.key === id)), 30_000);
      const deliveredAfterMs = Date.now() - frozenAt;
      console.log(`leader SIGSTOPped: the other instance delivered the 30 events written meanwhile ${deliveredAfterMs} ms after the freeze`);
      expect(deliveredAfterMs).toBeLessThan(12_000);
      expect((await readiness(second)).checks.kafka.leader).toBe(true);
      // Frozen for longer than it takes the other to lead: the old leader resumes as a zombie.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 12_000 - (Date.now() - frozenAt))));
      process.kill(pid, 'SIGCONT');
      frozen = undefined;

      await until('the old leader to step down', async () => ((await readiness(first)).checks.kafka.leader === false ? true : undefined), 10_000);
      const after = [...(await createPatients(first, 5, 'AfterA')), ...(await createPatients(second, 5, 'AfterB'))];
      await collector.waitFor((events) => after.every((id) => events.some((e) => e.key === id)), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const old = await readiness(first);
      expect(old.checks.kafka).toMatchObject({ leader: false, published: publishedBefore });
      expect(first.output()).toMatch(/another instance holds the relay lease: this instance stops publishing the outbox|passed to another instance/);
      expect((await readiness(second)).checks.outbox).toMatchObject({ pending: 0, stalled: false });

      // Every event arrived; each patient's creation exactly once.
      for (const id of [...before, ...during, ...after]) expect(collector.events.filter((e) => e.key === id)).toHaveLength(1);
      expect(collector.events.flatMap((e) => e.problems)).toEqual([]);
    } finally {
      if (frozen && pid) process.kill(pid, 'SIGCONT');
      for (const service of services) await service.kill('SIGKILL');
      await collector.close();
    }
  });

  it('fences a leader that resumes in the middle of a batch: its marks are refused and it stops publishing', async () => {
    const topic = uniqueTopic();
    const collector = new EventCollector(topic);
    const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
    // A's producer stops on its first send, as a process frozen inside publish() would.
    let release: () => void = () => undefined;
    let sends = 0;
    const held = new Promise<void>((resolve) => (release = resolve));
    const topics = { events: topic, state: stateTopicOf(topic) };
    const real = kafkaPublisher({ brokers: KAFKA_BROKERS, clientId: 'patient-service-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS), logger });
    const frozenPublisher: EventPublisher = {
      ...real,
      connect: () => real.connect(),
      close: () => real.close(),
      isConnected: () => real.isConnected(),
      async publish(messages) {
        sends += 1;
        await held;
        return real.publish(messages);
      },
    };
    const a = startRelay(database.url, topic, { publisher: frozenPublisher, leaseMs: 1_000 });
    let b: ReturnType<typeof startRelay> | undefined;
    try {
      await until('A to lead', () => (a.stats().leader ? true : undefined));
      const api = await authorizedAgent(createApp(await appDependencies(database.db)));
      const first = (await api.post('/api/patients').send({ firstName: 'Zombie', lastName: 'Batch' }).expect(201)).body as { id: string };
      await until('A to be inside publish()', () => (sends > 0 ? true : undefined));

      b = startRelay(database.url, topic, { leaseMs: 1_000 });
      await until('B to take over', () => (b!.stats().leader ? true : undefined), 5_000);
      await collector.waitFor((events) => events.some((e) => e.key === first.id));
      release();
      await until('A to step down', () => (!a.stats().leader ? true : undefined), 5_000);
      expect(a.stats().published).toBe(0);

      const later = (await api.post('/api/patients').send({ firstName: 'Later', lastName: 'Event' }).expect(201)).body as { id: string };
      await collector.waitFor((events) => events.some((e) => e.key === later.id));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(collector.events.filter((e) => e.key === later.id)).toHaveLength(1);
      expect(a.stats()).toMatchObject({ leader: false, published: 0 });
      expect(b.stats().published).toBe(2);
      // The rows are B's: marked once (A's marking statement changed nothing).
      const rows: { attempts: number }[] = await database.db('outbox').select('attempts').whereNotNull('published_at');
      expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
    } finally {
      release();
      await a.stop();
      await b?.stop();
      await collector.close();
    }
  });

  it('reports a backlog that stopped moving in /health/ready', async () => {
    const api = await authorizedAgent(createApp({ ...(await appDependencies(database.db)), health: new HealthChecks({ db: database.db, stallSeconds: 1 }) }));
    expect((await api.get('/health/ready').expect(200)).body.checks.outbox).toMatchObject({ pending: 0, stalled: false });
    await api.post('/api/patients').send({ firstName: 'Nobody', lastName: 'Relays' }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await api.get('/health/ready').expect(200)).body.checks.outbox).toMatchObject({ pending: 1, stalled: true });
  });
});
