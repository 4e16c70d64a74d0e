import pg from 'pg';
import { relayStatements } from '../../src/events/outbox';
import { relayLease } from '../../src/events/relay-lease';
import { startTestApp, type TestApp } from '../support/app';

// src/events/relay-lease.ts, markPublishedAndReadNext: the mark of a sent batch and the read of
// the next one, in one statement fenced by the lease. A leader whose lease passed to another
// instance (a higher epoch) marks nothing and reads nothing; the current leader marks its batch
// and reads the rows after it, never the ones it marks (the statement's snapshot still shows them
// pending).

describe('marking a batch and reading the next, fenced by the relay lease', () => {
  let app: TestApp;
  let client: pg.Client;
  let positions: string[];

  const pendingPositions = async (): Promise<string[]> => (await relayStatements.pending(client, 100)).map((row) => row.position);

  beforeAll(async () => {
    app = await startTestApp();
    client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    for (const lastName of ['Eins', 'Zwei', 'Drei', 'Vier']) {
      await app.api.post('/api/patients').query({ allowDuplicate: true }).send({ firstName: 'Fenja', lastName }).expect(201);
    }
    positions = await pendingPositions();
    expect(positions).toHaveLength(4);
  });
  afterAll(async () => {
    await client.end();
    await app.close();
  });

  it('marks nothing and reads nothing for a lease that passed to another holder', async () => {
    const old = await relayLease.acquire(client, 'old-leader', 1);
    expect(old).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = await relayLease.acquire(client, 'new-leader', 60_000);
    expect(current!.epoch).toBe(old!.epoch + 1);

    const result = await relayLease.markPublishedAndReadNext(client, positions.slice(0, 2), 'old-leader', old!, 10);
    expect(result).toEqual({ marked: false, next: [] });
    expect(await pendingPositions()).toEqual(positions);

    // The holder's name alone is not enough either: the epoch must be the lease's.
    const stale = await relayLease.markPublishedAndReadNext(client, positions.slice(0, 2), 'new-leader', { epoch: current!.epoch - 1 }, 10);
    expect(stale).toEqual({ marked: false, next: [] });
    expect(await pendingPositions()).toEqual(positions);
  });

  it("marks the current leader's batch and reads the rows after it, in outbox order, up to the limit", async () => {
    const lease = await relayLease.acquire(client, 'new-leader', 60_000);
    const first = await relayLease.markPublishedAndReadNext(client, positions.slice(0, 2), 'new-leader', lease!, 1);
    expect(first.marked).toBe(true);
    expect(first.next.map((row) => row.position)).toEqual([positions[2]]);
    expect(first.next[0]).toEqual(expect.objectContaining({ aggregate_id: expect.any(String), event_type: expect.any(String), payload: expect.any(String) }));
    expect(await pendingPositions()).toEqual(positions.slice(2));

    // A limit of 0 only marks (stop() does this with the last batch).
    const last = await relayLease.markPublishedAndReadNext(client, positions.slice(2), 'new-leader', lease!, 0);
    expect(last).toEqual({ marked: true, next: [] });
    expect(await pendingPositions()).toEqual([]);
  });
});
