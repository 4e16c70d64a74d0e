import type { components, operations } from '../../generated/openapi';

/** Names for the generated contract types the patient component works with. */
export type Patient = components['schemas']['Patient'];
export type PatientInput = components['schemas']['PatientInput'];
export type PatientPatch = components['schemas']['PatientPatch'];
export type PatientPage = components['schemas']['PatientPage'];
export type PatientStatus = components['schemas']['PatientStatus'];
export type ListPatientsQuery = NonNullable<operations['listPatients']['parameters']['query']>;
