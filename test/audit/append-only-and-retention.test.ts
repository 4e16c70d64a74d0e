import { randomUUID } from 'node:crypto';
import { AuditRetention } from '../../src/audit/retention';
import { loadConfig } from '../../src/config';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';
import { auditRowsOf } from './audit-rows';

let app: TestApp;
let patientId: string;
beforeAll(async () => {
  app = await startTestApp();
  patientId = (await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann' }).expect(201)).body.id;
  // The first request builds the validator: slow on a loaded machine.
}, 90_000);
afterAll(() => app.close());

/** An audit row recorded `daysAgo` days ago (inserting is what the service may do; the date is the test's). */
async function oldRow(patient: string, daysAgo: number): Promise<void> {
  await app.database.db.raw(
    `INSERT INTO audit_events (recorded_at, action, operation, outcome, agent_subject, patient_id, field_groups, request_id)
     VALUES (now() - make_interval(days => ?), 'R', 'read', 'success', 'retention-test', ?, '{profile}', 'old')`,
    [daysAgo, patient],
  );
}

describe('audit_events is append-only for the service', () => {
  // The service's own pool (the same role, the same knex the app runs with).
  it.each([
    ['UPDATE', `UPDATE audit_events SET agent_subject = 'someone else'`],
    ['DELETE', 'DELETE FROM audit_events'],
    ['DELETE of one row', `DELETE FROM audit_events WHERE position = (SELECT min(position) FROM audit_events)`],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('refuses %s (SQLSTATE 42501) and changes nothing', async (_name, statement) => {
    const before = await auditRowsOf(app.database.db, patientId);
    expect(before.length).toBeGreaterThan(0);
    await expect(app.database.db.raw(statement)).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('append-only') });
    expect(await auditRowsOf(app.database.db, patientId)).toEqual(before);
  });

  it('still takes new rows', async () => {
    const before = (await auditRowsOf(app.database.db, patientId)).length;
    await app.api.get(`/api/patients/${patientId}`).expect(200);
    expect(await auditRowsOf(app.database.db, patientId)).toHaveLength(before + 1);
  });

  it('the purge function refuses a retention under one day', async () => {
    await expect(app.database.db.raw('SELECT purge_audit_events(0, 100)')).rejects.toThrow(/retention_days must be at least 1/);
  });

  it('the purge marker does not outlive the purge: a DELETE after it in the same session is refused again', async () => {
    let refused: unknown;
    await app.database.db
      .transaction(async (trx) => {
        await trx.raw('SELECT purge_audit_events(3650, 100)');
        refused = await trx.raw('DELETE FROM audit_events').then(
          () => undefined,
          (error: unknown) => error,
        );
      })
      // The refused DELETE aborted the transaction: its commit fails, which is not what is tested.
      .catch(() => undefined);
    expect(refused).toMatchObject({ code: '42501' });
    expect((await auditRowsOf(app.database.db, patientId)).length).toBeGreaterThan(0);
  });
});

describe('AUDIT_RETENTION_DAYS and the retention job', () => {
  it('defaults to 3650 days and refuses values under 1', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(3650);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS must be an integer from 1 to 36500/);
  });

  it('removes only the events older than the retention, in batches, and logs how many (and nothing personal)', async () => {
    const patient = randomUUID();
    for (const daysAgo of [400, 380, 370, 366]) await oldRow(patient, daysAgo);
    await oldRow(patient, 300);
    const logs = captureLogs();
    const retention = new AuditRetention({ db: app.database.db, logger: logs.logger, retentionDays: 365, intervalMs: 3_600_000, batchSize: 3 });
    expect(await retention.runOnce()).toBe(4);
    const left = await auditRowsOf(app.database.db, patient);
    expect(left).toHaveLength(1);
    // The service's own rows (recorded today) are untouched.
    expect((await auditRowsOf(app.database.db, patientId)).length).toBeGreaterThan(0);
    const line = logs.records().find((record) => record.msg?.toString().startsWith('audit retention'));
    expect(line).toMatchObject({ removed: 4, retentionDays: 365, msg: 'audit retention: removed 4 audit event(s) older than 365 days' });
    expect(logs.text()).not.toContain(patient);
    await retention.stop();
  });

  it('runs at start and on its interval until stopped', async () => {
    const patient = randomUUID();
    await oldRow(patient, 40);
    const logs = captureLogs();
    const retention = new AuditRetention({ db: app.database.db, logger: logs.logger, retentionDays: 30, intervalMs: 200 });
    retention.start();
    await waitFor(async () => (await auditRowsOf(app.database.db, patient)).length === 0);
    await oldRow(patient, 40);
    await waitFor(async () => (await auditRowsOf(app.database.db, patient)).length === 0);
    await retention.stop();
    await oldRow(patient, 40);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await auditRowsOf(app.database.db, patient)).toHaveLength(1);
    // At start, then on the interval (the rows of other tests may be removed too).
    expect(logs.records().filter((record) => typeof record.removed === 'number' && record.removed >= 1).length).toBeGreaterThanOrEqual(2);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the retention\'s range index', () => {
  it('summarizes each block range as it fills (autosummarize), so the purge never reads an unsummarized tail of the table', async () => {
    const { rows } = await app.database.db.raw<{ rows: { options: string[] | null }[] }>(
      `SELECT reloptions AS options FROM pg_class WHERE relname = 'audit_events_recorded_at' AND relkind = 'i'`,
    );
    expect(rows).toEqual([{ options: ['autosummarize=on'] }]);
  });
});
