import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { OutboxRelay } from '../../src/events/relay';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, recordingPublisher, startRelay, uniqueTopic, type SentBatch } from '../support/kafka';

// src/events/relay.ts, between two batches:
// - lingerMs (OUTBOX_LINGER_MS): batches start at most every lingerMs, so commits close together
//   go to Kafka in one produce request; the first after a quiet spell goes at once, a full batch
//   is followed at once, and stop() does not wait for a linger to end.
// - the mark of a sent batch goes with the read of the next one, in one statement on the relay's
//   connection (src/events/relay-lease.ts, markPublishedAndReadNext), normally a linger after the
//   send; stop() marks the batch it sent last.

/** The relay's own connection, as src/events/relay.ts names it. */
const RELAY_CONNECTION = 'patient-service-outbox-relay';
// Long enough that no lease renewal cuts a linger short (the relay never lingers past one), and
// that the safety-net poll never comes within a test.
const LEASE_MS = 600_000;
const POLL_MS = 60_000;

describeWithKafka('the relay between batches', () => {
  let app: TestApp;
  let relay: OutboxRelay | undefined;
  let collector: EventCollector;
  let batches: SentBatch[];

  const create = async (lastName: string): Promise<string> => {
    const res = await app.api.post('/api/patients').query({ allowDuplicate: true }).send({ firstName: 'Lina', lastName }).expect(201);
    return res.body.id as string;
  };
  const delivered = (ids: string[]) => collector.waitFor((events) => ids.every((id) => events.some((event) => event.key === id)));
  const until = async (what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const waitForBatches = (count: number): Promise<void> => until(`${count} batches`, () => batches.length >= count);
  const published = async (id: string): Promise<boolean[]> =>
    (await app.database.db('outbox').where({ aggregate_id: id }).orderBy('position').select(app.database.db.raw('published_at IS NOT NULL AS published'))).map(
      (row: { published: boolean }) => row.published,
    );

  beforeEach(async () => {
    app = await startTestApp();
    collector = new EventCollector(uniqueTopic());
    batches = [];
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await collector.close();
    await app.close();
  });

  describe('lingering', () => {
    const LINGER_MS = 3_000;

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

  describe('marking what it sent', () => {
    it('sends one statement per batch under steady commits: the mark of each batch goes with the next read', async () => {
      const query = jest.spyOn(pg.Client.prototype, 'query');
      try {
        // A linger far longer than a create takes even on a loaded machine, and four writers: commits
        // keep coming within every linger, so each read after a batch finds the next one.
        relay = startRelay(app.database.url, collector.topic, { lingerMs: 150, leaseMs: LEASE_MS, pollIntervalMs: POLL_MS, publisher: recordingPublisher(collector.topic, batches) });
        await until('the relay to lead', () => relay!.stats().leader);
        // pg keeps what a client was made with in connectionParameters (not in its types).
        const relayStatements = (): number =>
          query.mock.contexts.filter((client) => (client as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name === RELAY_CONNECTION).length;
        const before = relayStatements();
        const batchesBefore = batches.length;
        const ids: string[] = [];
        const started = Date.now();
        const writer = async (): Promise<void> => {
          while (Date.now() - started < 3_000) ids.push(await create(`Mark${ids.length}`));
        };
        await Promise.all([writer(), writer(), writer(), writer()]);
        await collector.waitFor((events) => ids.every((id) => events.some((event) => event.key === id)));
        await until('the last batch to be marked', async () => (await published(ids.at(-1)!)).every(Boolean));
        const sent = batches.length - batchesBefore;
        const statements = relayStatements() - before;
        // Enough batches for the count to tell: a read and a mark of their own would be 2 per batch.
        expect(sent).toBeGreaterThanOrEqual(10);
        // A read and a mark per batch would be 2 per batch. Mostly one: a statement of its own only for
        // the first read after a gap between commits longer than the linger (each gap is one more).
        expect(statements).toBeLessThan(1.5 * sent);
        // Each event once: the read after a batch leaves out the rows it marks.
        const wanted = new Set(ids);
        expect(collector.events.filter((event) => wanted.has(event.key))).toHaveLength(ids.length);
        const [{ count }] = (await app.database.db('outbox').whereIn('aggregate_id', ids).whereNull('published_at').count({ count: '*' })) as [{ count: string | number }];
        expect(Number(count)).toBe(0);
      } finally {
        query.mockRestore();
      }
    });

    it('marks a batch a linger after its send when no commit follows (the safety-net poll is a minute away)', async () => {
      const LINGER_MS = 1_000;
      relay = startRelay(app.database.url, collector.topic, { lingerMs: LINGER_MS, leaseMs: LEASE_MS, pollIntervalMs: POLL_MS, publisher: recordingPublisher(collector.topic, batches) });
      const id = await create('Allein');
      await until('the batch to be sent', () => batches.length === 1);
      const sentAt = Date.now();
      await until('the row to be marked published', async () => (await published(id)).every(Boolean), 10_000);
      // The mark waited for the linger, in which a commit would have joined it.
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(LINGER_MS / 2);
      // Counted once marked (the count follows the statement's answer on the relay's side).
      await until('the relay to count it', () => relay!.stats().published === 1, 5_000);
    });

    it('marks the batch it sent last when stopped during the linger, so the next relay does not send it again', async () => {
      const held = startRelay(app.database.url, collector.topic, { lingerMs: 60_000, leaseMs: LEASE_MS, pollIntervalMs: POLL_MS, publisher: recordingPublisher(collector.topic, batches) });
      relay = held; // stopped by afterEach if the test fails before its own stop
      const first = await create('Erste');
      await until('the batch to be sent', () => batches.length === 1);
      // Sent, its mark waiting for the linger's end (60 s).
      expect(await published(first)).toEqual([false]);
      relay = undefined;
      await held.stop();
      expect(await published(first)).toEqual([true]);

      const nextBatches: SentBatch[] = [];
      relay = startRelay(app.database.url, collector.topic, { lingerMs: 0, publisher: recordingPublisher(collector.topic, nextBatches) });
      const second = await create('Zweite');
      await collector.waitFor((events) => events.some((event) => event.key === second));
      expect(nextBatches.flatMap((batch) => batch.keys)).toEqual([second]);
      expect(collector.events.filter((event) => event.key === first)).toHaveLength(1);
    });
  });
});
