import type { Knex } from 'knex';
import { HEALTH_WRITE_SCOPE } from '../auth/caller';
import { HealthDataWriteForbiddenError, IdempotencyKeyReusedError, InvalidInputError, NotFoundError, PreconditionFailedError } from '../errors';
import type { Outbox } from '../events/outbox';
import { todayInGermany } from '../german-date';
import { WRITABLE_COLUMNS, type WritableField } from './columns';
import type { Patient, PatientInput, PatientPage, PatientPatch } from './api-types';
import type { PatientEvents } from './events';
import { healthDataOf, healthFieldsIn, visiblePatient, type HealthAccess, type PatientRecord } from './health-data';
import { claimIdempotencyKey, completeIdempotencyKey, requestHash } from './idempotency-repository';
import type { InputDefaults } from './input-defaults';
import { applyMergePatch } from './merge-patch';
import { completeInput, newPatient } from './new-patient';
import * as repository from './repository';
import { patientInputProblems } from './input-rules';
import { applyStatusChange, enterStatus } from './status-rules';
import { versionMatches, type VersionCondition } from './version-condition';

import type { ListQuery } from './list-query';

export type { ListQuery };

export interface CreateResult {
  patient: PatientRecord;
  /** True when this is the stored result of an earlier request with the same idempotency key. */
  replayed: boolean;
}

export interface PatientServiceOptions {
  /** How long an idempotency key is remembered. */
  idempotencyKeyTtlSeconds: number;
  /** openapi.yaml's defaults for fields a create leaves out. */
  inputDefaults: InputDefaults;
}

/**
 * The patient use cases. Knows nothing about HTTP. Every write stores its event in the outbox
 * in the same statement as the change (updates and deletes in a transaction that locks the row
 * first), so a change and its event exist together or not at all; a write that fails a
 * precondition or a rule changes nothing and emits nothing. The service builds the changed
 * patient whole (new-patient.ts) and the event from it.
 */
export class PatientService {
  constructor(
    private readonly db: Knex,
    private readonly outbox: Outbox,
    private readonly events: PatientEvents,
    private readonly options: PatientServiceOptions,
  ) {}

  async list(query: ListQuery, access: HealthAccess): Promise<PatientPage> {
    const { rows, total } = await repository.listPatients(this.db, query);
    return { data: access.read ? rows : rows.map((row) => visiblePatient(row, access)), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string, access: HealthAccess): Promise<PatientRecord> {
    const patient = await repository.findPatientById(this.db, id);
    if (!patient) throw notFound(id);
    return visiblePatient(patient, access);
  }

  /**
   * Creates a patient in any status, which it enters like a status change does (its start
   * dates); with an idempotency key a retry returns the first result.
   * Without a key, the patient and its event are one statement; with one, the key is claimed
   * and completed in the same transaction as that statement.
   */
  async create(input: PatientInput, access: HealthAccess, idempotencyKey?: string): Promise<CreateResult> {
    assertMayWrite(input, access);
    assertValid(input);
    const now = new Date();
    const draft = newPatient(enterStatus(input, todayInGermany(now)), this.options.inputDefaults, now.toISOString());
    const event = this.outbox.row(this.events.created(draft));
    if (idempotencyKey === undefined) {
      return { patient: visiblePatient(await repository.insertPatient(this.db, draft, event), access), replayed: false };
    }
    return this.db.transaction(async (trx) => {
      const claim = await claimIdempotencyKey(trx, idempotencyKey, requestHash(input), this.options.idempotencyKeyTtlSeconds);
      if (claim.kind === 'mismatch') throw new IdempotencyKeyReusedError();
      if (claim.kind === 'replay') return { patient: visiblePatient(claim.body as Patient, access), replayed: true };
      const patient = await repository.insertPatient(trx, draft, event);
      await completeIdempotencyKey(trx, idempotencyKey, patient);
      return { patient: visiblePatient(patient, access), replayed: false };
    });
  }

  /**
   * Replaces every writable field (fields left out take their defaults); a caller who may not
   * write health data replaces the others and keeps the stored health data.
   */
  async replace(id: string, input: PatientInput, access: HealthAccess, condition?: VersionCondition): Promise<PatientRecord> {
    assertMayWrite(input, access);
    const patient = await this.db.transaction(async (trx) => {
      const current = await this.lockForWrite(trx, id, condition);
      return this.write(trx, current, access.write ? input : { ...input, ...healthDataOf(current) });
    });
    return visiblePatient(patient, access);
  }

  /** Changes only the fields in the merge patch; the result must be valid as a whole. */
  async patch(id: string, patch: PatientPatch, access: HealthAccess, condition?: VersionCondition): Promise<PatientRecord> {
    assertMayWrite(patch, access);
    const patient = await this.db.transaction(async (trx) => {
      const current = await this.lockForWrite(trx, id, condition);
      const merged = applyMergePatch(writableFields(current), patch) as PatientInput;
      return this.write(trx, current, merged);
    });
    return visiblePatient(patient, access);
  }

  async remove(id: string, condition?: VersionCondition): Promise<void> {
    const event = this.outbox.row(this.events.deleted(id));
    await this.db.transaction(async (trx) => {
      await this.lockForWrite(trx, id, condition);
      if (!(await repository.deletePatient(trx, id, event))) throw notFound(id);
    });
  }

  /** The patient, locked for this transaction, after checking the caller's version condition. */
  private async lockForWrite(trx: Knex.Transaction, id: string, condition: VersionCondition | undefined): Promise<Patient> {
    const current = await repository.findPatientForUpdate(trx, id);
    if (!current) throw notFound(id);
    if (condition && !versionMatches(condition, current.version)) throw new PreconditionFailedError(current.version);
    return current;
  }

  /** Writes `input` (every writable field; left out: the contract's default) over the locked `current`, with its event. */
  private async write(trx: Knex.Transaction, current: Patient, input: PatientInput): Promise<Patient> {
    assertValid(input);
    const now = new Date();
    const next = applyStatusChange(current.status, input, todayInGermany(now));
    const draft: Patient = {
      ...current,
      ...completeInput(next, this.options.inputDefaults),
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const patient = await repository.updatePatient(trx, draft, this.outbox.row(this.events.updated(draft)));
    if (!patient) throw notFound(current.id);
    return patient;
  }
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
