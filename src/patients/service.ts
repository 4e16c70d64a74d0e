import type { Knex } from 'knex';
import { InvalidInputError, NotFoundError } from '../errors';
import type { ListPatientsQuery, Patient, PatientInput, PatientPage } from './contract';
import * as repository from './repository';
import { patientInputProblems } from './rules';

/** A list query after the contract's defaults have been applied. */
export type ListQuery = ListPatientsQuery & Required<Pick<ListPatientsQuery, 'limit' | 'offset' | 'sort'>>;

/**
 * The patient use cases. Knows nothing about HTTP; every write runs in one transaction, so a
 * failure anywhere rolls the whole change back.
 */
export class PatientService {
  constructor(private readonly db: Knex) {}

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
    return this.db.transaction((trx) => repository.insertPatient(trx, input));
  }

  async replace(id: string, input: PatientInput): Promise<Patient> {
    assertValid(input);
    return this.db.transaction(async (trx) => {
      const patient = await repository.replacePatient(trx, id, input);
      if (!patient) throw notFound(id);
      return patient;
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (!(await repository.deletePatient(trx, id))) throw notFound(id);
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
