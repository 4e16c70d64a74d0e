import type { components } from '../../generated/openapi';

type PatientInput = components['schemas']['PatientInput'];

let people = 0;

/**
 * A patient input with every field set (valid per openapi.yaml). Each call is another person:
 * its own insurance number, email and date of birth, so two creates are not refused as likely
 * duplicates (test/patients/duplicates-at-intake.test.ts tests those).
 */
export function fullPatientInput(overrides: Partial<PatientInput> = {}): PatientInput {
  people += 1;
  const dateOfBirth = new Date(Date.UTC(1950, 0, 1) + (people % 20_000) * 86_400_000).toISOString().slice(0, 10);
  return {
    salutation: 'Frau',
    firstName: 'Erika',
    lastName: 'Mustermann',
    dateOfBirth,
    street: 'Musterstraße 1',
    postalCode: '10115',
    city: 'Berlin',
    email: `erika.mustermann+${people}@example.org`,
    phone: '+49 30 1234567',
    primaryCarePhysician: 'Dr. Hausarzt',
    healthInsurer: 'AOK Nordost',
    insuranceNumber: `A${String(people % 1e9).padStart(9, '0')}`,
    diagnosis: 'F32.1',
    status: 'searching',
    contractsSigned: true,
    consultationAttended: true,
    searchStartedOn: '2026-10-01',
    firstTherapyPlaceOn: null,
    workingTherapyPlaceOn: null,
    referredBy: 'Hausarztpraxis',
    lastContactOn: '2026-11-20',
    timeAvailability: { monday: [{ from: '08:00', to: '10:30' }], friday: [{ from: '14:00', to: '18:00' }] },
    locationAvailability: { maxDistanceKm: 12.5, maxTravelMinutes: 45 },
    transportMode: 'public_transport',
    openToGroupTherapy: true,
    openToDigitalHealthApps: false,
    preferredTherapistGender: 'female',
    excludedTherapistIds: ['therapist-1', 'therapist-2'],
    psychotherapyExperience: false,
    inpatientTreatment: false,
    occupationalSituation: 'employed',
    maritalStatus: 'married',
    currentComplaints: 'sleeplessness',
    complaintsSince: '2026-01-01',
    previousTreatments: 'none',
    physicalConditions: 'none',
    currentMedication: 'none',
    stressFactors: 'work',
    supportSystems: 'family',
    reasonForTherapy: 'low mood',
    therapyExpectations: 'coping strategies',
    therapyGoals: 'sleep through',
    previousTherapyExperiences: 'none',
    ...overrides,
  };
}
