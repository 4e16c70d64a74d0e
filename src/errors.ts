/**
 * The one error family of the service. Domain code throws these; the HTTP error handler turns
 * them into RFC 9457 problems. Each kind carries the HTTP status it maps to, so no HTTP code
 * lives in the service or repository.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `body.dateOfBirth`. */
  field: string;
  message: string;
  allowedValues?: string[];
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Problem type slug, turned into the problem's `type` URI. */
  abstract readonly kind: string;
  abstract readonly title: string;
  /** Extra members of the problem body (safe to show to the client). */
  readonly extensions: Record<string, unknown> = {};
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly kind = 'not-found';
  readonly title = 'Not Found';
}

export class InvalidInputError extends AppError {
  readonly status = 400;
  readonly kind = 'validation-error';
  readonly title = 'Invalid request';
  constructor(readonly fieldProblems: FieldProblem[]) {
    super(fieldProblems.map((p) => `${p.field} ${p.message}`).join('; '));
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly kind = 'conflict';
  readonly title = 'Conflict';
}

/** The database (or another backing service) cannot be reached right now. */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly kind = 'service-unavailable';
  readonly title = 'Service Unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
