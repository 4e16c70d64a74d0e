import type { Knex } from 'knex';
import type { components } from '../../generated/openapi';
import { patientGroups, type AuditAgent, type AuditRecord } from '../audit/audit-event';
import { auditEventsOf, recordAuditEvent, recordAuditEventReturning } from '../audit/audit-log';
import { searchAuditValues } from '../audit/audit-statements';
import { markAudited } from '../audit/audited-errors';
import { queryShape } from '../audit/query-shape';
import { HEALTH_WRITE_SCOPE } from '../auth/caller';
import { HealthDataWriteForbiddenError, IdempotencyKeyOfDeletedPatientError, IdempotencyKeyReusedError, InvalidInputError, NotFoundError, PossibleDuplicateError, PreconditionFailedError } from '../errors';
import { erasePublishedEventsOf, type Outbox } from '../events/outbox';
import { todayInGermany } from '../german-date';
import { WRITABLE_COLUMNS, type WritableField } from './columns';
import type { Patient, PatientInput, PatientPage, PatientPatch } from './api-types';
import type { PatientEvents } from './events';
import { healthDataOf, healthFieldsIn, visiblePatient, type HealthAccess, type PatientRecord } from './health-data';
import { claimIdempotencyKey, eraseIdempotencyKeysOf, requestHash } from './idempotency-repository';
import type { InputDefaults } from './input-defaults';
import { applyMergePatch } from './merge-patch';
import { completeInput, newPatient } from './new-patient';
import * as repository from './repository';
import { findDuplicateCandidates, lockDuplicateKeys } from './duplicates';
import type { ListCursors } from './list-cursor';
import { readListPage } from './list-query';
import { patientInputProblems } from './input-rules';
import { applyStatusChange, enterStatus } from './status-rules';
import { versionMatches, type VersionCondition } from './version-condition';

import type { ListQuery } from './list-query';
import { inTransaction, type Transaction } from '../db/transaction';

export type { ListQuery };
export type PatientExport = components['schemas']['PatientExport'];

/** How a create treats likely duplicates (openapi.yaml, createPatient, "Duplicates"). */
export interface DuplicatePolicy {
  /** `allowDuplicate=true`: create whatever is stored. */
  allow: boolean;
  /** The caller may read patients, so a 409 may name the candidates' ids. */
  mayName: boolean;
}

export interface CreateResult {
  patient: PatientRecord;
  /** True when an earlier request with the same idempotency key created this patient (then it is the patient as it is now). */
  replayed: boolean;
}

export interface PatientServiceOptions {
  /** How long an idempotency key is remembered. */
  idempotencyKeyTtlSeconds: number;
  /** openapi.yaml's defaults for fields a create leaves out. */
  inputDefaults: InputDefaults;
  /** A list total is counted exactly up to this many matches, estimated above (total=estimate). */
  listExactTotalLimit: number;
  /** Seals the list's cursors and opens them (LIST_CURSOR_KEY). */
  listCursors: ListCursors;
}

/**
 * The patient use cases. Knows nothing about HTTP. Every write stores its event in the outbox
 * in the same statement as the change (updates and deletes in a transaction that locks the row
 * first), so a change and its event exist together or not at all; a write that fails a
 * precondition or a rule changes nothing and emits nothing. The service builds the changed
 * patient whole (new-patient.ts) and the event from it.
 *
 * Every access is audited (src/audit/): a write's audit row is part of the write's statement,
 * a read by id's part of the read's, a search's is stored before the page is returned. `agent`
 * is who asks.
 */
export class PatientService {
  constructor(
    private readonly db: Knex,
    private readonly outbox: Outbox,
    private readonly events: PatientEvents,
    private readonly options: PatientServiceOptions,
  ) {}

  async list(query: ListQuery, access: HealthAccess, agent: AuditAgent): Promise<PatientPage> {
    const audit = searchAuditValues(agent, { operation: 'search', fieldGroups: patientGroups(access), query: queryShape(query) });
    const { rows, ...page } = await readListPage((statement, values) => statement.rows(this.db, values), query, this.options.listExactTotalLimit, this.options.listCursors, audit);
    return { data: access.read ? rows : rows.map((row) => visiblePatient(row, access)), ...page, limit: query.limit, offset: query.offset };
  }

