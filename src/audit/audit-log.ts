import type { Executor } from '../db/compiled-statement';
import type { components } from '../../generated/openapi';
import type { AuditAgent, AuditEvent, AuditRecord } from './audit-event';
import {
  AUDIT_EVENTS_OF_PATIENT,
  AUDIT_PAGE,
  INSERT_AUDIT_EVENT,
  INSERT_AUDIT_EVENT_IF_PATIENT_EXISTS,
  INSERT_AUDIT_EVENT_RETURNING,
  auditValues,
  toAuditEvent,
  type AuditEventRow,
} from './audit-statements';

export type AuditEventPage = components['schemas']['AuditEventPage'];

/** Appends one audit event. */
export async function recordAuditEvent(executor: Executor, record: AuditRecord): Promise<void> {
  await INSERT_AUDIT_EVENT.rows(executor, auditValues(record));
}

/** Appends one audit event and returns it as stored. */
export async function recordAuditEventReturning(executor: Executor, record: AuditRecord): Promise<AuditEvent> {
  const [row] = await INSERT_AUDIT_EVENT_RETURNING.rows<AuditEventRow>(executor, auditValues(record));
  if (!row) throw new Error('inserting an audit event returned no row');
  return toAuditEvent(row);
}

/** Appends the audit event only when its patient exists (refusals without a verified caller). */
export async function recordIfPatientExists(executor: Executor, record: AuditRecord): Promise<void> {
  await INSERT_AUDIT_EVENT_IF_PATIENT_EXISTS.rows(executor, auditValues(record));
}

/** A page of the patient's audit events, newest first, before `cursor`; records this read in the same statement. */
export async function auditEventPage(db: Executor, agent: AuditAgent, patientId: string, limit: number, cursor: string | undefined): Promise<AuditEventPage> {
  const rows = await AUDIT_PAGE.rows<AuditEventRow>(db, {
    ...auditValues({ agent, entry: { operation: 'audit-read', patientId, fieldGroups: ['audit'] } }),
    patientId,
    cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(toAuditEvent), limit, nextCursor: rows.length > limit && last ? String(last.position) : null };
}

/** Every audit event of the patient, oldest first. */
export async function auditEventsOf(executor: Executor, patientId: string): Promise<AuditEvent[]> {
  return (await AUDIT_EVENTS_OF_PATIENT.rows<AuditEventRow>(executor, { patientId })).map(toAuditEvent);
}
