import type { Knex } from 'knex';
import { compileStatement, type Executor } from '../db/compiled-statement';
import type { Transaction } from '../db/transaction';
import type { DuplicateCandidate } from '../errors';
import type { PatientInput } from './api-types';
import { PATIENTS_TABLE } from './statements';

/**
 * Likely duplicates of a patient being created: the same insurance number (KVNR); or the same
 * first and last name, folded by the database's rule (patient_fold_spelled: Mueller, Müller and
 * MÜLLER are one name), and the same date of birth; or the same email, case-insensitively. Each
 * arm is an index lookup (insurance_number, date_of_birth, lower(email)); ids only leave here.
 */
export const MAX_DUPLICATE_CANDIDATES = 10;

const SAME_NAME_AND_BIRTH =
  '(date_of_birth = ?::date and patient_fold_spelled(last_name) = patient_fold_spelled(?) and patient_fold_spelled(first_name) = patient_fold_spelled(?))';

/** What of a patient the duplicate rules look at. */
export type DuplicateKeys = Pick<PatientInput, 'insuranceNumber' | 'dateOfBirth' | 'lastName' | 'firstName' | 'email'>;

type Values = { insuranceNumber: unknown; dateOfBirth: unknown; lastName: unknown; firstName: unknown; email: unknown };

const DUPLICATES = compileStatement<Values>('patient-duplicates', (sql, slot) => {
  const name = [slot('dateOfBirth'), slot('lastName'), slot('firstName')] as unknown as Knex.Value[];
  return sql(PATIENTS_TABLE)
    .select(
      'id',
      sql.raw('coalesce(insurance_number = ?, false) as "insuranceNumber"', [slot('insuranceNumber') as unknown as Knex.Value]),
      sql.raw(`coalesce(${SAME_NAME_AND_BIRTH}, false) as "nameAndDateOfBirth"`, name),
      sql.raw('coalesce(lower(email) = lower(?), false) as "email"', [slot('email') as unknown as Knex.Value]),
    )
    .where((where) => {
      where
        .where('insurance_number', slot('insuranceNumber'))
        .orWhereRaw(SAME_NAME_AND_BIRTH, name)
        .orWhereRaw('lower(email) = lower(?)', [slot('email') as unknown as Knex.Value]);
    })
    .orderBy('created_at')
    .limit(MAX_DUPLICATE_CANDIDATES);
});

type Row = { id: string } & Record<DuplicateCandidate['matchedOn'][number], boolean>;

/**
 * Transaction-level advisory locks on the patient's duplicate keys, one per rule that applies
 * (the KVNR; the folded names with the date of birth; the lowered email: the very expressions
 * the candidates are matched on), taken in the order of their hashes so that two creates
 * sharing several keys cannot deadlock. Two creates of the same person queue on them; creates
 * of different people share no key and do not wait (unless two 64-bit hashes collide, which only
 * queues them). A hash namespace of its own: no other advisory lock of the service uses it.
 */
export const DUPLICATE_KEY_LOCKS = compileStatement<Values>('patient-duplicate-locks', (sql, slot) => {
  const value = (key: keyof Values) => slot(key) as unknown as Knex.RawBinding;
  return sql.raw(
    `select pg_advisory_xact_lock(lock_key) from (
      select distinct hashtextextended(duplicate_key, 0) as lock_key
      from unnest(array[
        'patient-duplicate:insurance-number:' || ?::text,
        'patient-duplicate:name-and-birth:' || ?::date::text || ':' || patient_fold_spelled(?::text) || ':' || patient_fold_spelled(?::text),
        'patient-duplicate:email:' || lower(?::text)
      ]) as duplicate_key
      where duplicate_key is not null
      order by lock_key
    ) as duplicate_keys`,
    [value('insuranceNumber'), value('dateOfBirth'), value('lastName'), value('firstName'), value('email')],
  ) as unknown as Knex.QueryBuilder;
});

/** The slot values of the duplicate statements (exported with DUPLICATE_KEY_LOCKS for the bench baseline). */
export function valuesOf(input: DuplicateKeys): Values {
  return {
    insuranceNumber: input.insuranceNumber ?? null,
    // Without a date of birth, names alone are no evidence.
    dateOfBirth: input.dateOfBirth ?? null,
    lastName: input.lastName,
    firstName: input.firstName,
    email: input.email ?? null,
  };
}

/**
 * Locks `input`'s duplicate keys until `trx` ends. Taken before the duplicate check (its own
 * statement: in READ COMMITTED the check's snapshot then begins after the wait), so a second
 * create of the same person waits for the first to commit, and then finds it.
 */
export async function lockDuplicateKeys(trx: Transaction, input: DuplicateKeys): Promise<void> {
  await DUPLICATE_KEY_LOCKS.rows(trx, valuesOf(input));
}

/** The stored patients `input` may duplicate (at most MAX_DUPLICATE_CANDIDATES, oldest first). */
export async function findDuplicateCandidates(executor: Executor, input: DuplicateKeys): Promise<DuplicateCandidate[]> {
  const rows = await DUPLICATES.rows<Row>(executor, valuesOf(input));
  return rows.map((row) => ({ id: row.id, matchedOn: (['insuranceNumber', 'nameAndDateOfBirth', 'email'] as const).filter((rule) => row[rule]) }));
}