  async get(id: string, access: HealthAccess, agent: AuditAgent): Promise<PatientRecord> {
    const patient = await repository.readPatient(this.db, id, { agent, entry: { operation: 'read', patientId: id, fieldGroups: patientGroups(access) } });
    // The read's statement recorded the 404 already.
    if (!patient) throw markAudited(notFound(id));
    return visiblePatient(patient, access);
  }

  /**
   * Everything held about the patient (GDPR Art. 15/20): the whole record and its audit events,
   * read from one snapshot, and the export's own audit event. A deleted patient's audit events
   * are still exported (with `patient: null`); not found only when there is neither.
   */
  async export(id: string, agent: AuditAgent): Promise<PatientExport> {
    return inTransaction(this.db, 
      async (trx) => {
        const patient = await repository.findPatientById(trx, id);
        const events = await auditEventsOf(trx, id);
        // Rolled back with the transaction: the refusal audit records this 404 afterwards.
        if (!patient && events.length === 0) throw notFound(id);
        const own = await recordAuditEventReturning(trx, { agent, entry: { operation: 'export', patientId: id, fieldGroups: patient ? ['profile', 'health', 'audit'] : ['audit'] } });
        return { exportedAt: new Date().toISOString(), patientId: id, patient: patient ?? null, auditEvents: [...events, own] };
      },
      { isolationLevel: 'repeatable read' },
    );
  }

  /**
   * Creates a patient in any status, which it enters like a status change does (its start
   * dates); with an idempotency key a retry returns the patient the first
   * request created, read again (the key keeps its id, not a copy), or a
   * IdempotencyKeyOfDeletedPatientError once that patient was deleted. The patient and its
   * event are one statement, in a transaction with the duplicate check (and the claim of the
   * key, when there is one) that holds the locks of the patient's duplicate keys (duplicates.ts).
   */
  async create(input: PatientInput, access: HealthAccess, agent: AuditAgent, idempotencyKey?: string, duplicates: DuplicatePolicy = { allow: false, mayName: false }): Promise<CreateResult> {
    assertMayWrite(input, access);
    assertValid(input);
    const now = new Date();
    const draft = newPatient(enterStatus(input, todayInGermany(now)), this.options.inputDefaults, now.toISOString());
    const event = this.outbox.row(this.events.created(draft));
    const audit: AuditRecord = { agent, entry: { operation: 'create', patientId: draft.id, fieldGroups: patientGroups(access) } };
    return inTransaction(this.db, async (trx) => {
      if (idempotencyKey === undefined) {
        await assertNoDuplicate(trx, input, duplicates);
        return { patient: visiblePatient(await repository.insertPatient(trx, draft, event, audit), access), replayed: false };
      }
      const claim = await claimIdempotencyKey(trx, idempotencyKey, requestHash(input), draft.id, this.options.idempotencyKeyTtlSeconds);
      if (claim.kind === 'mismatch') throw new IdempotencyKeyReusedError();
      if (claim.kind === 'erased') throw new IdempotencyKeyOfDeletedPatientError();
      if (claim.kind === 'replay') {
        const earlier = await repository.findPatientById(trx, claim.patientId);
        // Deleted keys lose their fingerprint in the delete's transaction; this is a belt to those braces.
        if (!earlier) throw new IdempotencyKeyOfDeletedPatientError();
        await recordAuditEvent(trx, { agent, entry: { operation: 'create-replay', patientId: earlier.id, fieldGroups: patientGroups(access) } });
        return { patient: visiblePatient(earlier, access), replayed: true };
      }
      // After the claim: a replay is its own patient, not a duplicate. A 409 rolls the claim
      // back, so the key can be sent again with allowDuplicate=true.
      await assertNoDuplicate(trx, input, duplicates);
      return { patient: visiblePatient(await repository.insertPatient(trx, draft, event, audit), access), replayed: false };
    });
  }

  /**
   * Replaces every writable field (fields left out take their defaults); a caller who may not
   * write health data replaces the others and keeps the stored health data.
   */
  async replace(id: string, input: PatientInput, access: HealthAccess, agent: AuditAgent, condition?: VersionCondition): Promise<PatientRecord> {
    assertMayWrite(input, access);
    const audit: AuditRecord = { agent, entry: { operation: 'update', patientId: id, fieldGroups: patientGroups(access) } };
    const patient = await inTransaction(this.db, async (trx) => {
      const current = await this.lockForWrite(trx, id, condition);
      return this.write(trx, current, access.write ? input : { ...input, ...healthDataOf(current) }, audit);
    });
    return visiblePatient(patient, access);
  }

