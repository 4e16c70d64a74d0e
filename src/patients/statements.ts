import type { Knex } from 'knex';
import { compileStatement, type SlotMaker } from '../db/compiled-statement';
import { JSON_FIELDS, PATIENT_COLUMNS, PATIENT_SELECTION, type WritableField } from './columns';
import type { Patient } from './api-types';

/**
 * The SQL on the patients table, built once by knex: the repository runs it (the reads and
 * writes with their audit and outbox rows), and the bench baseline sends the very same
 * statements with plain pg (bench/baseline/server.ts), so both send the same SQL by
 * construction. The list's statements are in list-query.ts.
 */
export const PATIENTS_TABLE = 'patients';
/** What a substring search reads: a copy of each patient's search text, status and sort keys, kept by the database (migration 20261201000500). */
export const SEARCH_TABLE = 'patient_search';

/** The patient with the id in slot `id`. */
export const patientById = (sql: Knex, slot: SlotMaker<'id'>): Knex.QueryBuilder => sql(PATIENTS_TABLE).select(PATIENT_SELECTION).where({ id: slot('id') });

/** The patient by id, as one prepared statement (a GET by id runs it with its audit row: src/patients/repository.ts). */
export const PATIENT_BY_ID = compileStatement<{ id: string }>('patient-by-id', (sql, slot) => patientById(sql, slot).first());

/** Reads the patient and locks its row until the transaction ends (writers on it queue up). */
export const PATIENT_FOR_UPDATE = compileStatement<{ id: string }>('patient-for-update', (sql, slot) =>
  sql(PATIENTS_TABLE).select(PATIENT_SELECTION).where({ id: slot('id') }).forUpdate().first(),
);

/** Every column but the id and the creation time: what a replace or a patch writes. */
const UPDATED_COLUMNS = Object.values(PATIENT_COLUMNS).filter((column) => column !== 'id' && column !== 'created_at');

/** A change: builds a data-modifying statement on patients with slots named by column. */
export type PatientChange = (sql: Knex, slot: SlotMaker<string>) => Knex.QueryBuilder;

/** Stores a whole patient (every column bound: the service makes the id and timestamps). */
export const insertPatientChange: PatientChange = (sql, slot) =>
  sql(PATIENTS_TABLE)
    .insert(Object.fromEntries(Object.values(PATIENT_COLUMNS).map((column) => [column, slot(column)])))
    .returning(PATIENT_SELECTION);

/** Writes a whole patient (its next version and updatedAt included) over the row with its id. */
export const updatePatientChange: PatientChange = (sql, slot) =>
  sql(PATIENTS_TABLE)
    .where({ id: slot('id') })
    .update(Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, slot(column)])))
    .returning(PATIENT_SELECTION);

export const deletePatientChange: PatientChange = (sql, slot) => sql(PATIENTS_TABLE).where({ id: slot('id') }).delete().returning('id');

/** The stored form of a field's value: objects as JSON text (arrays go to text[] columns as arrays). */
function columnValue(field: keyof Patient, value: unknown): unknown {
  return JSON_FIELDS.has(field as WritableField) && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

/** Slot values of a whole patient, by column. */
export function patientValues(patient: Partial<Record<keyof Patient, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PATIENT_COLUMNS) as [keyof Patient, string][]) {
    values[column] = columnValue(field, patient[field]);
  }
  return values;
}
