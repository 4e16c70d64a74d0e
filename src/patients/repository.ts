import type { Knex } from 'knex';
import { compileStatement, type SlotMaker } from '../db/compiled-statement';
import { OUTBOX_TABLE, type OutboxRow } from '../events/outbox';
import { JSON_FIELDS, PATIENT_COLUMNS, PATIENT_SELECTION, type WritableField } from './columns';
import type { Patient } from './contract';
import { listStatements, TOTAL_COLUMN, type ListQuery } from './list-query';

/** A connection or an open transaction: reads take either, writes take the caller's transaction. */
export type Executor = Knex | Knex.Transaction;

const TABLE = 'patients';

export interface PatientListResult {
  rows: Patient[];
  total: number;
}

/** GET by id is the hottest read: one prepared statement, built once. */
const PATIENT_BY_ID = compileStatement<{ id: string }>('patient-by-id', (sql, slot) => sql(TABLE).select(PATIENT_SELECTION).where({ id: slot('id') }).first());

export async function findPatientById(db: Knex, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_BY_ID.rows<Patient>(db, { id });
  return row;
}

const PATIENT_FOR_UPDATE = compileStatement<{ id: string }>('patient-for-update', (sql, slot) =>
  sql(TABLE).select(PATIENT_SELECTION).where({ id: slot('id') }).forUpdate().first(),
);

/** Reads the patient and locks its row until the transaction ends (writers on it queue up). */
export async function findPatientForUpdate(trx: Knex.Transaction, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_FOR_UPDATE.rows<Patient>(trx, { id });
  return row;
}

/** A page of the list and the total of its matches. */
export async function listPatients(db: Knex, query: ListQuery): Promise<PatientListResult> {
  const { statements, values } = listStatements(query);
  const count = async (): Promise<number> => Number((await statements.count.rows<{ count: number }>(db, values))[0]?.count ?? 0);
  if (!statements.totalInPage) {
    // Side by side on two connections.
    const [rows, total] = await Promise.all([statements.page.rows<Patient>(db, values), count()]);
    return { rows, total };
  }
  const rows = await statements.page.rows<Patient & { [TOTAL_COLUMN]?: number }>(db, values);
  // No row to carry the total: no match at all, or a page past the end (then count).
  const total = rows.length > 0 ? Number(rows[0]![TOTAL_COLUMN]) : query.offset > 0 ? await count() : 0;
  for (const row of rows) delete row[TOTAL_COLUMN];
  return { rows, total };
}

/** The stored form of a field's value: objects as JSON text (arrays go to text[] columns as arrays). */
function columnValue(field: keyof Patient, value: unknown): unknown {
  return JSON_FIELDS.has(field as WritableField) && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

const OUTBOX_COLUMNS = ['event_id', 'aggregate_id', 'event_type', 'payload'] as const satisfies readonly (keyof OutboxRow)[];

/** The change (a data-modifying statement on patients) and its outbox row, as one statement. */
function withEvent(sql: Knex, slot: SlotMaker<string>, change: Knex.QueryBuilder): Knex.QueryBuilder {
  return sql
    .with('patient', change)
    .with('event', sql(OUTBOX_TABLE).insert(Object.fromEntries(OUTBOX_COLUMNS.map((column) => [column, slot(`outbox.${column}`)]))))
    .select('*')
    .from('patient');
}

/** Slot values for a whole patient (by column) and its outbox row. */
function patientAndEventValues(patient: Patient, event: OutboxRow): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PATIENT_COLUMNS) as [keyof Patient, string][]) {
    values[column] = columnValue(field, patient[field]);
  }
  for (const column of OUTBOX_COLUMNS) values[`outbox.${column}`] = event[column];
  return values;
}

// Every write is one statement with its outbox row: both rows or neither, in one round trip.
// The service builds the whole patient (every column given) and the event from it, so the row
// stored is the patient the event describes. The outbox row is written whatever the change
// matched: updates and deletes run in a transaction on a locked row, and roll back (event
// included) when it is gone.

const INSERT_PATIENT = compileStatement<Record<string, unknown>>('insert-patient', (sql, slot) =>
  withEvent(
    sql,
    slot,
    sql(TABLE)
      .insert(Object.fromEntries(Object.values(PATIENT_COLUMNS).map((column) => [column, slot(column)])))
      .returning(PATIENT_SELECTION),
  ),
);

/** Every column but the id and the creation time: what a replace or a patch writes. */
const UPDATED_COLUMNS = Object.values(PATIENT_COLUMNS).filter((column) => column !== 'id' && column !== 'created_at');

const UPDATE_PATIENT = compileStatement<Record<string, unknown>>('update-patient', (sql, slot) =>
  withEvent(
    sql,
    slot,
    sql(TABLE)
      .where({ id: slot('id') })
      .update(Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, slot(column)])))
      .returning(PATIENT_SELECTION),
  ),
);

const DELETE_PATIENT = compileStatement<Record<string, unknown>>('delete-patient', (sql, slot) =>
  withEvent(sql, slot, sql(TABLE).where({ id: slot('id') }).delete().returning('id')),
);

/** Stores a new patient with its outbox row; returns the stored patient. */
export async function insertPatient(executor: Executor, patient: Patient, event: OutboxRow): Promise<Patient> {
  const [row] = await INSERT_PATIENT.rows<Patient>(executor, patientAndEventValues(patient, event));
  if (!row) throw new Error('inserting a patient returned no row');
  return row;
}

/**
 * Writes `patient` (its next state, version and updatedAt included) over the stored row with
 * the same id, with its outbox row. Call it in a transaction with the row locked
 * (findPatientForUpdate), so the version counts up by exactly one per write; undefined when
 * there is no such row, and then the transaction must roll back (the event was written).
 */
export async function updatePatient(trx: Knex.Transaction, patient: Patient, event: OutboxRow): Promise<Patient | undefined> {
  const [row] = await UPDATE_PATIENT.rows<Patient>(trx, patientAndEventValues(patient, event));
  return row;
}

/** Deletes the patient with its outbox row; false when there was none: roll back then, as for updatePatient. */
export async function deletePatient(trx: Knex.Transaction, id: string, event: OutboxRow): Promise<boolean> {
  const values: Record<string, unknown> = { id };
  for (const column of OUTBOX_COLUMNS) values[`outbox.${column}`] = event[column];
  const rows = await DELETE_PATIENT.rows(trx, values);
  return rows.length > 0;
}
