import type { Knex } from 'knex';
import type { AuditAgent } from './audit-event';
import { auditEventPage, type AuditEventPage } from './audit-log';

/** Reading the access audit of a patient (the use case behind GET /api/patients/{id}/audit-events). */
export class AuditTrail {
  constructor(private readonly db: Knex) {}

  /**
   * A page of the patient's audit events, newest first, before `cursor`; the read is recorded
   * in the same statement. Answers for deleted patients too: the trail outlives the record.
   */
  page(patientId: string, limit: number, cursor: string | undefined, agent: AuditAgent): Promise<AuditEventPage> {
    return auditEventPage(this.db, agent, patientId, limit, cursor);
  }
}
