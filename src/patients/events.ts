import { randomUUID } from 'node:crypto';
import type { components, messages } from '../../generated/asyncapi';
import type { Patient } from './api-types';

type PatientEventData = components['schemas']['PatientEventData'];

/**
 * The fields of a patient that travel in events: an allow-list typed against asyncapi.yaml, so
 * a field is only published when the event contract says so. Health data never is.
 */
const EVENT_DATA_FIELDS = {
  id: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  salutation: true,
  firstName: true,
  lastName: true,
  dateOfBirth: true,
  street: true,
  postalCode: true,
  city: true,
  email: true,
  phone: true,
  primaryCarePhysician: true,
  healthInsurer: true,
  insuranceNumber: true,
  status: true,
  contractsSigned: true,
  consultationAttended: true,
  searchStartedOn: true,
  firstTherapyPlaceOn: true,
  workingTherapyPlaceOn: true,
  referredBy: true,
  lastContactOn: true,
  timeAvailability: true,
  locationAvailability: true,
  transportMode: true,
  openToGroupTherapy: true,
  openToDigitalHealthApps: true,
  preferredTherapistGender: true,
  excludedTherapistIds: true,
} as const satisfies Record<keyof PatientEventData, true>;

const FIELDS = Object.keys(EVENT_DATA_FIELDS) as (keyof PatientEventData)[];

function eventData(patient: Patient): PatientEventData {
  return Object.fromEntries(FIELDS.map((field) => [field, patient[field]])) as PatientEventData;
}

/** Builds the CloudEvents of the patient component; `source` is the CloudEvents source. */
export class PatientEvents {
  constructor(private readonly source: string) {}

  private envelope(subject: string, time: string) {
    return { specversion: '1.0', id: randomUUID(), source: this.source, subject, time, datacontenttype: 'application/json' } as const;
  }

  created(patient: Patient): messages['patient.created'] {
    return { ...this.envelope(patient.id, patient.updatedAt), type: 'patient.created', data: eventData(patient) };
  }

  updated(patient: Patient): messages['patient.updated'] {
    return { ...this.envelope(patient.id, patient.updatedAt), type: 'patient.updated', data: eventData(patient) };
  }

  deleted(id: string): messages['patient.deleted'] {
    return { ...this.envelope(id, new Date().toISOString()), type: 'patient.deleted', data: { id } };
  }
}
