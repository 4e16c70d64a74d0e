import type { Knex } from 'knex';

/** An audit_events row as stored, for the audit tests. */
export interface StoredAuditRow {
  position: number;
  recorded_at: string;
  action: string;
  operation: string;
  outcome: string;
  refused_status: number | null;
  agent_subject: string;
  agent_client_id: string | null;
  patient_id: string | null;
  query: Record<string, unknown> | null;
  field_groups: string[];
  request_id: string;
}

/** The audit rows of a patient (or, with `null`, those without a patient), oldest first. */
export async function auditRowsOf(db: Knex, patientId: string | null): Promise<StoredAuditRow[]> {
  const query = db<StoredAuditRow>('audit_events').orderBy('position');
  return patientId === null ? query.whereNull('patient_id') : query.where({ patient_id: patientId });
}

/** The audit rows a request wrote, found by its request id. */
export async function auditRowsOfRequest(db: Knex, requestId: string): Promise<StoredAuditRow[]> {
  return db<StoredAuditRow>('audit_events').where({ request_id: requestId }).orderBy('position');
}
