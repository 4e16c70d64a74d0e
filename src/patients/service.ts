import type { Knex } from 'knex';
import { InvalidInputError, NotFoundError } from '../errors';
import type { Outbox } from '../events/outbox';
import type { ListPatientsQuery, Patient, PatientInput, PatientPage } from './contract';
import type { PatientEvents } from './events';
import * as repository from './repository';
import { patientInputProblems } from './rules';

/** A list query after the contract's defaults have been applied. */
export type ListQuery = ListPatientsQuery & Required<Pick<ListPatientsQuery, 'limit' | 'offset' | 'sort'>>;

/**
 * The patient use cases. Knows nothing about HTTP. Every write runs in one transaction together
 * with its event in the outbox, so a change and its event exist together or not at all.
 */
export class PatientService {
  constructor(
    private readonly db: Knex,
    private readonly outbox: Outbox,
    private readonly events: PatientEvents,
  ) {}

  async list(query: ListQuery): Promise<PatientPage> {
    const { rows, total } = await repository.listPatients(this.db, query);
    return { data: rows, total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<Patient> {
    const patient = await repository.findPatientById(this.db, id);
    if (!patient) throw notFound(id);
    return patient;
  }

  async create(input: PatientInput): Promise<Patient> {
    assertValid(input);
    return this.db.transaction(async (trx) => {
      const patient = await repository.insertPatient(trx, input);
      await this.outbox.append(trx, this.events.created(patient));
      return patient;
    });
  }

  async replace(id: string, input: PatientInput): Promise<Patient> {
    assertValid(input);
    return this.db.transaction(async (trx) => {
      const patient = await repository.replacePatient(trx, id, input);
      if (!patient) throw notFound(id);
      await this.outbox.append(trx, this.events.updated(patient));
      return patient;
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (!(await repository.deletePatient(trx, id))) throw notFound(id);
      await this.outbox.append(trx, this.events.deleted(id));
    });
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`No patient with id ${id}.`);
}

function assertValid(input: PatientInput): void {
  const problems = patientInputProblems(input);
  if (problems.length > 0) {
    throw new InvalidInputError(problems.map((p) => ({ ...p, field: `body.${p.field}` })));
  }
}
