import type { components } from '../../generated/openapi';
import { HEALTH_READ_SCOPE, HEALTH_WRITE_SCOPE, type Caller } from '../auth/caller';
import type { Patient } from './api-types';

type PatientHealth = components['schemas']['PatientHealth'];
export type PatientWithoutHealthData = components['schemas']['PatientWithoutHealthData'];
export type PatientRecord = components['schemas']['PatientRecord'];

/**
 * The health data of a patient: openapi.yaml's PatientHealth group, the one list of them
 * (typed against the generated type, so a new health field fails the build until it is here).
 * What a caller without the health scopes never gets, and may not write.
 */
const HEALTH = {
  diagnosis: true,
  psychotherapyExperience: true,
  inpatientTreatment: true,
  occupationalSituation: true,
  maritalStatus: true,
  currentComplaints: true,
  complaintsSince: true,
  previousTreatments: true,
  physicalConditions: true,
  currentMedication: true,
  stressFactors: true,
  supportSystems: true,
  reasonForTherapy: true,
  therapyExpectations: true,
  therapyGoals: true,
  previousTherapyExperiences: true,
} as const satisfies Record<keyof PatientHealth, true>;

export const HEALTH_FIELDS = Object.keys(HEALTH) as (keyof PatientHealth)[];
const IS_HEALTH_FIELD: ReadonlySet<string> = new Set(HEALTH_FIELDS);

/** What a caller may do with health data, from its scopes. */
export interface HealthAccess {
  read: boolean;
  write: boolean;
}

export function healthAccess(caller: Pick<Caller, 'scopes'>): HealthAccess {
  return { read: caller.scopes.has(HEALTH_READ_SCOPE), write: caller.scopes.has(HEALTH_WRITE_SCOPE) };
}

/** The patient as `access` may see it: whole, or without any health field. */
export function visiblePatient(patient: Patient, access: HealthAccess): PatientRecord {
  if (access.read) return patient;
  const visible: Record<string, unknown> = {};
  for (const field in patient) if (!IS_HEALTH_FIELD.has(field)) visible[field] = patient[field as keyof Patient];
  return visible as PatientWithoutHealthData;
}

/** The health fields a request body names (with any value, `null` too). */
export function healthFieldsIn(body: object): string[] {
  return Object.keys(body).filter((field) => IS_HEALTH_FIELD.has(field));
}

/** The stored health data of a patient, to keep them through a replace by a caller who may not write them. */
export function healthDataOf(patient: Patient): PatientHealth {
  return Object.fromEntries(HEALTH_FIELDS.map((field) => [field, patient[field]]));
}
