import type { ListPatientsQuery } from '../patients/api-types';
import type { AuditQueryShape } from './audit-event';

/**
 * How each list parameter goes into the audit: `value` when its values cannot be personal
 * (enumerations and numbers), `given` when only the fact that it was given may be kept (free
 * text that can be a name, and the postal code, which narrows down where a person lives).
 * Total over the contract's parameters: a new one does not compile until it is classified.
 */
const KEPT = {
  status: 'value',
  preferredTherapistGender: 'value',
  sort: 'value',
  limit: 'value',
  offset: 'value',
  total: 'value',
  createdAfter: 'value',
  updatedAfter: 'value',
  // A flag: how the search words are compared, nothing of what they are.
  phonetic: 'value',
  postalCode: 'given',
  // A date of birth and a KVNR identify a person; a cursor is sealed but holds a sort key (a name).
  dateOfBirth: 'given',
  insuranceNumber: 'given',
  cursor: 'given',
  city: 'given',
  search: 'given',
} as const satisfies Record<keyof ListPatientsQuery, 'value' | 'given'>;

/** The shape of a search, for its audit events: no search text, no name, no postal code. */
export function queryShape(query: ListPatientsQuery): AuditQueryShape {
  const shape: Record<string, unknown> = {};
  for (const [name, kept] of Object.entries(KEPT) as [keyof ListPatientsQuery, 'value' | 'given'][]) {
    const value = query[name];
    if (value === undefined) continue;
    shape[name] = kept === 'value' ? value : true;
  }
  return shape;
}
