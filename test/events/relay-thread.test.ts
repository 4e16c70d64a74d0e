import net from 'node:net';
import { topicSpecs } from '../../src/events/kafka-topics';
import { createLogger } from '../../src/logger';
import { RELAY_LEASE_TABLE } from '../../src/events/relay-lease';
import { RelayThread, StatsCells, type RelayThreadSettings } from '../../src/events/relay-thread';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, KAFKA_BROKERS, stateTopicOf, TEST_TOPIC_SETTINGS, uniqueTopic } from '../support/kafka';

/** What server.ts starts the thread with, on `databaseUrl`, to `topic`, with short intervals. */
function settings(databaseUrl: string, topic: string, overrides: Partial<Omit<RelayThreadSettings, 'stats'>> = {}): Omit<RelayThreadSettings, 'stats'> {
  const topics = { events: topic, state: stateTopicOf(topic) };
  return {
    databaseUrl,
    kafka: { brokers: KAFKA_BROKERS, clientId: 'patient-service-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS) },
    relay: { batchSize: 100, pollIntervalMs: 200, maxBackoffMs: 500, leaseMs: 5_000 },
    logLevel: 'info',
    logBindings: { worker: 7 },
    ...overrides,
  };
}

const silent = createLogger('silent');

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the relay thread\'s shared counters', () => {
  it('start as a relay that does not lead yet, and read back what was written, undefined and large counts included', () => {
    expect(new StatsCells().read()).toEqual({ leader: false, published: 0, failedAttempts: 0, failedEvents: 0, failingSince: undefined, producerConnected: false });
    const writer = new StatsCells();
    const reader = new StatsCells(writer.buffer);
    writer.write({ leader: true, published: 2 ** 40 + 3, failedAttempts: 0, failedEvents: 5, failingSince: undefined, producerConnected: false });
    expect(reader.read()).toEqual({ leader: true, published: 2 ** 40 + 3, failedAttempts: 0, failedEvents: 5, failingSince: undefined, producerConnected: false });
    writer.write({ leader: false, published: 1, failedAttempts: 2, failedEvents: 3, failingSince: 1_796_178_700_186, producerConnected: true });
    expect(reader.read()).toEqual({ leader: false, published: 1, failedAttempts: 2, failedEvents: 3, failingSince: 1_796_178_700_186, producerConnected: true });
  });
});

describe('stopping a relay thread that does not stop', () => {
  it('ends the thread after 10 s, warns, and says the stop was not clean', async () => {
    // A "database" that accepts connections and never answers: the relay's connect waits (for its
    // lease, 10 min here), so its stop cannot finish.
    const sockets: net.Socket[] = [];
    const silentServer = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const { port } = silentServer.address() as net.AddressInfo;
    const warnings: string[] = [];
    const crashes: Error[] = [];
    const stuck = settings(`postgres://relay:secret@127.0.0.1:${port}/patients`, uniqueTopic(), { relay: { batchSize: 100, pollIntervalMs: 200, maxBackoffMs: 500, leaseMs: 600_000 } });
    const thread = RelayThread.start(stuck, createLogger('warn', { write: (line: string) => warnings.push(line) }), () => undefined, (error) => crashes.push(error));
    try {
      await until('the relay to connect', () => sockets.length > 0);
      const asked = Date.now();
      expect(await thread.stop()).toBe(false);
      const took = Date.now() - asked;
      expect(took).toBeGreaterThanOrEqual(10_000);
      expect(took).toBeLessThan(20_000);
      expect(warnings.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([expect.stringContaining('the outbox relay did not stop in time')]);
      expect(crashes).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      silentServer.close();
    }
  }, 30_000);
});

describeWithKafka('the outbox relay on a thread of its own', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('publishes committed writes, shows its counters and log lines on the main thread, and lets go of the lease when stopped', async () => {
    const topic = uniqueTopic();
    const collector = new EventCollector(topic);
    const lines: string[] = [];
    const crashes: Error[] = [];
    const thread = RelayThread.start(settings(app.database.url, topic), silent, (line) => lines.push(line), (error) => crashes.push(error));
    // Before the thread wrote its counters: a relay that does not lead yet, not one that fails.
    expect(thread.stats()).toEqual({ leader: false, producerConnected: false, published: 0, failedAttempts: 0, failedEvents: 0, failingSince: undefined, lastError: undefined });
    try {
      const created = await app.api.post('/api/patients').send({ firstName: 'Thea', lastName: 'Thread' }).expect(201);
      const id = created.body.id as string;
      const [event] = await collector.waitFor((all) => all.some((e) => e.key === id));
      expect(event!.event.type).toBe('patient.created');

      await until('the published count', () => thread.stats().published >= 1);
      expect(thread.stats()).toEqual({ leader: true, producerConnected: true, published: 1, failedAttempts: 0, failedEvents: 0, failingSince: undefined, lastError: undefined });
      // The thread's lines come whole, with the process's fields and the bindings it was given.
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
      expect(parsed.find((line) => line.msg === 'this instance now publishes the outbox')).toMatchObject({ level: 'info', service: 'patient-service', worker: 7, component: 'outbox-relay' });
    } finally {
      expect(await thread.stop()).toBe(true);
      await collector.close();
    }
    // Released on the way out: another instance may take it at once.
    const lease = await app.database.db(RELAY_LEASE_TABLE).select(app.database.db.raw('expires_at <= now() AS free')).first();
    expect(lease).toEqual({ free: true });
    expect(crashes).toEqual([]);
  });

  it('shows a broker it cannot reach as a failure with its error, from the thread', async () => {
    const topic = uniqueTopic();
    const unreachable = settings(app.database.url, topic);
    unreachable.kafka = { ...unreachable.kafka, brokers: ['127.0.0.1:1'] };
    const crashes: Error[] = [];
    const thread = RelayThread.start(unreachable, silent, () => undefined, (error) => crashes.push(error));
    try {
      await until('a failed attempt', () => thread.stats().failedAttempts >= 1 && thread.stats().lastError !== undefined);
      const stats = thread.stats();
      expect(stats.failingSince).toEqual(expect.any(Number));
      expect(stats.producerConnected).toBe(false);
      expect(stats.lastError).toMatch(/Kafka|connect/i);
    } finally {
      await thread.stop();
    }
    expect(crashes).toEqual([]);
  });

  it('reports a thread that fails, instead of going on without a relay', async () => {
    const crashes: Error[] = [];
    // pino refuses an unknown level: the thread's first statement throws.
    const thread = RelayThread.start(settings(app.database.url, uniqueTopic(), { logLevel: 'loudest' }), silent, () => undefined, (error) => crashes.push(error));
    await until('the crash report', () => crashes.length > 0);
    // Once, with the thread's own error (its 'error' and its 'exit' are one failure).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(crashes).toHaveLength(1);
    expect(crashes[0]!.message).toMatch(/loudest/);
    // Stopping a thread that is gone returns at once, and says it did not end cleanly.
    expect(await thread.stop()).toBe(false);
  });
});
