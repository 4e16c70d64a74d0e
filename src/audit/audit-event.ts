import type { components } from '../../generated/openapi';
import type { HealthAccess } from '../patients/health-data';

/** An audit event as the API serves it (openapi.yaml's AuditEvent). */
export type AuditEvent = components['schemas']['AuditEvent'];
export type AuditOperation = AuditEvent['operation'];
export type FieldGroup = AuditEvent['fieldGroups'][number];
export type AuditQueryShape = components['schemas']['AuditQueryShape'];
export type RefusedStatus = NonNullable<AuditEvent['refusedStatus']>;

/**
 * FHIR AuditEvent.action of each operation, total over the contract's operations. A replayed
 * create creates nothing and serves the stored patient again: a read. A search is an Execute,
 * as in BALP's Query profiles.
 */
const ACTIONS = {
  create: 'C',
  'create-replay': 'R',
  read: 'R',
  search: 'E',
  update: 'U',
  patch: 'U',
  delete: 'D',
  'audit-read': 'R',
  export: 'R',
} as const satisfies Record<AuditOperation, AuditEvent['action']>;

/** The agent of a request without a verified token (a 401). */
export const ANONYMOUS_SUBJECT = 'anonymous';

/** Who made the request, and its id: from the verified token and the request context. */
export interface AuditAgent {
  subject: string;
  clientId: string | null;
  requestId: string;
}

/** What one audit event records about an access. */
export interface AuditEntry {
  operation: AuditOperation;
  /** The patient; null for a search that returned nobody, or a refused search or create. */
  patientId: string | null;
  fieldGroups: readonly FieldGroup[];
  /** A search's shape (query-shape.ts); only for `search`. */
  query?: AuditQueryShape;
  /** The status of a refused attempt; unset: a success. */
  refusedStatus?: RefusedStatus;
}

/** One audit event to store: who, and what. */
export interface AuditRecord {
  agent: AuditAgent;
  entry: AuditEntry;
}

/** The field groups of a patient served to a caller with `access`. */
export function patientGroups(access: Pick<HealthAccess, 'read'>): FieldGroup[] {
  return access.read ? ['profile', 'health'] : ['profile'];
}

/** The audit table's columns a request writes (the rest are the database's: position, recorded_at). */
export const AUDIT_COLUMNS = ['action', 'operation', 'outcome', 'refused_status', 'agent_subject', 'agent_client_id', 'patient_id', 'query', 'field_groups', 'request_id'] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** The column values of `entry` by `agent`, as statements bind them. */
export function auditRow(agent: AuditAgent, entry: AuditEntry): Record<AuditColumn, unknown> {
  return {
    action: ACTIONS[entry.operation],
    operation: entry.operation,
    outcome: entry.refusedStatus === undefined ? 'success' : 'refused',
    refused_status: entry.refusedStatus ?? null,
    agent_subject: agent.subject,
    agent_client_id: agent.clientId,
    patient_id: entry.patientId,
    query: entry.query === undefined ? null : JSON.stringify(entry.query),
    field_groups: [...entry.fieldGroups],
    request_id: agent.requestId,
  };
}
