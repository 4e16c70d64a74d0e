import { StatusTransitionError } from '../errors';
import type { PatientInput, PatientStatus } from './api-types';

/** The status a patient has when none is given (openapi.yaml's default; a test keeps them equal). */
export const DEFAULT_STATUS: PatientStatus = 'open';

/** The search process: which statuses may follow which (documented in openapi.yaml, PatientStatus). */
export const NEXT_STATUSES: Readonly<Record<PatientStatus, readonly PatientStatus[]>> = {
  open: ['searching', 'search_aborted'],
  searching: ['in_therapy', 'search_aborted'],
  in_therapy: ['therapy_completed', 'therapy_aborted'],
  search_aborted: ['searching'],
  therapy_aborted: ['searching'],
  therapy_completed: ['searching'],
};

/**
 * What entering the input's status implies: `searching` starts the search today and
 * `in_therapy` records the first therapy place today, unless the input sets the date. A create
 * enters its status too. Returns the input to store.
 */
export function enterStatus(input: PatientInput, today: string): PatientInput {
  const to = input.status ?? DEFAULT_STATUS;
  if (to === 'searching' && !input.searchStartedOn) return { ...input, searchStartedOn: today };
  if (to === 'in_therapy' && !input.firstTherapyPlaceOn) return { ...input, firstTherapyPlaceOn: today };
  return input;
}

/**
 * Checks a status change and applies what entering the new status implies (`enterStatus`).
 * Keeping the status is not a change. Returns the input to store.
 */
export function applyStatusChange(from: PatientStatus, input: PatientInput, today: string): PatientInput {
  const to = input.status ?? DEFAULT_STATUS;
  if (to === from) return input;
  if (!NEXT_STATUSES[from].includes(to)) throw new StatusTransitionError(from, to, NEXT_STATUSES[from]);
  return enterStatus(input, today);
}
