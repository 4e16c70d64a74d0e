import type { components } from '../../generated/openapi';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are documented at /problems/<slug> relative to the service. */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}
