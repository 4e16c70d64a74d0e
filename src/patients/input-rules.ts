import type { FieldError } from '../errors';
import { todayInGermany } from '../german-date';
import type { PatientInput } from './api-types';

/**
 * Rules on patient input that a JSON schema cannot express. Field paths are relative to the
 * submitted patient.
 */
export function patientInputProblems(input: PatientInput, today = todayInGermany()): FieldError[] {
  const problems: FieldError[] = [];
  if (input.dateOfBirth && input.dateOfBirth > today) {
    problems.push({ field: 'dateOfBirth', message: 'must not be in the future' });
  }
  if (input.complaintsSince && input.complaintsSince > today) {
    problems.push({ field: 'complaintsSince', message: 'must not be in the future' });
  }
  for (const [day, slots] of Object.entries(input.timeAvailability ?? {})) {
    (slots ?? []).forEach((slot, index) => {
      if (slot.from >= slot.to) {
        problems.push({ field: `timeAvailability.${day}[${index}]`, message: 'from must be before to' });
      }
    });
  }
  return problems;
}
