import { migrationConfig } from '../../src/db/migrate';
import { NEXT_STATUSES } from '../../src/patients/status-rules';
import { startTestApp, type TestApp } from '../support/app';

/**
 * patient_search (migration 20261201000500), the narrow copy a substring search reads: the
 * database keeps it equal to the patients table through every write, the copy goes with the
 * patient, and the migration copies the patients that were there before it.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const COPIED = ['id', 'status', 'search_text', 'last_name', 'created_at', 'updated_at', 'search_started_on'] as const;

/** The copied columns of the patient in both tables (undefined where the row is missing). */
async function bothRows(id: string): Promise<{ patient: unknown; copy: unknown }> {
  const columns = COPIED.join(', ');
  const [patient] = (await app.database.db.raw(`select ${columns} from patients where id = ?`, [id])).rows;
  const [copy] = (await app.database.db.raw(`select ${columns} from patient_search where id = ?`, [id])).rows;
  return { patient, copy };
}

async function searchIds(search: string, extra: Record<string, string> = {}): Promise<string[]> {
  const res = await app.api.get('/api/patients').query({ search, limit: '100', ...extra }).expect(200);
  return (res.body.data as { id: string }[]).map((p) => p.id);
}

describe('patient_search: the copy a search reads', () => {
  it('holds a created patient as the patients table does', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Wilhelmine', lastName: 'Kürschner', email: 'w.k@example.org', status: 'searching', searchStartedOn: '2026-11-02' }).expect(201);
    const { patient, copy } = await bothRows(created.body.id);
    expect(copy).toBeDefined();
    expect(copy).toEqual(patient);
    expect(await searchIds('wilhelmine kuersch')).toEqual([created.body.id]);
  });

  it('follows updates: a renamed patient is found by the new name only, a new status filters as stored', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Ottilie', lastName: 'Brandhuber' }).expect(201);
    const etag = created.headers.etag as string;
    await app.api.patch(`/api/patients/${created.body.id}`).set('If-Match', etag).set('Content-Type', 'application/merge-patch+json').send({ lastName: 'Quandtmeyer', status: 'searching' }).expect(200);
    const { patient, copy } = await bothRows(created.body.id);
    expect(copy).toEqual(patient);
    expect(await searchIds('ottilie brandhub')).toEqual([]);
    expect(await searchIds('ottilie quandt', { status: 'searching' })).toEqual([created.body.id]);
    expect(await searchIds('ottilie quandt', { status: 'open' })).toEqual([]);
  });

  it('is gone with the patient (erasure)', async () => {
    const created = await app.api.post('/api/patients').send({ firstName: 'Eberhardine', lastName: 'Zwiesel' }).expect(201);
    await app.api.delete(`/api/patients/${created.body.id}`).expect(204);
    expect(await bothRows(created.body.id)).toEqual({ patient: undefined, copy: undefined });
    expect(await searchIds('eberhardine')).toEqual([]);
  });

  it('answers a search with filters on columns only the patients table has (city, date of birth)', async () => {
    const inKoeln = await app.api.post('/api/patients').send({ firstName: 'Ludgera', lastName: 'Pfannkuch', city: 'Köln', dateOfBirth: '1980-05-06' }).expect(201);
    await app.api.post('/api/patients').send({ firstName: 'Ludgera', lastName: 'Pfannkuch', city: 'Bonn', dateOfBirth: '1981-05-06' }).expect(201);
    expect(await searchIds('ludgera pfann', { city: 'koeln' })).toEqual([inKoeln.body.id]);
    expect(await searchIds('ludgera pfann', { dateOfBirth: '1980-05-06' })).toEqual([inKoeln.body.id]);
    expect(await searchIds('ludgera pfann')).toHaveLength(2);
  });

  it('has a trigram index over all patients and one for every status the database knows (a search in a few statuses reads each from its own)', async () => {
    const statuses = (await app.database.db.raw(`select unnest(enum_range(null::patient_status))::text as status`)).rows.map((r: { status: string }) => r.status);
    expect(statuses.sort()).toEqual(Object.keys(NEXT_STATUSES).sort());
    const indexes = (await app.database.db.raw(`select indexdef from pg_indexes where tablename = 'patient_search' and indexdef like '%gin_trgm_ops%'`)).rows.map((r: { indexdef: string }) => r.indexdef);
    for (const status of statuses) expect(indexes.filter((definition: string) => definition.endsWith(`WHERE (status = '${status}'::patient_status)`))).toHaveLength(1);
    expect(indexes.filter((definition: string) => !definition.includes(' WHERE '))).toHaveLength(1);
  });

  it('finds every status without a status filter, and each match once with two statuses', async () => {
    const ids: Record<string, string> = {};
    for (const status of ['open', 'searching', 'search_aborted'] as const) {
      ids[status] = (await app.api.post('/api/patients').send({ firstName: 'Radegund', lastName: `Steinhäuser-${status}`, status }).expect(201)).body.id;
    }
    expect((await searchIds('radegund steinh')).sort()).toEqual(Object.values(ids).sort());
    // Four statuses: read from the index over all patients, the status a filter.
    const four = await app.api.get('/api/patients?search=radegund&status=open&status=searching&status=in_therapy&status=therapy_completed').expect(200);
    expect(four.body.data.map((p: { id: string }) => p.id).sort()).toEqual([ids.open, ids.searching].sort());
    expect(four.body.total).toBe(2);
    const twice = await app.api.get('/api/patients?search=radegund&status=open&status=searching').expect(200);
    expect(twice.body.data.map((p: { id: string }) => p.id).sort()).toEqual([ids.open, ids.searching].sort());
    expect(twice.body.total).toBe(2);
  });

  it('is filled by its migration with the patients there before it', async () => {
    const db = app.database.db;
    await db.migrate.down({ ...migrationConfig, name: '20261201000500_patient_search_table.ts' });
    try {
      expect((await db.raw(`select to_regclass('patient_search') as t`)).rows[0].t).toBeNull();
      const [{ id }] = (await db.raw(`insert into patients (first_name, last_name, status) values ('Hildegunde', 'Vorläufer', 'open') returning id`)).rows;
      await db.migrate.latest(migrationConfig);
      const { patient, copy } = await bothRows(id);
      expect(copy).toEqual(patient);
      expect(await searchIds('hildegunde vorlaeuf')).toEqual([id]);
    } finally {
      await db.migrate.latest(migrationConfig);
    }
  });
});