  /** Changes only the fields in the merge patch; the result must be valid as a whole. */
  async patch(id: string, patch: PatientPatch, access: HealthAccess, agent: AuditAgent, condition?: VersionCondition): Promise<PatientRecord> {
    assertMayWrite(patch, access);
    const audit: AuditRecord = { agent, entry: { operation: 'patch', patientId: id, fieldGroups: patientGroups(access) } };
    const patient = await inTransaction(this.db, async (trx) => {
      const current = await this.lockForWrite(trx, id, condition);
      const merged = applyMergePatch(writableFields(current), patch) as PatientInput;
      return this.write(trx, current, merged, audit);
    });
    return visiblePatient(patient, access);
  }

  async remove(id: string, agent: AuditAgent, condition?: VersionCondition): Promise<void> {
    const event = this.outbox.row(this.events.deleted(id));
    await inTransaction(this.db, async (trx) => {
      await this.lockForWrite(trx, id, condition);
      if (!(await repository.deletePatient(trx, id, event, { agent, entry: { operation: 'delete', patientId: id, fieldGroups: [] } }))) throw notFound(id);
      await this.eraseTraces(trx, id);
    });
  }

  /**
   * Erasure (GDPR Art. 17) of what else holds the deleted patient: its published outbox rows
   * (pending ones are still delivered, then the relay erases them) and the fingerprints of the
   * idempotency keys that created it. The Kafka state topic gets a tombstone through the
   * deletion's event.
   */
  private async eraseTraces(trx: Transaction, id: string): Promise<void> {
    await erasePublishedEventsOf(trx, id);
    await eraseIdempotencyKeysOf(trx, id);
  }

  /** The patient, locked for this transaction, after checking the caller's version condition. */
  private async lockForWrite(trx: Transaction, id: string, condition: VersionCondition | undefined): Promise<Patient> {
    const current = await repository.findPatientForUpdate(trx, id);
    if (!current) throw notFound(id);
    if (condition && !versionMatches(condition, current.version)) throw new PreconditionFailedError(current.version);
    return current;
  }

  /** Writes `input` (every writable field; left out: the contract's default) over the locked `current`, with its event and `audit`. */
  private async write(trx: Transaction, current: Patient, input: PatientInput, audit: AuditRecord): Promise<Patient> {
    assertValid(input);
    const now = new Date();
    const next = applyStatusChange(current.status, input, todayInGermany(now));
    const draft: Patient = {
      ...current,
      ...completeInput(next, this.options.inputDefaults),
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const patient = await repository.updatePatient(trx, draft, this.outbox.row(this.events.updated(draft)), audit);
    if (!patient) throw notFound(current.id);
    return patient;
  }
}

/**
 * Refuses a create that looks like a stored patient (unless allowed). First it locks the
 * patient's duplicate keys until `trx` ends, also when duplicates are allowed: a concurrent
 * create of the same person waits for this one to commit or roll back, then sees it.
 */
async function assertNoDuplicate(trx: Transaction, input: PatientInput, policy: DuplicatePolicy): Promise<void> {
  await lockDuplicateKeys(trx, input);
  if (policy.allow) return;
  const candidates = await findDuplicateCandidates(trx, input);
  if (candidates.length > 0) throw new PossibleDuplicateError(candidates.length, policy.mayName ? candidates : undefined);
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`No patient with id ${id}.`);
}

function writableFields(patient: Patient): Record<string, unknown> {
  return Object.fromEntries(Object.keys(WRITABLE_COLUMNS).map((field) => [field, patient[field as WritableField]]));
}

/** Health fields in a body need the health write scope, whatever their value (also null). */
function assertMayWrite(body: object, access: HealthAccess): void {
  if (access.write) return;
  const fields = healthFieldsIn(body);
  if (fields.length > 0) throw new HealthDataWriteForbiddenError(fields, HEALTH_WRITE_SCOPE);
}

function assertValid(input: PatientInput): void {
  const problems = patientInputProblems(input);
  if (problems.length > 0) {
    throw new InvalidInputError(problems.map((p) => ({ ...p, field: `body.${p.field}` })));
  }
}
