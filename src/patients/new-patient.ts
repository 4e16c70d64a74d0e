import { randomUUID } from 'node:crypto';
import { WRITABLE_COLUMNS, type WritableField } from './columns';
import type { Patient, PatientInput } from './api-types';
import type { InputDefaults } from './input-defaults';

/** Every writable field as it will be stored. */
export type CompleteInput = Pick<Patient, WritableField>;

/** Every writable field: the input's value, else the contract's default, else null. */
export function completeInput(input: PatientInput, defaults: InputDefaults): CompleteInput {
  const complete: Record<string, unknown> = {};
  for (const field of Object.keys(WRITABLE_COLUMNS) as WritableField[]) {
    const value = input[field];
    complete[field] = value !== undefined ? value : (defaults[field] ?? null);
  }
  return complete as CompleteInput;
}

/**
 * The patient a create will store, whole, before it is stored: id and timestamps come from the
 * service, so the insert and the event about it go to PostgreSQL in one statement (one round
 * trip instead of BEGIN, two INSERTs and COMMIT). All of the service's timestamps come from its
 * clock, the ones of updates too, so they never mix two clocks.
 */
export function newPatient(input: PatientInput, defaults: InputDefaults, now: string = new Date().toISOString()): Patient {
  return { id: randomUUID(), version: 1, createdAt: now, updatedAt: now, ...completeInput(input, defaults) };
}
