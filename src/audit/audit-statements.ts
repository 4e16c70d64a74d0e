import type { Knex } from 'knex';
import { compileStatement, type SlotMaker } from '../db/compiled-statement';
import { AUDIT_COLUMNS, auditRow, type AuditAgent, type AuditEntry, type AuditEvent, type AuditRecord } from './audit-event';

/**
 * The audit table (migrations/20261201000100_create_audit_events.ts) and every statement on it.
 * A write carries its audit row in its own statement (src/patients/repository.ts), GET by id
 * too; the rest are here.
 */
export const AUDIT_TABLE = 'audit_events';

// Explicit types: in `INSERT ... SELECT` PostgreSQL does not take a parameter's type from the
// target column.
const CASTS: Partial<Record<(typeof AUDIT_COLUMNS)[number], string>> = { refused_status: 'smallint', patient_id: 'uuid', query: 'jsonb', field_groups: 'text[]' };
const COLUMN_LIST = AUDIT_COLUMNS.join(', ');

function placeholder(column: (typeof AUDIT_COLUMNS)[number]): string {
  const cast = CASTS[column];
  return cast ? `?::${cast}` : '?';
}

/** The slot values of the audit statements for `record` (slots `audit.<column>`). */
export function auditValues({ agent, entry }: AuditRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(auditRow(agent, entry)).map(([column, value]) => [`audit.${column}`, value]));
}

function slots(slot: SlotMaker<string>, columns: readonly (typeof AUDIT_COLUMNS)[number][]): Knex.RawBinding[] {
  return columns.map((column) => slot(`audit.${column}`) as unknown as Knex.RawBinding);
}

const INSERT_VALUES = `insert into ${AUDIT_TABLE} (${COLUMN_LIST}) values (${AUDIT_COLUMNS.map(placeholder).join(', ')})`;

/** The insert of one audit row, for a CTE of a statement that changes or reads a patient. */
export function auditInsert(sql: Knex, slot: SlotMaker<string>): Knex.Raw {
  return sql.raw(INSERT_VALUES, slots(slot, AUDIT_COLUMNS));
}

const OUTCOME_FREE = AUDIT_COLUMNS.filter((column) => column !== 'outcome' && column !== 'refused_status');
// What a read decides by whether it found the patient: nothing is served when it did not.
const IF_FOUND: Partial<Record<(typeof AUDIT_COLUMNS)[number], (value: string) => string>> = {
  outcome: () => `case when found then 'success' else 'refused' end`,
  refused_status: () => 'case when found then null else 404 end',
  field_groups: (value) => `case when found then ${value} else '{}'::text[] end`,
};

/**
 * The audit row of a read by id, for a CTE beside the read (`found` names the CTE with the
 * patient): a success when the read found the patient, a refused 404 when not. One statement,
 * so a patient is never served without its audit row.
 */
export function auditReadInsert(sql: Knex, slot: SlotMaker<string>, found: string): Knex.Raw {
  const values = AUDIT_COLUMNS.map((column) => IF_FOUND[column]?.(placeholder(column)) ?? placeholder(column));
  return sql.raw(
    `insert into ${AUDIT_TABLE} (${COLUMN_LIST}) select ${values.join(', ')} from (select exists (select 1 from "${found}") as found) as result`,
    slots(slot, OUTCOME_FREE),
  );
}

/** One audit row, on its own (a replayed create, a refusal). */
export const INSERT_AUDIT_EVENT = compileStatement<Record<string, unknown>>('insert-audit-event', (sql, slot) =>
  sql.with('audit', auditInsert(sql, slot)).select(sql.raw('1')),
);

/**
 * The audit rows of a list page, for a CTE beside the page (`page` names the CTE with its
 * rows; `returned` selects the ids of those answered from it): one row per patient returned,
 * all with the search's shape, and one without a patient when the page is empty. One
 * statement with the page, so no patient is served without its audit row.
 */
