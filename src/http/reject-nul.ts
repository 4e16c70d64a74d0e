import type { RequestHandler } from 'express';
import { InvalidInputError, type FieldError } from '../errors';

/** Field paths (`body.city`, `query.search`) of strings that hold U+0000, which PostgreSQL text cannot store. */
function nulFields(value: unknown, at: string, found: FieldError[]): FieldError[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: at, message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulFields(item, `${at}[${index}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) nulFields(item, `${at}.${key}`, found);
  }
  return found;
}

/** A string with U+0000 is a 400 naming the field, not a database error (500). */
export function rejectNulCharacters(): RequestHandler {
  return (req, _res, next) => {
    const problems = [...nulFields(req.body, 'body', []), ...nulFields(req.query, 'query', [])];
    next(problems.length ? new InvalidInputError(problems) : undefined);
  };
}
