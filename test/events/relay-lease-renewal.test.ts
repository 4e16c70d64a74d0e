import type { OutboxRelay } from '../../src/events/relay';
import { relayLease } from '../../src/events/relay-lease';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithKafka, EventCollector, startRelay, uniqueTopic } from '../support/kafka';

// The relay leader renews its lease once a third of it has passed, not at every turn of its loop
// (a renewal is a committed write, and under steady writes the loop turns every few ms).
describeWithKafka('the relay lease under steady writes', () => {
  const LEASE_MS = 6_000;
  let app: TestApp;
  let relay: OutboxRelay;
  let collector: EventCollector;
  let acquire: jest.SpyInstance;

  beforeAll(async () => {
    app = await startTestApp();
    const topic = uniqueTopic();
    collector = new EventCollector(topic);
    acquire = jest.spyOn(relayLease, 'acquire');
    relay = startRelay(app.database.url, topic, { leaseMs: LEASE_MS, pollIntervalMs: 20 });
  });
  afterAll(async () => {
    acquire.mockRestore();
    await relay.stop();
    await collector.close();
    await app.close();
  });

  it('delivers every event while renewing about every third of the lease, and keeps the leadership', async () => {
    const ids: string[] = [];
    const started = Date.now();
    // ~5 s of writes, one after the other: each commit wakes the loop for a turn of its own.
    while (Date.now() - started < 5_000) {
      const res = await app.api.post('/api/patients').query({ allowDuplicate: true }).send({ firstName: 'Lea', lastName: `Lease${ids.length}` }).expect(201);
      ids.push(res.body.id as string);
    }
    const wanted = new Set(ids);
    await collector.waitFor((events) => events.filter((e) => wanted.has(e.key)).length >= ids.length);
    const seconds = (Date.now() - started) / 1000;
    const calls = acquire.mock.calls.length;
    const bound = Math.ceil(seconds / (LEASE_MS / 3 / 1000)) + 2;
    // Renewing at every turn would be a call per write or more: the writes must outnumber the bound for this to tell.
    expect(ids.length).toBeGreaterThan(2 * bound);
    // A third of 6 s: one call every 2 s, and the first.
    expect(calls).toBeLessThanOrEqual(bound);
    // It did renew (the lease would have run out within these seconds otherwise), and stayed leader.
    expect(calls).toBeGreaterThanOrEqual(Math.floor(seconds / (LEASE_MS / 1000)));
    expect(relay.stats().leader).toBe(true);
  });
});
