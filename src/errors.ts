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

/** A status change the process does not allow; names the statuses allowed next. */
export class StatusTransitionError extends AppError {
  readonly status = 409;
  readonly kind = 'status-transition-not-allowed';
  readonly title = 'Status change not allowed';
  constructor(from: string, to: string, allowed: readonly string[]) {
    super(`The status cannot change from ${from} to ${to}; allowed next: ${allowed.join(', ')}.`);
    this.extensions.allowedStatuses = [...allowed];
  }
}

/** A conditional write whose precondition (If-Match) does not hold; nothing was changed. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly kind = 'precondition-failed';
  readonly title = 'Precondition Failed';
  constructor(readonly currentVersion: number) {
    super(`The patient is at version ${currentVersion}, which If-Match does not name; nothing was changed.`);
    this.extensions.currentVersion = currentVersion;
  }
}

/** An idempotency key reused with a different request. */
export class IdempotencyKeyReusedError extends AppError {
  readonly status = 422;
  readonly kind = 'idempotency-key-reused';
  readonly title = 'Idempotency key reused';
  constructor() {
    super('This Idempotency-Key was already used with a different request body; use a new key for a new patient.');
  }
}

/** A write of health data by a caller whose token lacks the scope for it; nothing was changed. */
export class HealthDataWriteForbiddenError extends AppError {
  readonly status = 403;
  readonly kind = 'health-data-write-forbidden';
  readonly title = 'Forbidden';
  constructor(fields: string[], requiredScope: string) {
    super(`Writing health data (the PatientHealth group: ${fields.join(', ')}) needs the scope ${requiredScope}; nothing was changed.`);
    this.extensions.fields = fields;
    this.extensions.requiredScopes = [requiredScope];
  }
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
