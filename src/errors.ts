import type { components } from '../generated/openapi';

/**
 * The one error family of the service. Domain code throws these; each says what went wrong in
 * the domain's terms, and src/http/problem.ts maps its kind to an HTTP status and problem type,
 * so no HTTP code lives in the service or repository.
 */
/** One offending field (`body.dateOfBirth`) and what is wrong with it: the contract's FieldError. */
export type FieldError = components['schemas']['FieldError'];

export type ErrorKind = 'not-found' | 'invalid-input' | 'offset-too-large' | 'possible-duplicate' | 'status-transition-not-allowed' | 'version-mismatch' | 'idempotency-key-reused' | 'idempotency-key-of-deleted-patient' | 'health-data-write-forbidden' | 'unavailable';

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  /** Facts about the failure that are safe to show to the client (they become problem members). */
  readonly details: Record<string, unknown> = {};
}

export class NotFoundError extends AppError {
  readonly kind = 'not-found';
}

/** Input the contract's schema allows but a rule of the service does not; names each field. */
export class InvalidInputError extends AppError {
  readonly kind = 'invalid-input';
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((p) => `${p.field} ${p.message}`).join('; '));
  }
}

/** A status change the process does not allow; names the statuses allowed next. */
export class StatusTransitionError extends AppError {
  readonly kind = 'status-transition-not-allowed';
  constructor(from: string, to: string, allowed: readonly string[]) {
    super(`The status cannot change from ${from} to ${to}; allowed next: ${allowed.join(', ')}.`);
    this.details.allowedStatuses = [...allowed];
  }
}

/** A conditional write whose version condition (If-Match) does not hold; nothing was changed. */
export class PreconditionFailedError extends AppError {
  readonly kind = 'version-mismatch';
  constructor(readonly currentVersion: number) {
    super(`The patient is at version ${currentVersion}, which If-Match does not name; nothing was changed.`);
    this.details.currentVersion = currentVersion;
  }
}

/** An idempotency key reused with a different request. */
export class IdempotencyKeyReusedError extends AppError {
  readonly kind = 'idempotency-key-reused';
  constructor() {
    super('This Idempotency-Key was already used with a different request body; use a new key for a new patient.');
  }
}

/** An idempotency key whose patient has since been deleted: a replay must neither resurrect nor reveal it. */
export class IdempotencyKeyOfDeletedPatientError extends AppError {
  readonly kind = 'idempotency-key-of-deleted-patient';
  constructor() {
    super('The patient this Idempotency-Key created has been deleted; to register the patient again, use a new key.');
  }
}

/** A write of health data by a caller whose token lacks the scope for it; nothing was changed. */
export class HealthDataWriteForbiddenError extends AppError {
  readonly kind = 'health-data-write-forbidden';
  constructor(fields: string[], requiredScope: string) {
    super(`Writing health data (the PatientHealth group: ${fields.join(', ')}) needs the scope ${requiredScope}; nothing was changed.`);
    this.details.fields = fields;
    this.details.requiredScopes = [requiredScope];
  }
}

/** The database (or another backing service) cannot be reached right now. */
export class UnavailableError extends AppError {
  readonly kind = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A list offset past the deepest one served; the cursor pages as deep as needed. */
export class OffsetTooLargeError extends AppError {
  readonly kind = 'offset-too-large';
  constructor(maxOffset: number) {
    super(`offset may be at most ${maxOffset}: page deeper with the cursor (the \`next\` value of a page, also its Link rel="next"), which costs the same at any depth.`);
  }
}

/** What a stored patient has in common with one being created. */
export interface DuplicateCandidate {
  id: string;
  matchedOn: ('insuranceNumber' | 'nameAndDateOfBirth' | 'email')[];
}

/** A create that looks like a stored patient; nothing was stored. */
export class PossibleDuplicateError extends AppError {
  readonly kind = 'possible-duplicate';
  /** `candidates` undefined: the caller may not learn their ids. */
  constructor(count: number, candidates: DuplicateCandidate[] | undefined) {
    super(`${count === 1 ? 'A patient' : `${count} patients`} with the same insurance number, name and date of birth, or email ${count === 1 ? 'is' : 'are'} already registered; nothing was stored. Check ${count === 1 ? 'it' : 'them'}, and if this is another person, send the request again with allowDuplicate=true.`);
    if (candidates) this.details.duplicateCandidates = candidates;
  }
}
