import { performance } from 'node:perf_hooks';
import type { OutboxRelay } from '../../src/events/relay';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, recordingPublisher, startRelay, uniqueTopic, type SentBatch } from '../support/kafka';

// src/events/relay.ts, lingerMs (OUTBOX_LINGER_MS): batches start at most every lingerMs, so
// commits close together go to Kafka in one produce request; the first after a quiet spell goes
// at once, a full batch is followed at once, and stop() does not wait for a linger to end.

describeWithKafka('the relay lingering between batches', () => {
  const LINGER_MS = 3_000;
  // Long enough that no lease renewal cuts a linger short (the relay never lingers past one).
  const LEASE_MS = 600_000;
  let app: TestApp;
  let relay: OutboxRelay | undefined;
  let collector: EventCollector;
  let batches: SentBatch[];

  const create = async (lastName: string): Promise<string> => {
    const res = await app.api.post('/api/patients').query({ allowDuplicate: true }).send({ firstName: 'Lina', lastName }).expect(201);
    return res.body.id as string;
  };
  const delivered = (ids: string[]) => collector.waitFor((events) => ids.every((id) => events.some((event) => event.key === id)));
  const waitForBatches = async (count: number): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (batches.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} batches, got ${batches.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  beforeEach(async () => {
    app = await startTestApp();
    const topic = uniqueTopic();
    collector = new EventCollector(topic);
    batches = [];
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await collector.close();
    await app.close();
  });

  it('sends the first commit after a quiet spell at once and the commits within the linger together, after it', async () => {
    relay = startRelay(app.database.url, collector.topic, { lingerMs: LINGER_MS, leaseMs: LEASE_MS, publisher: recordingPublisher(collector.topic, batches) });
    const first = await create('Erste');
    await waitForBatches(1);
    expect(batches.map((batch) => batch.size)).toEqual([1]);
    const after = [await create('Zweite'), await create('Dritte'), await create('Vierte')];
    await delivered([first, ...after]);
    // Without the linger each commit, one after the other, would wake a turn of its own.
    expect(batches.map((batch) => batch.size)).toEqual([1, 3]);
    expect(batches[1]!.at - batches[0]!.at).toBeGreaterThanOrEqual(LINGER_MS / 2);
  });

  it('follows a full batch at once: a backlog does not wait a linger per batch', async () => {
    relay = startRelay(app.database.url, collector.topic, { lingerMs: LINGER_MS, leaseMs: LEASE_MS, batchSize: 2, publisher: recordingPublisher(collector.topic, batches) });
    const first = await create('Erste');
    await waitForBatches(1);
    const backlog = [await create('B1'), await create('B2'), await create('B3'), await create('B4'), await create('B5')];
    await delivered([first, ...backlog]);
    expect(batches.map((batch) => batch.size)).toEqual([1, 2, 2, 1]);
    // The linger before the first full batch, none between the full batches and the rest.
    expect(batches[1]!.at - batches[0]!.at).toBeGreaterThanOrEqual(LINGER_MS / 2);
    expect(batches[3]!.at - batches[1]!.at).toBeLessThan(LINGER_MS);
  });

  it('stops without waiting for the linger to end; what it held back stays in the outbox for the next relay', async () => {
    const held = startRelay(app.database.url, collector.topic, { lingerMs: 60_000, leaseMs: LEASE_MS, publisher: recordingPublisher(collector.topic, batches) });
    relay = held; // stopped by afterEach if the test fails before its own stop
    await create('Erste');
    await waitForBatches(1);
    const later = await create('Spaeter');
    // The commit has woken the loop, which now lingers (up to 60 s) before its next batch.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopAsked = performance.now();
    relay = undefined;
    await held.stop();
    expect(performance.now() - stopAsked).toBeLessThan(30_000);
    expect(batches).toHaveLength(1);
    relay = startRelay(app.database.url, collector.topic, { lingerMs: 0 });
    await delivered([later]);
  });
});
