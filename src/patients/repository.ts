import knex, { type Knex } from 'knex';
import { compileStatement } from '../db/compiled-statement';
import { OUTBOX_TABLE, type OutboxRow } from '../events/outbox';
import { JSON_FIELDS, PATIENT_COLUMNS, PATIENT_SELECTION, WRITABLE_COLUMNS, type WritableField } from './columns';
import type { ListPatientsQuery, Patient, PatientInput } from './contract';

/** A connection or an open transaction: reads take either, writes take the caller's transaction. */
export type Executor = Knex | Knex.Transaction;

const TABLE = 'patients';

const SORT_COLUMNS = {
  createdAt: 'created_at',
  lastName: 'last_name',
  searchStartedOn: 'search_started_on',
} as const;

type SortKey = NonNullable<ListPatientsQuery['sort']>;

const NULLABLE_SORT_COLUMNS: ReadonlySet<string> = new Set([SORT_COLUMNS.searchStartedOn]);

export interface PatientListResult {
  rows: Patient[];
  total: number;
}

/** Column values for the fields present in `input`; with `resetMissing`, absent ones go to their column default. */
function toColumns(db: Executor, input: PatientInput, resetMissing: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(WRITABLE_COLUMNS) as [WritableField, string][]) {
    const value = input[field];
    if (value === undefined) {
      if (resetMissing) values[column] = db.raw('DEFAULT');
    } else {
      values[column] = JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value;
    }
  }
  return values;
}

/** Escapes LIKE wildcards so a search term matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function parseSort(sort: SortKey): { column: string; order: 'asc' | 'desc' } {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS;
  return { column: SORT_COLUMNS[key], order: descending ? 'desc' : 'asc' };
}

/** Builds SQL only (no connection): the statements compiled once at load time. */
const sqlBuilder = knex({ client: 'pg' });

/** GET by id is the hottest read: one prepared statement, built once. */
const PATIENT_BY_ID = compileStatement<{ id: string }>('patient-by-id', sqlBuilder, (slot) =>
  sqlBuilder(TABLE).select(PATIENT_SELECTION).where({ id: slot('id') }).first(),
);

export async function findPatientById(db: Knex, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_BY_ID.rows<Patient>(db, { id });
  return row;
}

/** Reads the patient and locks its row until the transaction ends (writers on it queue up). */
export async function findPatientForUpdate(trx: Knex.Transaction, id: string): Promise<Patient | undefined> {
  const row: unknown = await trx(TABLE).select(PATIENT_SELECTION).where({ id }).forUpdate().first();
  return row as Patient | undefined;
}

export async function listPatients(
  db: Executor,
  query: ListPatientsQuery & { limit: number; offset: number; sort: SortKey },
): Promise<PatientListResult> {
  const filtered = db(TABLE).where((where) => {
    if (query.status?.length) where.whereIn('status', query.status);
    if (query.preferredTherapistGender) where.where('preferred_therapist_gender', query.preferredTherapistGender);
    if (query.postalCode) where.where('postal_code', query.postalCode);
    if (query.city) where.whereRaw('lower(city) = lower(?)', [query.city]);
    if (query.search) {
      const pattern = likePattern(query.search);
      where.where((any) => {
        any.whereILike('first_name', pattern).orWhereILike('last_name', pattern).orWhereILike('email', pattern);
      });
    }
  });

  const { column, order } = parseSort(query.sort);
  const ordering = [
    // Empty dates last in both directions; the other sort columns are never empty, and naming
    // NULLS LAST there would keep PostgreSQL from walking their index backwards.
    { column, order, nulls: NULLABLE_SORT_COLUMNS.has(column) ? ('last' as const) : undefined },
    { column: 'id', order },
  ];
  const page = (
    query.search
      ? // A search term's matches cluster in the sort order (every "Schm..." sits under S), which
        // the planner cannot know: walking the sort index and filtering took 1.1 s at 1,000,000
        // patients. Fenced in a materialized CTE, the trigram indexes find the matches first,
        // and only their ids and sort keys are sorted for the page.
        db(TABLE)
          .withMaterialized('matches', filtered.clone().select('id', column))
          .select(PATIENT_SELECTION)
          .whereIn('id', db('matches').select('id').orderBy(ordering).limit(query.limit).offset(query.offset))
          .orderBy(ordering)
      : filtered.clone().select(PATIENT_SELECTION).orderBy(ordering).limit(query.limit).offset(query.offset)
  ) as Promise<Patient[]>;
  // The count runs beside the page on a second connection. (A count(*) OVER () window in the
  // page query saves that, but makes PostgreSQL build every matching row before it can stop at
  // the page: 1.1 s instead of milliseconds for 320,000 matches among 1,000,000 patients.)
  const count = filtered.clone().count<{ count: number }[]>({ count: '*' });
  const [rows, counted] = await Promise.all([page, count]);
  return { rows, total: Number(counted[0]?.count ?? 0) };
}

/** The stored form of a field's value: objects as JSON text (arrays go to text[] columns as arrays). */
function columnValue(field: keyof Patient, value: unknown): unknown {
  return JSON_FIELDS.has(field as WritableField) && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

const OUTBOX_COLUMNS = ['event_id', 'aggregate_id', 'event_type', 'payload'] as const satisfies readonly (keyof OutboxRow)[];

/**
 * A new patient and the event about it, in one statement: both rows or neither, in a single
 * round trip. Every column is given (the service built the whole patient), so the row stored is
 * the patient the event describes.
 */
const CREATE_PATIENT = compileStatement<Record<string, unknown>>('create-patient', sqlBuilder, (slot) =>
  sqlBuilder
    .with(
      'patient',
      sqlBuilder(TABLE)
        .insert(Object.fromEntries(Object.values(PATIENT_COLUMNS).map((column) => [column, slot(column)])))
        .returning(PATIENT_SELECTION),
    )
    .with('event', sqlBuilder(OUTBOX_TABLE).insert(Object.fromEntries(OUTBOX_COLUMNS.map((column) => [column, slot(`outbox.${column}`)]))))
    .select('*')
    .from('patient'),
);

/** Stores a new patient (built whole by the service) together with its outbox row; returns the stored patient. */
export async function insertPatient(executor: Executor, patient: Patient, event: OutboxRow): Promise<Patient> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PATIENT_COLUMNS) as [keyof Patient, string][]) {
    values[column] = columnValue(field, patient[field]);
  }
  for (const column of OUTBOX_COLUMNS) values[`outbox.${column}`] = event[column];
  const [row] = await CREATE_PATIENT.rows<Patient>(executor, values);
  if (!row) throw new Error('inserting a patient returned no row');
  return row;
}

/**
 * Replaces every writable field; returns undefined when there is no such patient. `updatedAt`
 * comes from the service's clock, like every timestamp it stores (see new-patient.ts).
 */
export async function replacePatient(trx: Knex.Transaction, id: string, input: PatientInput, updatedAt: string): Promise<Patient | undefined> {
  const rows: unknown[] = await trx(TABLE)
    .where({ id })
    .update({
      ...toColumns(trx, input, true),
      version: trx.raw('version + 1'),
      updated_at: updatedAt,
    })
    .returning(PATIENT_SELECTION);
  return rows[0] as Patient | undefined;
}

/** Deletes the patient; returns false when there was none. */
export async function deletePatient(trx: Knex.Transaction, id: string): Promise<boolean> {
  const deleted = await trx(TABLE).where({ id }).delete();
  return deleted > 0;
}
