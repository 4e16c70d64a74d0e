import { OutboxRetention } from '../../src/events/outbox-retention';
import { createLogger } from '../../src/logger';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function outboxOf(id: string): Promise<{ event_type: string; published: boolean }[]> {
  const rows = await app.database.db('outbox').where({ aggregate_id: id }).orderBy('position').select('event_type', app.database.db.raw('published_at IS NOT NULL AS published'));
  return rows as { event_type: string; published: boolean }[];
}

describe('outbox retention (no broker needed)', () => {
  it('deletes published rows past the retention and keeps pending ones, without any relay', async () => {
    const old = await app.api.post('/api/patients').send({ firstName: 'Published', lastName: 'Long Ago' }).expect(201);
    const recent = await app.api.post('/api/patients').send({ firstName: 'Published', lastName: 'Just Now' }).expect(201);
    const pending = await app.api.post('/api/patients').send({ firstName: 'Never', lastName: 'Published' }).expect(201);
    // What an earlier run with a broker left behind; this run has none.
    await app.database.db('outbox').where({ aggregate_id: old.body.id }).update({ published_at: app.database.db.raw(`now() - interval '2 hours'`) });
    await app.database.db('outbox').where({ aggregate_id: recent.body.id }).update({ published_at: app.database.db.raw('now()') });

    const retention = new OutboxRetention({ db: app.database.db, logger: createLogger('silent'), retentionSeconds: 3600, intervalMs: 60_000 });
    await retention.runOnce();
    await retention.stop();

    expect(await outboxOf(old.body.id)).toEqual([]);
    expect(await outboxOf(recent.body.id)).toEqual([{ event_type: 'patient.created', published: true }]);
    expect(await outboxOf(pending.body.id)).toEqual([{ event_type: 'patient.created', published: false }]);
  });

  it('runs at start and then on its interval', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Timed', lastName: 'Cleanup' }).expect(201);
    const retention = new OutboxRetention({ db: app.database.db, logger: createLogger('silent'), retentionSeconds: 0, intervalMs: 50 });
    retention.start();
    try {
      await app.database.db('outbox').where({ aggregate_id: created.body.id }).update({ published_at: app.database.db.raw(`now() - interval '1 second'`) });
      const deadline = Date.now() + 5_000;
      while ((await outboxOf(created.body.id)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await outboxOf(created.body.id)).toEqual([]);
    } finally {
      await retention.stop();
    }
  });
});

describe('DELETE /api/patients/{id} and the outbox', () => {
  it('deletes the patient\'s published rows in the same transaction, and keeps the pending ones for delivery', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Half', lastName: 'Published' }).expect(201);
    await app.database.db('outbox').where({ aggregate_id: created.body.id }).update({ published_at: app.database.db.raw('now()') });
    await app.api.patch(`/api/patients/${created.body.id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Pending' }).expect(200);

    await app.api.delete(`/api/patients/${created.body.id}`).expect(204);
    expect(await outboxOf(created.body.id)).toEqual([
      { event_type: 'patient.updated', published: false },
      { event_type: 'patient.deleted', published: false },
    ]);
  });

  it('erases nothing when the delete fails its precondition', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Kept', lastName: 'Published' }).expect(201);
    await app.database.db('outbox').where({ aggregate_id: created.body.id }).update({ published_at: app.database.db.raw('now()') });
    await app.api.delete(`/api/patients/${created.body.id}`).set('If-Match', '"7"').expect(412);
    expect(await outboxOf(created.body.id)).toEqual([{ event_type: 'patient.created', published: true }]);
  });
});

describe('outbox retention with a backlog', () => {
  // Rows of patients that do not exist: the outbox has no foreign key, and this is about volume.
  async function publishedRows(count: number, publishedAgo: string): Promise<void> {
    await app.database.db.raw(
      `INSERT INTO outbox (event_id, aggregate_id, event_type, payload, published_at)
       SELECT gen_random_uuid(), gen_random_uuid(), 'patient.updated', '{"backlog":true}', now() - ?::interval FROM generate_series(1, ?)`,
      [publishedAgo, count],
    );
  }
  const backlogCount = () => app.database.db('outbox').whereRaw(`payload::text = '{"backlog":true}'`).count<{ count: string }[]>('* as count').then((rows) => Number(rows[0]!.count));

  it('deletes a backlog in batches of its batch size, each its own short statement, until none is left, and keeps the rows still in their retention', async () => {
    // What a lowered OUTBOX_RETENTION_HOURS, or a job that failed for a day, leaves behind.
    await publishedRows(1_050, '3 hours');
    await publishedRows(50, '10 minutes');
    const pending = await app.api.post('/api/patients').send({ firstName: 'Still', lastName: 'Pending' }).expect(201);
    const deletes: number[] = [];
    const onResponse = (response: { rowCount?: number | null }, query: { sql: string }) => {
      if (query.sql.startsWith('DELETE FROM outbox')) deletes.push(response.rowCount ?? -1);
    };
    app.database.db.on('query-response', onResponse);
    const logs = captureLogs();
    try {
      const retention = new OutboxRetention({ db: app.database.db, logger: logs.logger, retentionSeconds: 3600, intervalMs: 60_000, batchSize: 100 });
      await retention.runOnce();
      await retention.stop();
    } finally {
      app.database.db.off('query-response', onResponse);
    }
    // Ten full batches and the short one that ends the pass (one DELETE of all took them at once before).
    expect(deletes).toEqual([...Array<number>(10).fill(100), 50]);
    expect(await backlogCount()).toBe(50);
    expect(await outboxOf(pending.body.id)).toEqual([{ event_type: 'patient.created', published: false }]);
    expect(logs.records().find((record) => record.msg === 'deleted published outbox rows past retention')).toMatchObject({ deleted: 1_050 });
  });
});
