import type { Knex } from 'knex';
import { compileStatement } from '../db/compiled-statement';
import { OUTBOX_TABLE, type OutboxRow } from '../events/outbox';
import { JSON_FIELDS, PATIENT_COLUMNS, PATIENT_SELECTION, WRITABLE_COLUMNS, type WritableField } from './columns';
import type { Patient, PatientInput } from './contract';
import { listStatements, type ListQuery } from './list-query';

/** A connection or an open transaction: reads take either, writes take the caller's transaction. */
export type Executor = Knex | Knex.Transaction;

const TABLE = 'patients';

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

/** GET by id is the hottest read: one prepared statement, built once. */
const PATIENT_BY_ID = compileStatement<{ id: string }>('patient-by-id', (sql, slot) => sql(TABLE).select(PATIENT_SELECTION).where({ id: slot('id') }).first());

export async function findPatientById(db: Knex, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_BY_ID.rows<Patient>(db, { id });
  return row;
}

/** Reads the patient and locks its row until the transaction ends (writers on it queue up). */
export async function findPatientForUpdate(trx: Knex.Transaction, id: string): Promise<Patient | undefined> {
  const row: unknown = await trx(TABLE).select(PATIENT_SELECTION).where({ id }).forUpdate().first();
  return row as Patient | undefined;
}

/** A page of the list and the total of its matches (two statements, side by side on two connections). */
export async function listPatients(db: Knex, query: ListQuery): Promise<PatientListResult> {
  const { statements, values } = listStatements(query);
  const [rows, counted] = await Promise.all([statements.page.rows<Patient>(db, values), statements.count.rows<{ count: number }>(db, values)]);
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
const CREATE_PATIENT = compileStatement<Record<string, unknown>>('create-patient', (sql, slot) =>
  sql
    .with(
      'patient',
      sql(TABLE)
        .insert(Object.fromEntries(Object.values(PATIENT_COLUMNS).map((column) => [column, slot(column)])))
        .returning(PATIENT_SELECTION),
    )
    .with('event', sql(OUTBOX_TABLE).insert(Object.fromEntries(OUTBOX_COLUMNS.map((column) => [column, slot(`outbox.${column}`)]))))
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
