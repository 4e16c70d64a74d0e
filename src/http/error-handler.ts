import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { authFailureOf } from '../auth/bearer-auth';
import { rateLimitOf } from '../rate-limit/caller-limit';
import type { DatabaseAvailability } from '../db/availability';
import { isConnectionError } from '../db/connection-errors';
import { isDataError } from '../db/data-errors';
import { AppError, InvalidInputError, UnavailableError, type FieldError } from '../errors';
import { authProblem } from './auth-problem';
import { DOMAIN_PROBLEMS, PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';
import { requestIdOf } from './request-context';
import { InvalidUtf8Error } from './strict-utf8';

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

/** The shape of express-openapi-validator's and body-parser's errors. */
interface HttpLikeError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  errors?: ValidatorErrorItem[];
  /** express-openapi-validator's 405 carries the `Allow` header RFC 9110 requires. */
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

const SLUGS: Record<number, string> = {
  400: 'validation-error',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  500: 'internal-error',
};

/** `/body/timeAvailability/monday/0/from` -> `body.timeAvailability.monday[0].from`. */
function fieldName(path: string | undefined): string {
  if (!path) return 'request';
  const parts = path.replace(/^[./]+/, '').split(/[./]/).filter(Boolean);
  if (parts[0] === 'params') parts[0] = 'path';
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

const UNEVALUATED = /must NOT have (unevaluated|additional) properties/;

const ALLOWED_VALUES = /^(.*allowed values: )(.*)$/;

function fieldError(item: ValidatorErrorItem): FieldError {
  const raw = item.message ?? 'is invalid';
  const field = fieldName(item.path);
  if (UNEVALUATED.test(raw)) return { field, message: 'is not an allowed property (unknown or read-only)' };
  const allowed = ALLOWED_VALUES.exec(raw);
  if (!allowed) return { field, message: raw };
  // The validator joins the enum with ', ', so a nullable enum's null is an empty entry.
  const values = allowed[2]!.split(',').map((v) => v.trim());
  const allowedValues = values.filter((v) => v !== '');
  const orNull = allowedValues.length < values.length ? ' (or null)' : '';
  return { field, message: `${allowed[1]}${allowedValues.join(', ')}${orNull}`, allowedValues };
}

/**
 * One entry per field: a value can break several keywords of its schema at once (a date both
 * its pattern and its format, a number given for an enum both the type and the enum), and a
 * client shows one message per field, so their messages are joined.
 */
function onePerField(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of errors) {
    const seen = byField.get(error.field);
    if (!seen) byField.set(error.field, { ...error });
    else if (!seen.message.split('; ').includes(error.message)) {
      seen.message = `${seen.message}; ${error.message}`;
      if (error.allowedValues) seen.allowedValues = error.allowedValues;
    }
  }
  return [...byField.values()];
}

function fieldErrors(items: ValidatorErrorItem[]): FieldError[] {
  // No `oneOf: [X, null]` noise to filter: nullable fields are type lists (test/patients/nullable-fields.test.ts).
  return onePerField(items.map(fieldError));
}

/** Turns anything thrown into an RFC 9457 problem; unexpected errors reveal nothing. */
function toProblem(error: unknown, req: Request): { problem: Problem; retryAfter?: number; allow?: string; challenge?: string } {
  const instance = req.path;
  // Before the auth failure: an address over its budget is told so, whatever its token was.
  const refusedCharge = rateLimitOf(req);
  if (refusedCharge) {
    return {
      problem: { type: problemType('rate-limited'), title: 'Too Many Requests', status: 429, detail: `This caller has spent its request budget for now; retry in ${refusedCharge.resetSeconds} s.`, instance },
      retryAfter: refusedCharge.resetSeconds,
    };
  }
  const authFailure = authFailureOf(req);
  if (authFailure) return authProblem(authFailure, instance);
  if (error instanceof AppError) {
    const { status, slug, title } = DOMAIN_PROBLEMS[error.kind];
    const problem: Problem = { type: problemType(slug), title, status, detail: error.message, instance, ...error.details };
    if (error instanceof InvalidInputError) {
      problem.detail = 'The request has invalid fields; see errors.';
      problem.errors = error.fieldErrors;
    }
    return {
      problem,
      retryAfter: error instanceof UnavailableError ? error.retryAfterSeconds : undefined,
      // A scope the token lacks (health data): the same RFC 6750 challenge as the operation's own scopes.
      challenge: problem.status === 403 && problem.requiredScopes ? `Bearer realm="patient-service", error="insufficient_scope", scope="${problem.requiredScopes.join(' ')}"` : undefined,
    };
  }
  if (isConnectionError(error)) {
    return toProblem(new UnavailableError('The database is unreachable right now; retry later.'), req);
  }
  if (isDataError(error)) {
    return toProblem(new InvalidInputError([{ field: 'request', message: 'holds a value that cannot be stored (out of range or malformed)' }]), req);
  }
  const http = error as HttpLikeError;
  const status = http.status ?? http.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (error instanceof InvalidUtf8Error) {
      // RFC 8259 8.1: JSON exchanged between systems is UTF-8; anything else is not JSON.
      return {
        problem: { type: problemType('malformed-json'), title: 'Malformed JSON', status: 400, detail: http.message, instance },
      };
    }
    if (http.type === 'entity.parse.failed') {
      return {
        problem: { type: problemType('malformed-json'), title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON.', instance },
      };
    }
    const problem: Problem = {
      type: problemType(SLUGS[status] ?? 'client-error'),
      title: TITLES[status] ?? 'Client Error',
      status,
      detail: status === 400 ? 'The request has invalid fields; see errors.' : http.message,
      instance,
    };
    if (http.errors?.length && status === 400) problem.errors = fieldErrors(http.errors);
    return { problem, allow: status === 405 ? http.headers?.Allow : undefined };
  }
  return {
    problem: { type: problemType('internal-error'), title: TITLES[500]!, status: 500, detail: 'An unexpected error occurred.', instance },
  };
}

/**
 * The one handler of everything thrown. A database outage is logged by `availability` (a line
 * per change of state), not once per failed request.
 */
export function errorHandler(logger: Logger, availability?: DatabaseAvailability): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { problem, retryAfter, allow, challenge } = toProblem(error, req);
    if (availability?.failed(error)) {
      logger.debug({ requestId: requestIdOf(res), status: problem.status }, 'request failed: database unreachable');
    } else if (problem.status >= 500) {
      logger.error({ requestId: requestIdOf(res), err: error, method: req.method, route: (req.route as { path?: string } | undefined)?.path, status: problem.status }, 'request failed');
    }
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    if (allow !== undefined) res.set('Allow', allow);
    if (challenge !== undefined) res.set('WWW-Authenticate', challenge);
    res.json(problem);
  };
}
