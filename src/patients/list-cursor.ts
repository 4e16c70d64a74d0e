import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';

/**
 * The opaque `next`/`prev` cursors of the list: where a page ended (its sort key and id), which
 * way to go, and a fingerprint of the query it belongs to, so a cursor sent with other filters
 * or another sort is refused instead of silently paging something else. Base64url JSON; not a
 * secret (it holds a sort key of a patient the caller has seen: a name or a date), and not
 * signed: a forged cursor can only page the caller's own query from another position.
 */
export interface Cursor {
  /** `prev`: the page before `key`/`id`; `next`: the page after. */
  direction: 'next' | 'prev';
  /** The sort key of the row the page starts after, as PostgreSQL printed it (`::text`). */
  key: string;
  id: string;
}

const VERSION = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A short fingerprint of everything that selects and orders the rows (not limit, offset, cursor or total). */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeCursor(fingerprint: string, cursor: Cursor): string {
  return Buffer.from(JSON.stringify([VERSION, fingerprint, cursor.direction === 'prev' ? 1 : 0, cursor.key, cursor.id])).toString('base64url');
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError([{ field: 'query.cursor', message }]);
}

/** The cursor, or an InvalidInputError (400) when it is not one of ours or belongs to another query. */
export function decodeCursor(token: string, fingerprint: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor of this list; use the `next` or `prev` value of a page as it is');
  }
  if (!Array.isArray(parsed) || parsed.length !== 5 || parsed[0] !== VERSION) throw invalid('is not a cursor of this list; use the `next` or `prev` value of a page as it is');
  const [, owner, direction, key, id] = parsed as unknown[];
  if ((direction !== 0 && direction !== 1) || typeof key !== 'string' || key.length > 300 || typeof id !== 'string' || !UUID.test(id)) {
    throw invalid('is not a cursor of this list; use the `next` or `prev` value of a page as it is');
  }
  if (owner !== fingerprint) throw invalid('belongs to another query: send it with the filters and sort of the page it came from');
  return { direction: direction === 1 ? 'prev' : 'next', key, id };
}
