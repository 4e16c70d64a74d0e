import type { AuthFailure } from '../auth/bearer-auth';
import { problemType, type Problem } from './problem';

const TITLES = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' } as const;

/** A refused authentication or authorisation as a problem, with its RFC 6750 `WWW-Authenticate` challenge. */
export function authProblem(failure: AuthFailure, instance: string): { problem: Problem; challenge?: string; retryAfter?: number } {
  const slug = failure.status === 503 ? 'token-verification-unavailable' : (failure.error?.replaceAll('_', '-') ?? 'unauthorized');
  const problem: Problem = { type: problemType(slug), title: TITLES[failure.status], status: failure.status, detail: failure.detail, instance };
  if (failure.missingScopes) problem.requiredScopes = failure.missingScopes;
  if (failure.status === 503) return { problem, retryAfter: 5 };
  const params = ['realm="patient-service"'];
  if (failure.error) params.push(`error="${failure.error}"`);
  if (failure.missingScopes) params.push(`scope="${failure.missingScopes.join(' ')}"`);
  return { problem, challenge: `Bearer ${params.join(', ')}` };
}
