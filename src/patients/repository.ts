import type { Knex } from 'knex';
import type { AuditRecord } from '../audit/audit-event';
import { auditInsert, auditReadInsert, auditValues } from '../audit/audit-statements';
import { compileStatement, type Executor, type SlotMaker } from '../db/compiled-statement';
import type { Transaction } from '../db/transaction';
import { outboxInsert, outboxValues, type NewOutboxRow } from '../events/outbox';
import type { Patient } from './api-types';
import {
  deletePatientChange,
  insertPatientChange,
  PATIENT_BY_ID,
  PATIENT_FOR_UPDATE,
  patientById,
  patientValues,
  updatePatientChange,
  type PatientChange,
} from './statements';

/** A connection or an open transaction: reads take either, writes take the caller's transaction. */
export type { Executor };

// The read and its audit row in one statement: no patient is served without its audit row, and
// the audit costs no round trip. A missing patient is recorded as a refused 404. Exported, like
// the writes below, for the bench baseline, which sends the same statements with plain pg.
export const READ_PATIENT = compileStatement<Record<string, unknown>>('read-patient', (sql, slot) =>
  sql.with('patient', patientById(sql, slot)).with('audit', auditReadInsert(sql, slot, 'patient')).select('*').from('patient'),
);

/** Reads the patient, with the audit event of the read (`audit`, a refused 404 when there is no such patient). */
export async function readPatient(db: Knex, id: string, audit: AuditRecord): Promise<Patient | undefined> {
  const [row] = await READ_PATIENT.rows<Patient>(db, { id, ...auditValues(audit) });
  return row;
}

/** The patient, without an audit row of its own (the export records one for everything it reads). */
export async function findPatientById(executor: Executor, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_BY_ID.rows<Patient>(executor, { id });
  return row;
}

/** Reads the patient and locks its row until the transaction ends (writers on it queue up). */
export async function findPatientForUpdate(trx: Transaction, id: string): Promise<Patient | undefined> {
  const [row] = await PATIENT_FOR_UPDATE.rows<Patient>(trx, { id });
  return row;
}

// Every write is one statement with its outbox row and its audit row: all or none, in one round trip.
// The service builds the whole patient (every column given) and the event from it, so the row
// stored is the patient the event describes. The outbox row is written whatever the change
// matched: updates and deletes run in a transaction on a locked row, and roll back (event
// included) when it is gone.
function withEvent(name: string, change: PatientChange) {
  return compileStatement<Record<string, unknown>>(name, (sql: Knex, slot: SlotMaker<string>) =>
    sql
      .with('patient', change(sql, slot))
      .with('event', outboxInsert(sql, slot))
      .with('audit', auditInsert(sql, slot))
      .select('*')
      .from('patient'),
  );
}

export const INSERT_PATIENT = withEvent('insert-patient', insertPatientChange);
export const UPDATE_PATIENT = withEvent('update-patient', updatePatientChange);
const DELETE_PATIENT = withEvent('delete-patient', deletePatientChange);

/** Stores a new patient with its outbox and audit rows; returns the stored patient. */
export async function insertPatient(executor: Executor, patient: Patient, event: NewOutboxRow, audit: AuditRecord): Promise<Patient> {
  const [row] = await INSERT_PATIENT.rows<Patient>(executor, { ...patientValues(patient), ...outboxValues(event), ...auditValues(audit) });
  if (!row) throw new Error('inserting a patient returned no row');
  return row;
}

/**
 * Writes `patient` (its next state, version and updatedAt included) over the stored row with
 * the same id, with its outbox and audit rows. Call it in a transaction with the row locked
 * (findPatientForUpdate), so the version counts up by exactly one per write; undefined when
 * there is no such row, and then the transaction must roll back (the event was written).
 */
export async function updatePatient(trx: Transaction, patient: Patient, event: NewOutboxRow, audit: AuditRecord): Promise<Patient | undefined> {
  const [row] = await UPDATE_PATIENT.rows<Patient>(trx, { ...patientValues(patient), ...outboxValues(event), ...auditValues(audit) });
  return row;
}

/** Deletes the patient with its outbox and audit rows; false when there was none: roll back then, as for updatePatient. */
export async function deletePatient(trx: Transaction, id: string, event: NewOutboxRow, audit: AuditRecord): Promise<boolean> {
  const rows = await DELETE_PATIENT.rows(trx, { id, ...outboxValues(event), ...auditValues(audit) });
  return rows.length > 0;
}
