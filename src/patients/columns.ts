import type { Patient, PatientInput } from './api-types';

/**
 * Where each contract field is stored. Typed against the generated types: adding a field to
 * openapi.yaml without giving it a column (or the reverse) fails the build.
 */
type WritableField = keyof PatientInput;
type ReadOnlyField = Exclude<keyof Patient, WritableField>;

export const WRITABLE_COLUMNS = {
  salutation: 'salutation',
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  street: 'street',
  postalCode: 'postal_code',
  city: 'city',
  email: 'email',
  phone: 'phone',
  primaryCarePhysician: 'primary_care_physician',
  healthInsurer: 'health_insurer',
  insuranceNumber: 'insurance_number',
  status: 'status',
  contractsSigned: 'contracts_signed',
  consultationAttended: 'consultation_attended',
  searchStartedOn: 'search_started_on',
  firstTherapyPlaceOn: 'first_therapy_place_on',
  workingTherapyPlaceOn: 'working_therapy_place_on',
  referredBy: 'referred_by',
  lastContactOn: 'last_contact_on',
  timeAvailability: 'time_availability',
  locationAvailability: 'location_availability',
  transportMode: 'transport_mode',
  openToGroupTherapy: 'open_to_group_therapy',
  openToDigitalHealthApps: 'open_to_digital_health_apps',
  preferredTherapistGender: 'preferred_therapist_gender',
  excludedTherapistIds: 'excluded_therapist_ids',
  diagnosis: 'diagnosis',
  psychotherapyExperience: 'psychotherapy_experience',
  inpatientTreatment: 'inpatient_treatment',
  occupationalSituation: 'occupational_situation',
  maritalStatus: 'marital_status',
  currentComplaints: 'current_complaints',
  complaintsSince: 'complaints_since',
  previousTreatments: 'previous_treatments',
  physicalConditions: 'physical_conditions',
  currentMedication: 'current_medication',
  stressFactors: 'stress_factors',
  supportSystems: 'support_systems',
  reasonForTherapy: 'reason_for_therapy',
  therapyExpectations: 'therapy_expectations',
  therapyGoals: 'therapy_goals',
  previousTherapyExperiences: 'previous_therapy_experiences',
} as const satisfies Record<WritableField, string>;

const READ_ONLY_COLUMNS = {
  id: 'id',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<ReadOnlyField, string>;

export const PATIENT_COLUMNS = { ...READ_ONLY_COLUMNS, ...WRITABLE_COLUMNS } satisfies Record<keyof Patient, string>;

/** `column as field` for every field: rows come back in the API's shape. */
export const PATIENT_SELECTION: readonly string[] = Object.entries(PATIENT_COLUMNS).map(
  ([field, column]) => `${column} as ${field}`,
);

/** jsonb columns: objects are stored as JSON text (arrays go to text[] columns as arrays). */
export const JSON_FIELDS: ReadonlySet<WritableField> = new Set(['timeAvailability', 'locationAvailability']);

export type { WritableField };
