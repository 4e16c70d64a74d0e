import type { components } from '../../generated/openapi';
import type { ErrorKind } from '../errors';

export type Problem = components['schemas']['Problem'];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are documented at /problems/<slug> relative to the service. */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

/**
 * What each domain error (src/errors.ts) is in HTTP: its status, problem type slug and title.
 * Total over the error kinds: a new kind does not compile until it is mapped here.
 */
export const DOMAIN_PROBLEMS = {
  'not-found': { status: 404, slug: 'not-found', title: 'Not Found' },
  'invalid-input': { status: 400, slug: 'validation-error', title: 'Invalid request' },
  'offset-too-large': { status: 400, slug: 'offset-too-large', title: 'Offset too large' },
  'possible-duplicate': { status: 409, slug: 'possible-duplicate', title: 'Possible duplicate' },
  'status-transition-not-allowed': { status: 409, slug: 'status-transition-not-allowed', title: 'Status change not allowed' },
  'version-mismatch': { status: 412, slug: 'precondition-failed', title: 'Precondition Failed' },
  'idempotency-key-reused': { status: 422, slug: 'idempotency-key-reused', title: 'Idempotency key reused' },
  'idempotency-key-of-deleted-patient': { status: 410, slug: 'patient-deleted', title: 'Gone' },
  'health-data-write-forbidden': { status: 403, slug: 'health-data-write-forbidden', title: 'Forbidden' },
  unavailable: { status: 503, slug: 'service-unavailable', title: 'Service Unavailable' },
} as const satisfies Record<ErrorKind, { status: number; slug: string; title: string }>;
