/**
 * Type test, checked by `npm run typecheck` (tsc, in CI), not run by jest: inline request
 * bodies and options of the SDK are exact. Each `@ts-expect-error` must meet an error, or tsc
 * fails with "Unused '@ts-expect-error' directive"; the calls without it must compile.
 * The calls are never made: the client is declared, not created.
 */
import type { PatientClient } from '@patient-service/sdk';

declare const patients: PatientClient;
const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export async function exactBodies(): Promise<void> {
  // What the README shows compiles.
  await patients.POST('/api/patients', { body: { firstName: 'Erika', lastName: 'Mustermann', postalCode: '10115', city: 'Berlin' } });
  await patients.PUT('/api/patients/{id}', { params: { path: { id } }, body: { firstName: 'Erika', lastName: 'Musterfrau' } });
  await patients.PATCH('/api/patients/{id}', { params: { path: { id }, header: { 'If-Match': '"1"' } }, body: { email: null, timeAvailability: { friday: null } } });
  await patients.GET('/api/patients', { params: { query: { search: 'muster', status: ['open', 'searching'] } } });
  await patients.GET('/api/patients');
  await patients.DELETE('/api/patients/{id}', { params: { path: { id } } });

  // A misspelt field in an inline body is an error: create, replace and patch.
  // @ts-expect-error insuranceNo is not a field (insuranceNumber is)
  await patients.POST('/api/patients', { body: { firstName: 'Erika', lastName: 'Mustermann', insuranceNo: 'A123456789' } });
  // @ts-expect-error citty is not a field (city is)
  await patients.PUT('/api/patients/{id}', { params: { path: { id } }, body: { firstName: 'Erika', lastName: 'Mustermann', citty: 'Berlin' } });
  // @ts-expect-error citty is not a field (city is)
  await patients.PATCH('/api/patients/{id}', { params: { path: { id } }, body: { citty: 'Berlin' } });
  // @ts-expect-error a nested object is exact too (fryday)
  await patients.PATCH('/api/patients/{id}', { params: { path: { id } }, body: { timeAvailability: { fryday: null } } });
  // @ts-expect-error a misspelt query parameter (serach)
  await patients.GET('/api/patients', { params: { query: { serach: 'muster' } } });
  // @ts-expect-error read-only fields cannot be sent
  await patients.POST('/api/patients', { body: { firstName: 'Erika', lastName: 'Mustermann', id } });

  // What was checked before still is: a missing required field and a wrong enum value.
  // @ts-expect-error lastName is required
  await patients.POST('/api/patients', { body: { firstName: 'Erika' } });
  // @ts-expect-error waiting is no status
  await patients.PATCH('/api/patients/{id}', { params: { path: { id } }, body: { status: 'waiting' } });
  // @ts-expect-error the path parameter is required
  await patients.GET('/api/patients/{id}');
}