export function auditPageInsert(sql: Knex, slot: SlotMaker<string>, page: string, returned: Knex.QueryBuilder): Knex.Raw {
  const shared = AUDIT_COLUMNS.filter((column) => column !== 'patient_id');
  const row = (patient: string) => AUDIT_COLUMNS.map((column) => (column === 'patient_id' ? patient : placeholder(column))).join(', ');
  return sql.raw(
    `insert into ${AUDIT_TABLE} (${COLUMN_LIST}) select ${row('returned.id')} from ? as returned union all select ${row('null::uuid')} where not exists (select 1 from "${page}")`,
    [...slots(slot, shared), returned, ...slots(slot, shared)],
  );
}

/** The slot values of {@link auditPageInsert}: a search's audit entry. */
export function searchAuditValues(agent: AuditAgent, entry: Omit<AuditEntry, 'patientId'>): Record<string, unknown> {
  return auditValues({ agent, entry: { ...entry, patientId: null } });
}

/**
 * The audit row of a refused attempt without a verified caller, kept only when the patient it
 * names exists: a flood of bad tokens with made-up ids writes nothing.
 */
export const INSERT_AUDIT_EVENT_IF_PATIENT_EXISTS = compileStatement<Record<string, unknown>>('insert-audit-event-if-patient', (sql, slot) =>
  sql
    .with(
      'audit',
      sql.raw(`insert into ${AUDIT_TABLE} (${COLUMN_LIST}) select ${AUDIT_COLUMNS.map(placeholder).join(', ')} where exists (select 1 from patients where id = ?::uuid)`, [
        ...slots(slot, AUDIT_COLUMNS),
        slot('audit.patient_id') as unknown as Knex.RawBinding,
      ]),
    )
    .select(sql.raw('1')),
);

/** The stored row as the statements select it. */
export interface AuditEventRow {
  position: number;
  recorded_at: string;
  action: AuditEvent['action'];
  operation: AuditEvent['operation'];
  outcome: AuditEvent['outcome'];
  refused_status: AuditEvent['refusedStatus'];
  agent_subject: string;
  agent_client_id: string | null;
  patient_id: string | null;
  query: AuditEvent['query'];
  field_groups: AuditEvent['fieldGroups'];
  request_id: string;
}

const SELECTED = ['position', 'recorded_at', ...AUDIT_COLUMNS];

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: String(row.position),
    recordedAt: row.recorded_at,
    action: row.action,
    operation: row.operation,
    outcome: row.outcome,
    refusedStatus: row.refused_status,
    agent: { subject: row.agent_subject, clientId: row.agent_client_id },
    patientId: row.patient_id,
    query: row.query,
    fieldGroups: row.field_groups,
    requestId: row.request_id,
  };
}

/** Largest bigint: the cursor of the first page. */
const NO_CURSOR = '9223372036854775807';

/**
 * A page of a patient's audit events, newest first, older than `cursor` (`limit` + 1 rows: one
 * more tells whether there is a next page), with the audit row of this read itself in the same
 * statement (it is not in its own page: a statement sees the table as it was when it began).
 */
export const AUDIT_PAGE = compileStatement<Record<string, unknown>>('audit-events-page', (sql, slot) =>
  sql
    .with('audit', auditInsert(sql, slot))
    .select(SELECTED)
    .from(AUDIT_TABLE)
    .where({ patient_id: slot('patientId') })
    .andWhere('position', '<', sql.raw(`coalesce(?::bigint, ${NO_CURSOR})`, [slot('cursor') as unknown as Knex.RawBinding]))
    .orderBy('position', 'desc')
    .limit(slot.int('limit')),
);

/** Every audit event of a patient, oldest first (the export). */
export const AUDIT_EVENTS_OF_PATIENT = compileStatement<{ patientId: string }>('audit-events-of-patient', (sql, slot) =>
  sql.select(SELECTED).from(AUDIT_TABLE).where({ patient_id: slot('patientId') }).orderBy('position', 'asc'),
);

/** One audit row, returned as stored (the export includes its own). */
export const INSERT_AUDIT_EVENT_RETURNING = compileStatement<Record<string, unknown>>('insert-audit-event-returning', (sql, slot) =>
  sql.with('audit', sql.raw(`${INSERT_VALUES} returning ${SELECTED.join(', ')}`, slots(slot, AUDIT_COLUMNS))).select('*').from('audit'),
);
